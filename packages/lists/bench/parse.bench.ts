/**
 * list-sync's budget for one OFAC SDN update (parse the new CSV set, hash it, diff it against the previous version):
 * <= 5 s and <= 256 MB resident, with room left for the Kafka publish that follows. Prints its figures; asserts nothing.
 *
 *   npx tsx packages/lists/bench/parse.bench.ts [runs]
 */
import { diffLists, loadList } from '../src/index.js';
import { datasetPath } from '../src/test-paths.js';

const runs = Number(process.argv[2] ?? 3);
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5);

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

// Warm-up: the previous version (2021-07-07) is what list-sync already holds when the new one arrives.
const previous = await loadList('ofac-csv', datasetPath('ofac-sdn/2021-07-07'));
const timings: Array<{ parseAndHash: number; diff: number }> = [];
let last = '';
let firstRunPeak = 0;
for (let run = 0; run < runs; run += 1) {
  const start = performance.now();
  const current = await loadList('ofac-csv', datasetPath('ofac-sdn/2023-12-28'));
  const parsed = performance.now();
  const delta = diffLists(previous.entities, current.entities);
  const done = performance.now();
  timings.push({ parseAndHash: parsed - start, diff: done - parsed });
  last =
    `entities ${current.entities.length}, hash ${current.contentHash.slice(0, 16)}..., delta +${delta.added.length} ` +
    `-${delta.removed.length} ~${delta.changed.length} =${delta.unchanged}`;
  if (run === 0) firstRunPeak = Math.max(peakRss, process.memoryUsage().rss);
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const totals = timings.map((t) => t.parseAndHash + t.diff);
console.log('OFAC SDN CSV 2023-12-28 (sdn+add+alt, 5.6 MB) vs 2021-07-07');
console.log(`  ${last}`);
console.log(`  runs: ${runs}`);
console.log(`  parse + hash: median ${seconds(median(timings.map((t) => t.parseAndHash)))}`);
console.log(`  diff:         median ${seconds(median(timings.map((t) => t.diff)))}`);
console.log(`  total:        median ${seconds(median(totals))}, worst ${seconds(Math.max(...totals))} (budget 5 s)`);
console.log(
  `  peak RSS:     ${mb(firstRunPeak)} over the first update, ${mb(peakRss)} over all ${runs} (budget 256 MB;`,
);
console.log('                the previous version is held throughout, and V8 collects earlier runs lazily)');
