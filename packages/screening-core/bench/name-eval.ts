/**
 * Precision and recall of name screening on the labelled sets in test-fixtures/names, against the OFAC SDN list
 * of 2023-12-28, by script and by romanisation system, at the default policy's HOLD threshold.
 *
 * A query counts as flagged when its decision has a name hit. A flagged designee query is a true positive when
 * the expected entity is among its hits (otherwise it is a false positive as well as a miss); a flagged ordinary
 * name is a false positive.
 *
 * The labelled set was written while the matcher was tuned, so it flatters it. A second, held-out check uses the
 * list's own a.k.a. spellings of individuals (written by OFAC, not here): each strong alias is screened against
 * a snapshot of primary names only. Some aliases are other names altogether (maiden names, noms de guerre), so
 * that recall has a ceiling below 100%.
 *
 *   npx tsx packages/screening-core/bench/name-eval.ts
 */
import { readFileSync } from 'node:fs';
import { loadList, type SanctionedEntity } from '@cordon/lists';
import { detectScript } from '@cordon/matching';
import { buildSnapshot, DEFAULT_POLICY, screen, type Snapshot } from '../src/index.js';

interface Designee {
  entityId: string;
  dob?: string;
  queries: Array<{ system: string; name: string }>;
}

interface Labelled {
  name: string;
  /** The entity the name belongs to; undefined for ordinary names. */
  entityId?: string;
  dob?: string;
  group: string;
}

interface Tally {
  queries: number;
  positives: number;
  truePositives: number;
  flagged: number;
  falsePositives: number;
}

const FIXTURES = new URL('../test-fixtures/names/', import.meta.url);
const DATASET = new URL('../../../../shared/datasets/ofac-sdn/2023-12-28', import.meta.url).pathname;

function read<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as T;
}

function labelledSet(): Labelled[] {
  const { designees } = read<{ designees: Designee[] }>('designees.json');
  const { names } = read<{ names: Array<{ name: string }> }>('ordinary.json');
  return [
    ...designees.flatMap((d) =>
      d.queries.map((q) => ({ name: q.name, entityId: d.entityId, ...(d.dob ? { dob: d.dob } : {}), group: q.system })),
    ),
    ...names.map((n) => ({ name: n.name, group: 'ordinary' })),
  ];
}

function tallyOf(): Tally {
  return { queries: 0, positives: 0, truePositives: 0, flagged: 0, falsePositives: 0 };
}

function count(tallies: Map<string, Tally>, key: string, item: Labelled, hits: string[]): void {
  const tally = tallies.get(key) ?? tallyOf();
  tallies.set(key, tally);
  const flagged = hits.length > 0;
  const correct = item.entityId !== undefined && hits.includes(item.entityId);
  tally.queries++;
  if (item.entityId !== undefined) tally.positives++;
  if (correct) tally.truePositives++;
  if (flagged) tally.flagged++;
  if (flagged && !correct) tally.falsePositives++;
}

function evaluate(snapshot: Snapshot, items: Labelled[], withDob: boolean): [Map<string, Tally>, Map<string, Tally>] {
  const byScript = new Map<string, Tally>();
  const bySystem = new Map<string, Tally>();
  for (const item of items) {
    const customer = { name: item.name, ...(withDob && item.dob ? { dob: item.dob } : {}) };
    const decision = screen({ id: 'eval', customer }, snapshot, DEFAULT_POLICY);
    const hits = decision.hits.filter((h) => h.kind === 'name').map((h) => h.entityId);
    for (const [map, key] of [
      [byScript, detectScript(item.name)],
      [bySystem, item.group],
      [byScript, 'all'],
    ] as const) {
      count(map, key, item, hits);
    }
  }
  return [byScript, bySystem];
}

function ratio(a: number, b: number): string {
  return b === 0 ? '   -  ' : `${((a / b) * 100).toFixed(1).padStart(5)}%`;
}

function print(title: string, tallies: Map<string, Tally>): void {
  console.log(`\n${title}`);
  console.log('  group        queries  designees  flagged   FP   precision  recall');
  const order = (a: string, b: string): number => (a === 'all' ? 1 : b === 'all' ? -1 : a < b ? -1 : 1);
  for (const [key, t] of [...tallies.entries()].sort(([a], [b]) => order(a, b))) {
    console.log(
      `  ${key.padEnd(12)} ${String(t.queries).padStart(7)}  ${String(t.positives).padStart(9)}` +
        `  ${String(t.flagged).padStart(7)}  ${String(t.falsePositives).padStart(3)}   ${ratio(t.truePositives, t.flagged)}` +
        `     ${ratio(t.truePositives, t.positives)}`,
    );
  }
}

/** Strong a.k.a. names of individuals, screened against primary names only. */
function heldOut(entities: readonly SanctionedEntity[], version: string): void {
  const primaries = entities.map((e) => ({ ...e, names: e.names.slice(0, 1) }));
  const snapshot = buildSnapshot([{ source: 'ofac-sdn', version, entities: primaries }]);
  const tallies = new Map<string, Tally>();
  for (const entity of entities.filter((e) => e.type === 'individual')) {
    for (const alias of entity.names.slice(1).filter((n) => n.strength === 'strong')) {
      const decision = screen({ id: 'eval', customer: { name: alias.full } }, snapshot, DEFAULT_POLICY);
      const hits = decision.hits.filter((h) => h.kind === 'name').map((h) => h.entityId);
      const item = { name: alias.full, entityId: entity.id, group: 'aka' };
      count(tallies, detectScript(alias.full), item, hits);
      count(tallies, 'all', item, hits);
    }
  }
  print('held out: OFAC a.k.a. spellings of individuals against primary names only', tallies);
}

async function main(): Promise<void> {
  const list = await loadList('ofac-csv', DATASET);
  const snapshot = buildSnapshot([list]);
  const items = labelledSet();
  console.log(
    `labelled set: ${items.filter((i) => i.entityId).length} designee queries, ` +
      `${items.filter((i) => !i.entityId).length} ordinary names; OFAC SDN 2023-12-28; ` +
      `HOLD at ${DEFAULT_POLICY.name.holdAt}`,
  );
  for (const withDob of [false, true]) {
    const [byScript, bySystem] = evaluate(snapshot, items, withDob);
    const how = withDob ? 'name + listed date of birth (where the fixture has one)' : 'name only';
    print(`by script, ${how}`, byScript);
    print(`by romanisation system, ${how}`, bySystem);
  }
  heldOut(list.entities, list.contentHash);
}

await main();
