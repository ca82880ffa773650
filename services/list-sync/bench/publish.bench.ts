/**
 * Benchmark: parse + diff + publish of the 2023-12-28 OFAC SDN CSV set to a real broker, phase by phase, with the
 * peak resident memory of the process doing it. Two runs, each in a fresh process so its memory is its own:
 *   - update: 2021-07-07 is the version in force (published beforehand, recovered from Kafka like a restarted
 *     list-sync would), 2023-12-28 is the new one;
 *   - first:  2023-12-28 is the first version of the source (everything added).
 * Target (SPEC): <= 5 s and <= 256 MB resident. Starts its own broker when KAFKA_BROKERS is unset.
 *
 *   npx tsx services/list-sync/bench/publish.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListSource, TOPIC_ROLES, topicNames } from '@cordon/contracts';
import type { LoadedList } from '@cordon/lists';
import { createKafka, createLogger, createTransactionalProducer, deleteTopics, ensureTopics } from '@cordon/platform';
import { benchBroker } from '../../../test/bench.js';
import { acquire } from '../src/adapters/fetch/acquire.js';
import { listsParserVersion, parseSource } from '../src/adapters/lists.js';
import { publishVersion, type ListSyncTopics } from '../src/adapters/kafka/publisher.js';
import { recoverLastGood } from '../src/adapters/kafka/snapshots.js';
import { loadListSyncConfig, type SourceConfig } from '../src/config.js';
import { buildManifest, computeDelta, encodeEntities, planChunks, type EntityHashes } from '../src/domain/version.js';

const datasets = fileURLToPath(new URL('../../../../shared/datasets/ofac-sdn/', import.meta.url));
const logger = createLogger('list-sync-bench', { level: 'warn' });

function source(version: string): SourceConfig {
  const config = loadListSyncConfig({
    KAFKA_BROKERS: 'unused:9092',
    // Years apart (hundreds of designations gone) and the 2023 set has no comments file: accepted for the bench.
    LIST_SYNC_SOURCES: JSON.stringify([
      {
        source: 'ofac-sdn',
        format: 'ofac-csv',
        path: join(datasets, version),
        maxRemovedCount: 2_000,
        maxShrinkFraction: 0.2,
        allowTruncatedRemarks: true,
      },
    ]),
  });
  return config.sources[0]!;
}

const CHUNKS = { maxEntities: 500, maxBytes: 900_000 };
// As in the service: LIST_SYNC_SNAPSHOT_COMPRESSION=none turns compression off.
const GZIP = process.env.LIST_SYNC_SNAPSHOT_COMPRESSION !== 'none';

/** One publish, timed phase by phase; `recover` reads the version in force back from Kafka first. */
async function publishOnce(brokers: string, prefix: string, version: string, recover: boolean) {
  const kafka = createKafka({ brokers: brokers.split(','), clientId: 'list-sync-bench' }, logger);
  const names = topicNames(prefix);
  const topics: ListSyncTopics = {
    sanctionsEntities: names.sanctionsEntities,
    sanctionsSnapshots: names.sanctionsSnapshots,
    sanctionsAlerts: names.sanctionsAlerts,
  };
  const producer = await createTransactionalProducer(kafka, `list-sync-bench.${prefix}`, logger, {
    transactionTimeoutMillis: 120_000,
    compression: GZIP ? 'gzip' : 'none',
  });
  const phases: Record<string, number> = {};
  // CPU seconds of this process (user + system), far less sensitive than wall time to others sharing the cores.
  const cpu: Record<string, number> = {};
  const rssAfter: Record<string, number> = { start: process.memoryUsage().rss / 2 ** 20 };
  const time = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const result = await work();
    phases[name] = (performance.now() - start) / 1_000;
    const used = process.cpuUsage(cpuStart);
    cpu[name] = (used.user + used.system) / 1e6;
    rssAfter[name] = process.memoryUsage().rss / 2 ** 20;
    return result;
  };

  let previous: { hashes: EntityHashes; contentHash: string } | undefined;
  if (recover) {
    const recovered = await time('recover', () =>
      recoverLastGood(kafka, topics.sanctionsSnapshots, [ListSource.OFAC_SDN]),
    );
    const good = recovered.get(ListSource.OFAC_SDN)!;
    previous = { hashes: good.hashes, contentHash: good.manifest.contentHash };
  }
  const config = source(version);
  const acquisition = await time('acquire', () =>
    acquire(config, loadListSyncConfig({ KAFKA_BROKERS: 'x:1' }).http, new Map()),
  );
  if (acquisition.kind !== 'files') throw new Error('expected files');
  let list: LoadedList | undefined = await time('parse', () => parseSource(config, acquisition.files.parsePath));
  const entities = await time('encode', () => encodeEntities(list!.entities));
  const { contentHash, published } = list;
  // As the engine does: the parsed model is released once encoded.
  list = undefined;
  const delta = await time('diff', () => computeDelta(previous?.hashes, entities));
  const chunks = planChunks(
    entities.map((e) => e.bytes.length),
    CHUNKS,
  );
  const manifest = buildManifest(
    {
      source: ListSource.OFAC_SDN,
      versionId: published ?? '',
      contentHash,
      previousContentHash: previous?.contentHash ?? '',
      fetchedAtMillis: Date.now(),
      sourceUri: acquisition.files.sourceUri,
      files: acquisition.files.files,
      parserVersion: listsParserVersion(),
    },
    entities,
    delta,
  );
  const written = await time('publish', () =>
    publishVersion(producer, topics, { source: ListSource.OFAC_SDN, manifest, entities, delta, chunks }),
  );
  await acquisition.files.dispose();
  await producer.close();
  await kafka.close();
  const bytes = entities.reduce((sum, e) => sum + e.bytes.length, 0);
  return {
    phases,
    cpu,
    rssAfter,
    entities: written.entityCount,
    added: written.addedCount,
    removed: written.removedCount,
    changed: written.changedCount,
    chunks: chunks.length,
    entityBytes: bytes,
    peakRssMb: process.resourceUsage().maxRSS / 1_024,
  };
}

