/**
 * Names of real designees (OFAC SDN 2023-12-28), written by hand in Cyrillic, Arabic, Persian, Greek and other
 * romanisations than the list's, screen to at least HOLD against that list; ordinary names stay ALLOW. The
 * labelled sets are test-fixtures/names/*.json.
 */
import { readFileSync } from 'node:fs';
import { loadList } from '@cordon/lists';
import { beforeAll, describe, expect, it } from 'vitest';
import { screen } from './screen.js';
import { buildSnapshot, type Snapshot } from './snapshot.js';

interface Designee {
  entityId: string;
  listed: string;
  dob?: string;
  queries: Array<{ system: string; name: string }>;
}

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../test-fixtures/names/${name}`, import.meta.url), 'utf8'));
const { designees } = fixture('designees.json') as { designees: Designee[] };
const { names: ordinary } = fixture('ordinary.json') as { names: Array<{ culture: string; name: string }> };

let snapshot: Snapshot;

beforeAll(async () => {
  const path = new URL('../../../../shared/datasets/ofac-sdn/2023-12-28', import.meta.url).pathname;
  snapshot = buildSnapshot([await loadList('ofac-csv', path)]);
}, 60_000);

describe('designees written another way', () => {
  const cases = designees.flatMap((d) => d.queries.map((q) => [q.system, q.name, d.entityId, d.listed] as const));

  it('has a labelled set of real size', () => {
    expect(designees.length).toBeGreaterThanOrEqual(60);
    expect(cases.length).toBeGreaterThanOrEqual(200);
  });

  it.each(cases)('%s "%s" -> %s %s', (_system, name, entityId) => {
    const decision = screen({ id: 'q', customer: { name } }, snapshot);
    expect(decision.decision).not.toBe('ALLOW');
    expect(decision.hits.filter((h) => h.kind === 'name').map((h) => h.entityId)).toContain(entityId);
  });
});

describe('ordinary names', () => {
  it('has more than 100 names from several cultures', () => {
    expect(ordinary.length).toBeGreaterThan(100);
    expect(new Set(ordinary.map((n) => n.culture)).size).toBeGreaterThan(15);
  });

  it.each(ordinary.map((n) => [n.culture, n.name] as const))('%s "%s" stays ALLOW', (_culture, name) => {
    const decision = screen({ id: 'q', customer: { name } }, snapshot);
    expect(decision.hits).toEqual([]);
    expect(decision.decision).toBe('ALLOW');
  });
});

describe('what the customer is', () => {
  // STAR 18 (28716) is a vessel f.k.a. 'SAM 5'; a person called Sam Lee is not that ship.
  it('never holds a person against a listed vessel or aircraft', () => {
    const person = screen({ id: 'q', customer: { type: 'individual', name: 'Sam Lee' } }, snapshot);
    expect(person.hits.map((h) => h.entityId)).not.toContain('28716');
    const unknown = screen({ id: 'q', customer: { name: 'Sam Lee' } }, snapshot);
    expect(unknown.hits.map((h) => h.entityId)).toContain('28716');
    const company = screen({ id: 'q', customer: { type: 'organisation', name: 'Sam Lee' } }, snapshot);
    expect(company.hits.map((h) => h.entityId)).toContain('28716');
  });

  // 30650 SARAYA AL-MUKHTAR has the weak a.k.a. 'SAM': a one-word weak alias is never one word of a longer name.
  it('holds a one-word weak alias only when it is the whole query', () => {
    const hits = (name: string) => screen({ id: 'q', customer: { name } }, snapshot).hits.map((h) => h.entityId);
    expect(hits('Sam Lee')).not.toContain('30650');
    expect(hits('Lee Sam')).not.toContain('30650');
    expect(hits('SAM')).toContain('30650');
  });

  it('still holds a person against a listed person', () => {
    // 20157: KIM, Jong Un, individual.
    const decision = screen({ id: 'q', customer: { type: 'individual', name: 'Kim Jong Un' } }, snapshot);
    expect(decision.decision).not.toBe('ALLOW');
    expect(decision.hits.map((h) => h.entityId)).toContain('20157');
  });
});

describe("titles as evidence: OFAC's Title field", () => {
  // SDN 35096 PUTIN, Vladimir Vladimirovich, Title "President of the Russian Federation"; 26945 KHAMENEI, Ali
  // Husseini, "Supreme Leader of Iran".
  const putin = (name: string): { score: number; title: unknown } | undefined => {
    const hit = screen({ id: 'q', customer: { name } }, snapshot).hits.find((h) => h.entityId === '35096');
    return hit && { score: hit.score, title: hit.features.title };
  };

  it('a title taken off the query that names the listed office corroborates the name, in any language', () => {
    const plain = putin('Путина Владимир');
    expect(plain?.title).toBe('unknown');
    for (const name of [
      'Президента Путина Владимир',
      'President Vladimir Putin',
      'Präsident Wladimir Putin',
      '푸틴 대통령',
    ]) {
      expect(putin(name)?.title, name).toBe('match');
    }
    expect(putin('Президента Путина Владимир')!.score).toBeGreaterThan(plain!.score);
  });

  it('reads titles of several words: Supreme Leader, Верховный лидер, رهبر معظم انقلاب', () => {
    for (const name of ['Supreme Leader Khamenei', 'Верховный лидер Хаменеи', 'رهبر معظم انقلاب خامنه‌ای']) {
      const hit = screen({ id: 'q', customer: { name } }, snapshot).hits.find((h) => h.entityId === '26945');
      expect(hit?.features.title, name).toBe('match');
    }
  });

  it('reads titles of parliament members: депутат for "Member of the State Duma"', () => {
    // SDN 16662 SLUTSKY, Leonid Eduardovich, Title "Member of the State Duma of the Federal Assembly of the Russian
    // Federation".
    const slutsky = (name: string) =>
      screen({ id: 'q', customer: { name } }, snapshot).hits.find((h) => h.entityId === '16662');
    expect(slutsky('депутат Слуцкий Леонид')?.features.title).toBe('match');
    expect(slutsky('депутат Слуцкий Леонид')!.score).toBeGreaterThan(slutsky('Слуцкий Леонид')!.score);
  });

  it('reads a title with what the office is of, and holds the surname it comes with', () => {
    // SDN 35233 LAVROV, Sergei Viktorovich, Title "Minister of Foreign Affairs of the Russian Federation".
    for (const name of ['Министр иностранных дел России Лавров', 'Minister of Foreign Affairs Sergei Lavrov']) {
      const decision = screen({ id: 'q', customer: { name } }, snapshot);
      expect(decision.decision, name).not.toBe('ALLOW');
      const hit = decision.hits.find((h) => h.entityId === '35233');
      expect(hit?.features.title, name).toBe('match');
    }
  });

  it('a title that is not the listed one neither corroborates nor counts against the name', () => {
    const plain = putin('Путина Владимир');
    const general = putin('генерал Путина Владимир');
    expect(general?.title).toBe('unknown');
    expect(general?.score).toBe(plain?.score);
  });
});
