import { entityHash } from '@cordon/lists';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.js';
import { screen as coreScreen, suppressionsOf } from './screen.js';
import { buildSnapshot, type ListInput } from './snapshot.js';
import { entity } from './test-entities.js';
import type { Decision, Policy, Suppression, Withdrawal } from './types.js';
import type { Snapshot } from './snapshot.js';

// The suppressions go in screen's options; the tests name them as the fourth argument for short.
const screen = (w: Withdrawal, s: Snapshot, policy: Policy = DEFAULT_POLICY, suppressions?: Suppression[]) =>
  coreScreen(w, s, policy, suppressions === undefined ? {} : { suppressions });

const ETH = '0x7F367cC41522cE07553e823bf3be79A889DEbe1B';

const doe = entity({ id: '1001', names: ['DOE, John Alexander'], addresses: [`ETH ${ETH}`] });
const prigozhin = entity({
  id: '1002',
  names: ['PRIGOZHIN, Yevgeniy Viktorovich'],
  dob: ['1961-06-01'],
  nationalities: ['RU'],
});
// The same designee after the publisher changed the entry (an added alias): another entity hash.
const prigozhinChanged = entity({
  id: '1002',
  names: ['PRIGOZHIN, Yevgeniy Viktorovich', 'PRIGOZHIN, Evgeny'],
  dob: ['1961-06-01'],
  nationalities: ['RU'],
});

const list = (version: string, entities = [doe, prigozhin]): ListInput => ({ source: 'ofac-sdn', version, entities });
const snapshot = buildSnapshot([list('v1')]);
const changed = buildSnapshot([list('v2', [doe, prigozhinChanged])]);

const customer: Withdrawal = {
  id: 'w-1',
  customer: { name: 'Yevgeniy Prigozhin', nationality: 'IR', countryOfResidence: 'DE' },
};
const suppression = (over: Partial<Suppression> = {}): Suppression => ({
  source: 'ofac-sdn',
  entityId: '1002',
  entityHash: entityHash(prigozhin),
  caseId: 'case-7',
  ...over,
});
const nameHit = (d: Decision) => d.hits.find((h) => h.kind === 'name' && h.entityId === '1002');

