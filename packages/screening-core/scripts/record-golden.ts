/**
 * Re-records the `decisionHash` of every golden fixture (test-fixtures/golden/*.json) after a reviewed engine
 * change. Only the hash is rewritten, and only where the decision and the hand-written hits still hold: a
 * fixture whose decision or hits changed is reported and left alone, for a person to review.
 *
 *   npx tsx packages/screening-core/scripts/record-golden.ts
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { loadList, type SanctionedEntity } from '@cordon/lists';
import {
  buildSnapshot,
  DEFAULT_POLICY,
  parsePolicy,
  screen,
  type Hit,
  type ListInput,
  type Withdrawal,
} from '../src/index.js';

interface Golden {
  lists: Array<
    | { source: string; version: string; entities: SanctionedEntity[] }
    | { dataset: string; format: string; version: string }
  >;
  policy?: unknown;
  withdrawal: Withdrawal;
  expected: { decision: string; hits: Array<Partial<Hit>>; decisionHash: string };
}

const DIR = new URL('../test-fixtures/golden/', import.meta.url);
const DATASETS = new URL('../../../../shared/datasets/', import.meta.url);

let unchanged = 0;
let rerecorded = 0;
let review = 0;
for (const file of readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const url = new URL(file, DIR);
  const text = readFileSync(url, 'utf8');
  const golden = JSON.parse(text) as Golden;
  const lists: ListInput[] = await Promise.all(
    golden.lists.map(async (list) => {
      if (!('dataset' in list)) return list;
      const loaded = await loadList(list.format, new URL(list.dataset, DATASETS).pathname);
      return { source: loaded.source, version: list.version, entities: loaded.entities };
    }),
  );
  const policy = golden.policy === undefined ? DEFAULT_POLICY : parsePolicy(golden.policy);
  const decision = screen(golden.withdrawal, buildSnapshot(lists), policy);
  const hits = decision.hits.map((hit, i) =>
    Object.fromEntries(Object.keys(golden.expected.hits[i] ?? {}).map((k) => [k, hit[k as keyof Hit]])),
  );
  if (decision.decision !== golden.expected.decision || !isDeepStrictEqual(hits, golden.expected.hits)) {
    console.log(`${file}: decision or hits changed (${decision.decision}); review by hand, hash not recorded`);
    review++;
  } else if (decision.decisionHash === golden.expected.decisionHash) {
    unchanged++;
  } else {
    writeFileSync(url, text.replace(golden.expected.decisionHash, decision.decisionHash));
    console.log(`${file}: ${golden.expected.decisionHash} -> ${decision.decisionHash}`);
    rerecorded++;
  }
}
console.log(`${rerecorded} re-recorded, ${unchanged} unchanged, ${review} to review`);
process.exit(review === 0 ? 0 : 1);
