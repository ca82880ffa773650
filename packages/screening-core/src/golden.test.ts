/**
 * Golden fixtures (test-fixtures/golden/*.json): input, lists (a tiny entity set in the model, or a dataset
 * under ../shared/datasets), policy and the expected decision. The decision and its hits are written by hand;
 * `decisionHash` was recorded from a reviewed run and pins the bytes: if it changes, the decision record changed,
 * and the fixture must be reviewed again (the failure prints the new hash).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadList, type SanctionedEntity } from '@cordon/lists';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy } from './policy.js';
import { screen } from './screen.js';
import { buildSnapshot, type ListInput } from './snapshot.js';
import type { Hit, Withdrawal } from './types.js';

type GoldenList =
  | { source: string; version: string; entities: SanctionedEntity[] }
  | { dataset: string; format: string; version: string };

interface Golden {
  description: string;
  lists: GoldenList[];
  policy?: unknown;
  withdrawal: Withdrawal;
  expected: { decision: string; hits: Array<Partial<Hit>>; decisionHash: string };
}

const DIR = new URL('../test-fixtures/golden/', import.meta.url);
const DATASETS = new URL('../../../../shared/datasets/', import.meta.url);
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const load = (file: string): Golden => JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as Golden;

async function listsOf(golden: Golden): Promise<ListInput[]> {
  return Promise.all(
    golden.lists.map(async (list) => {
      if (!('dataset' in list)) return list;
      const loaded = await loadList(list.format, new URL(list.dataset, DATASETS).pathname);
      return { source: loaded.source, version: list.version, entities: loaded.entities };
    }),
  );
}

/** Every string leaf of a value, as a path and a copy of the value with that leaf changed. */
function mutations(value: unknown, path: string[] = []): Array<[string, unknown]> {
  if (typeof value === 'string') return [[path.join('.'), `${value}x`]];
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) =>
    mutations(child, [...path, key]).map(([p, changed]): [string, unknown] => [
      p,
      Array.isArray(value)
        ? value.map((v, i) => (String(i) === key ? changed : v))
        : { ...(value as Record<string, unknown>), [key]: changed },
    ]),
  );
}

describe.each(files)('golden %s', (file) => {
  const golden = load(file);

  it(`${golden.description}`, async () => {
    const snapshot = buildSnapshot(await listsOf(golden));
    const policy = golden.policy === undefined ? DEFAULT_POLICY : parsePolicy(golden.policy);
    const decision = screen(golden.withdrawal, snapshot, policy);
    expect(decision.decision).toBe(golden.expected.decision);
    const fields = (h: Partial<Hit>) => Object.keys(h) as Array<keyof Hit>;
    const actual = decision.hits.map((hit, i) =>
      Object.fromEntries(fields(golden.expected.hits[i] ?? {}).map((k) => [k, hit[k]])),
    );
    expect(actual).toEqual(golden.expected.hits);
    expect(decision.decisionHash, `re-review ${file}: new hash`).toBe(golden.expected.decisionHash);

    // Every field of the input is part of the record: changing any one changes the decision hash.
    for (const [path, changed] of mutations(golden.withdrawal)) {
      const other = screen(changed as Withdrawal, snapshot, policy);
      expect(other.decisionHash, path).not.toBe(decision.decisionHash);
      expect(other.inputHash, path).not.toBe(decision.inputHash);
    }
  }, 60_000);
});