describe('screen: suppressions', () => {
  it('reports a suppressed hit but does not let it count, while the entity hash is the same', () => {
    const plain = screen({ id: 'w-1', customer: { name: 'Yevgeniy Prigozhin' } }, snapshot);
    expect(plain.decision).toBe('HOLD');
    const d = screen({ id: 'w-1', customer: { name: 'Yevgeniy Prigozhin' } }, snapshot, DEFAULT_POLICY, [
      suppression(),
    ]);
    expect(d.hits).toHaveLength(plain.hits.length);
    expect(nameHit(d)?.suppression).toEqual({ caseId: 'case-7', entityHash: entityHash(prigozhin) });
    expect(d.decision).toBe('ALLOW');
    expect(d.reasons[0]).toMatch(/suppressed: false positive approved in case case-7/);
    expect(d.decisionHash).not.toBe(plain.decisionHash);
  });

  it('lifts the suppression when the entity changed (another entity hash)', () => {
    const d = screen({ id: 'w-1', customer: { name: 'Yevgeniy Prigozhin' } }, changed, DEFAULT_POLICY, [suppression()]);
    expect(nameHit(d)).toBeDefined();
    expect(nameHit(d)?.suppression).toBeUndefined();
    expect(d.decision).toBe('HOLD');
    // Without a matching suppression the decision is the one made without any, byte for byte.
    expect(d).toEqual(screen({ id: 'w-1', customer: { name: 'Yevgeniy Prigozhin' } }, changed));
  });

  it('applies only to the entity and source it names', () => {
    for (const other of [suppression({ entityId: '1001' }), suppression({ source: 'un' })]) {
      const d = screen({ id: 'w-1', customer: { name: 'Yevgeniy Prigozhin' } }, snapshot, DEFAULT_POLICY, [other]);
      expect(nameHit(d)?.suppression).toBeUndefined();
      expect(d.decision).toBe('HOLD');
    }
  });

  it('never suppresses a jurisdiction hit, and recomputes the outcome from the hits that count', () => {
    const jurisdiction: Suppression = { source: 'policy', entityId: 'IR', entityHash: '', caseId: 'case-8' };
    const d = screen(customer, snapshot, DEFAULT_POLICY, [suppression(), jurisdiction]);
    const ir = d.hits.find((h) => h.kind === 'jurisdiction');
    expect(ir?.entityId).toBe('IR');
    expect(ir?.suppression).toBeUndefined();
    expect(nameHit(d)?.suppression?.caseId).toBe('case-7');
    expect(d.decision).toBe('HOLD');
  });

  it('leaves the other hits counting: a suppressed name does not clear a listed address', () => {
    const w: Withdrawal = { id: 'w-2', destination: { address: ETH, ticker: 'ETH' }, customer: { name: 'Prigozhin' } };
    const d = screen({ ...w, customer: { name: 'Yevgeniy Prigozhin' } }, snapshot, DEFAULT_POLICY, [suppression()]);
    expect(d.decision).toBe('BLOCK');
    const both = screen({ ...w, customer: { name: 'Yevgeniy Prigozhin' } }, snapshot, DEFAULT_POLICY, [
      suppression(),
      suppression({ entityId: '1001', entityHash: entityHash(doe), caseId: 'case-9' }),
    ]);
    expect(both.hits.every((h) => h.suppression !== undefined)).toBe(true);
    expect(both.decision).toBe('ALLOW');
  });

  it('takes the lowest case id when two suppressions cover the same entity version', () => {
    const w = { id: 'w-1', customer: { name: 'Yevgeniy Prigozhin' } };
    const a = screen(w, snapshot, DEFAULT_POLICY, [
      suppression({ caseId: 'case-b' }),
      suppression({ caseId: 'case-a' }),
    ]);
    const b = screen(w, snapshot, DEFAULT_POLICY, [
      suppression({ caseId: 'case-a' }),
      suppression({ caseId: 'case-b' }),
    ]);
    expect(nameHit(a)?.suppression?.caseId).toBe('case-a');
    expect(a.decisionHash).toBe(b.decisionHash);
  });

  it('uses the entity hashes the lists give when they give them', () => {
    const given = buildSnapshot([{ ...list('v1'), entityHashes: new Map([['1002', 'f'.repeat(64)]]) }]);
    const w = { id: 'w-1', customer: { name: 'Yevgeniy Prigozhin' } };
    expect(nameHit(screen(w, given, DEFAULT_POLICY, [suppression()]))?.suppression).toBeUndefined();
    const d = screen(w, given, DEFAULT_POLICY, [suppression({ entityHash: 'f'.repeat(64) })]);
    expect(nameHit(d)?.suppression?.entityHash).toBe('f'.repeat(64));
  });

  it('is deterministic: the suppressions a decision pins give the same decision hash again', () => {
    const input = [
      suppression({ caseId: 'case-x' }),
      suppression({ entityId: '1001', entityHash: entityHash(doe), caseId: 'case-y' }),
      // Stale (the entity changed since): not applied, so not pinned, and not needed to replay.
      suppression({ entityHash: 'e'.repeat(64), caseId: 'case-z' }),
    ];
    const w: Withdrawal = { ...customer, destination: { address: ETH, ticker: 'ETH' } };
    const first = screen(w, snapshot, DEFAULT_POLICY, input);
    const pinned = suppressionsOf(first);
    expect(pinned.map((s) => s.caseId).sort()).toEqual(['case-x', 'case-y']);
    const again = screen(structuredClone(w), buildSnapshot([list('v1', [prigozhin, doe])]), DEFAULT_POLICY, pinned);
    expect(again).toEqual(first);
    expect(again.decisionHash).toBe(first.decisionHash);
    expect(screen(w, snapshot, DEFAULT_POLICY, [...input].reverse()).decisionHash).toBe(first.decisionHash);
  });

  it('keeps the decision hash of a screen without suppressions', () => {
    const none = screen(customer, snapshot);
    expect(screen(customer, snapshot, DEFAULT_POLICY, []).decisionHash).toBe(none.decisionHash);
    expect(screen(customer, snapshot, DEFAULT_POLICY, [suppression({ entityHash: 'e'.repeat(64) })])).toEqual(none);
    expect(suppressionsOf(none)).toEqual([]);
  });
});