type Result = Awaited<ReturnType<typeof publishOnce>>;

function runChild(brokers: string, prefix: string, version: string, recover: boolean): Result {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', brokers, prefix, version, String(recover)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (child.status !== 0) throw new Error(`bench child failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Result;
}

function report(label: string, result: Result): void {
  const p = result.phases;
  const sum = (phases: Record<string, number>) =>
    ['parse', 'encode', 'diff', 'publish'].reduce((total, phase) => total + (phases[phase] ?? 0), 0);
  console.log(`\n${label}`);
  console.log(
    `  ${result.entities} entities (+${result.added} -${result.removed} ~${result.changed}), ` +
      `${(result.entityBytes / 1e6).toFixed(1)} MB of entity protobuf, ${result.chunks} snapshot chunks (${GZIP ? 'gzip' : 'uncompressed'})`,
  );
  console.log(`  process at start: ${result.rssAfter.start!.toFixed(0)} MB resident`);
  for (const [phase, seconds] of Object.entries(p)) {
    console.log(
      `  ${phase.padEnd(8)} ${seconds.toFixed(3)} s wall, ${result.cpu[phase]!.toFixed(3)} s CPU` +
        `   (resident after: ${result.rssAfter[phase]!.toFixed(0)} MB)`,
    );
  }
  console.log(
    `  parse + diff + publish (encode included): ${sum(p).toFixed(3)} s wall, ${sum(result.cpu).toFixed(3)} s CPU` +
      `   [target <= 5 s]   (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
  );
  console.log(`  peak RSS of the publishing process: ${result.peakRssMb.toFixed(0)} MB   [target <= 256 MB]`);
}

async function main(): Promise<void> {
  const broker = await benchBroker();
  const brokers = broker.brokers;
  try {
    const kafka = createKafka({ brokers: brokers.split(','), clientId: 'list-sync-bench' }, logger);
    const prefixes = [`bench-${Date.now()}-update.`, `bench-${Date.now()}-first.`];
    for (const prefix of prefixes) {
      const names = topicNames(prefix);
      await ensureTopics(
        kafka,
        (['sanctionsEntities', 'sanctionsSnapshots', 'sanctionsAlerts'] as const).map((role) => ({
          topic: names[role],
          partitions: 3,
          config: { ...TOPIC_ROLES[role].config },
        })),
      );
    }
    console.log(`list-sync publish benchmark, broker ${brokers}`);
    const setup = runChild(brokers, prefixes[0]!, '2021-07-07', false);
    console.log(`setup: published 2021-07-07 (${setup.entities} entities) as the version in force`);
    report(
      'update: 2023-12-28 over 2021-07-07 (baseline recovered from Kafka)',
      runChild(brokers, prefixes[0]!, '2023-12-28', true),
    );
    report('first: 2023-12-28 as the first version', runChild(brokers, prefixes[1]!, '2023-12-28', false));
    const mine = (await (await kafka.admin()).listTopics()).filter((t) => prefixes.some((p) => t.startsWith(p)));
    await deleteTopics(kafka, mine);
    await kafka.close();
  } finally {
    await broker.stop();
  }
}

if (process.argv[2] === '--child') {
  const [, , , brokers, prefix, version, recover] = process.argv;
  const result = await publishOnce(brokers!, prefix!, version!, recover === 'true');
  console.log(JSON.stringify(result));
} else {
  await main();
}
