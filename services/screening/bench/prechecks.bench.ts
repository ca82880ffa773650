/**
 * Benchmark: pre-check (ScreenParty) latency against the real OFAC SDN 2023-12-28 list, for an ordinary party,
 * a party at the input bounds (every name 300 characters, 50 other names, 10 nationalities) and an oversized
 * one (100,000 nationalities, about 400 KB: it fitted the old 4 MB message limit). The oversized party is now
 * refused by validation; what screening it would have cost, as it was before the bounds, is measured too. Then the
 * event loop: how long the main thread (which runs the exactly-once pipeline) is blocked while 200 pre-checks at
 * the bounds run inline, and while they run in the worker pool. No broker needed.
 *
 *   npx tsx services/screening/bench/prechecks.bench.ts      (or: npm run bench -- prechecks)
 */
import { fileURLToPath } from 'node:url';
import { ListSource, ListVersionManifest, ScreenPartyRequest, timestampFromMillis } from '@cordon/contracts';
import { entityHash, loadList } from '@cordon/lists';
import { createLogger } from '@cordon/platform';
import { coreEngine, type ListVersion } from '@cordon/screening-core/contract';
import { inlineRunner, PrecheckRefused, workerPool, type PrecheckRunner } from '../src/adapters/prechecks/runner.js';
import {
  MAX_NAME,
  MAX_NATIONALITIES,
  MAX_OTHER_NAMES,
  partyRequestViolations,
  screenPartyRequest,
} from '../src/domain/prechecks.js';

const SDN = fileURLToPath(new URL('../../../data/ofac-sdn/2023-12-28', import.meta.url));
const RUNS = 200;

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms`;
}

/** A name of exactly `length` characters made of plausible words. */
function longName(seed: number, length: number): string {
  const words = ['Mohammad', 'Ali', 'Hassan', 'Rezaei', 'Ivanov', 'Petrovich', 'Kim', 'Jong', 'Al', 'Rashid'];
  let name = '';
  for (let i = seed; name.length < length; i++) name += `${words[i % words.length]} `;
  return name.slice(0, length).trimEnd().padEnd(length, 'a');
}

const COUNTRIES = ['IR', 'KP', 'SY', 'CU', 'RU', 'BY', 'VE', 'MM', 'DE', 'FR'];

const ordinary = ScreenPartyRequest.fromPartial({ requestId: 'bench-ordinary', party: { fullName: 'Emma Johansson' } });
const atBounds = ScreenPartyRequest.fromPartial({
  requestId: 'bench-bounds',
  party: {
    customerRef: 'cust-bench',
    fullName: longName(0, MAX_NAME),
    givenName: longName(1, MAX_NAME),
    familyName: longName(2, MAX_NAME),
    otherNames: Array.from({ length: MAX_OTHER_NAMES }, (_, i) => longName(i + 3, MAX_NAME)),
    dateOfBirth: '1964-02-29',
    nationalities: COUNTRIES.slice(0, MAX_NATIONALITIES),
    countryOfResidence: 'IR',
  },
});
const oversized = ScreenPartyRequest.fromPartial({
  requestId: 'bench-oversized',
  party: { fullName: 'Emma Johansson', nationalities: Array.from({ length: 100_000 }, (_, i) => COUNTRIES[i % 10]!) },
});

async function main(): Promise<void> {
  const list = await loadList('ofac-csv', SDN);
  const version: ListVersion = {
    source: ListSource.OFAC_SDN,
    contentHash: list.contentHash,
    versionId: '12/28/2023',
    manifest: ListVersionManifest.fromPartial({
      source: ListSource.OFAC_SDN,
      contentHash: list.contentHash,
      versionId: '12/28/2023',
      entityCount: list.entities.length,
    }),
    sequence: 0n,
    entities: list.entities,
    entityHashes: new Map(list.entities.map((e) => [e.id, entityHash(e)])),
  };
  const engine = coreEngine();
  const snapshot = engine.buildSnapshot([version]);
  const sizes = (r: ScreenPartyRequest) => `${ScreenPartyRequest.encode(r).finish().length} bytes`;
  console.log(`pre-check benchmark: OFAC SDN 2023-12-28, ${list.entities.length} entities, ${RUNS} runs each`);

  const timed = (request: ScreenPartyRequest) => {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      if (partyRequestViolations(request).length === 0) {
        screenPartyRequest(request, engine, snapshot, timestampFromMillis(Date.now()));
      }
      samples.push(performance.now() - started);
    }
    return samples;
  };
  timed(ordinary);
  console.log(`ordinary party    (${sizes(ordinary)}): validate + screen ${percentiles(timed(ordinary))}`);
  console.log(`party at bounds   (${sizes(atBounds)}): validate + screen ${percentiles(timed(atBounds))}`);
  const refusal = timed(oversized);
  const violations = partyRequestViolations(oversized).map((v) => `${v.field} ${v.code}`);
  console.log(`oversized party   (${sizes(oversized)}): refused (${violations.join(', ')}) in ${percentiles(refusal)}`);
  const started = performance.now();
  engine.screenParty(oversized.party!, snapshot);
  console.log(
    `  the same party screened as before the bounds: ${(performance.now() - started).toFixed(0)} ms of blocked event loop, one request`,
  );

  // The main thread's event loop while RUNS pre-checks at the bounds are in flight at once.
  // The longest stretch the main thread could not run a 1 ms timer: what the pipeline's event loop would have waited.
  const blocked = async (runner: PrecheckRunner) => {
    let last = performance.now();
    let longest = 0;
    const probe = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const startedAt = performance.now();
    await Promise.all(
      Array.from({ length: RUNS }, () =>
        runner
          .screen({ kind: 'party', request: atBounds, nowMillis: Date.now() })
          .catch((error: unknown) => (error instanceof PrecheckRefused ? undefined : Promise.reject(error))),
      ),
    );
    const wall = performance.now() - startedAt;
    // Let the probe run once more, so that a stretch blocked up to the end is counted.
    await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(probe);
    return `${RUNS} at once, all answered in ${wall.toFixed(0)} ms; main event loop blocked at most ${longest.toFixed(1)} ms`;
  };
  console.log(`inline (main thread):  ${await blocked(inlineRunner(engine, () => snapshot))}`);
  const pool = workerPool({
    size: 2,
    engine,
    maxQueuedPerWorker: RUNS,
    logger: createLogger('screening-bench', { level: 'error' }),
  });
  const rssBefore = process.memoryUsage().rss;
  pool.setVersions([version]);
  // Wait until both workers have built their snapshot.
  for (;;) {
    const answers = await Promise.all(
      [0, 1].map(() =>
        pool.screen({ kind: 'party', request: ordinary, nowMillis: Date.now() }).then(
          () => true,
          () => false,
        ),
      ),
    );
    if (answers.every(Boolean)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const extra = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  console.log(`worker pool (2):       ${await blocked(pool)}`);
  console.log(`  the pool's two snapshots add ${extra.toFixed(0)} MiB of resident memory`);
  await pool.close();
}

await main();
