/**
 * Pipeline benchmark, through Kafka on this machine (broker included), exactly-once on:
 *   1. drain: N requested withdrawals pre-loaded, then the screening service (its own process, as deployed)
 *      started; decisions per second from the first committed transaction until the group has committed all;
 *   2. paced: withdrawals produced at a fixed rate; request-to-decision latency as a read_committed consumer of
 *      the decisions topic sees it (p50/p99/max);
 *   3. ceiling: Kafka's own ProducerPerformance for the same record size on the same broker.
 * Prints every figure and the service's resident memory.
 *
 *   npx tsx services/screening/bench/pipeline.bench.ts
 *   BENCH_RECORDS=200000 BENCH_RATE=2000 BENCH_PACED_SECONDS=20 BENCH_PARTITIONS=3 BENCH_BATCH=2000
 *   BENCH_CONCURRENCY=3 (partitions screened concurrently; the service default) BENCH_NAMES=false (withdrawals without customer names) BENCH_NODE_ARGS="--cpu-prof" (profile the service)
 * BENCH_READER_WAIT_MS=100 (fetch max wait of the latency reader: a slow reader adds its own wait to the figure)
 * KAFKA_BROKERS=host:port uses a running broker instead of starting one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAddress } from '@cordon/addresses';
import { EVENT_TYPES, IngestChannel, timestampFromMillis, topicNames, WithdrawalRequested } from '@cordon/contracts';
import { loadList } from '@cordon/lists';
import {
  committedOffsets,
  createIdempotentProducer,
  createKafka,
  createLogger,
  encodeEvent,
  endOffsets,
  ensureTopics,
  openReader,
  type OutgoingRecord,
} from '@cordon/platform';
import { freePort, runKafkaTool } from '../../../infra/local/kafka.js';
import { benchBroker } from '../../../test/bench.js';
import { publishListVersion } from '../test/publish-lists.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const RATE = Number(process.env.BENCH_RATE ?? 2_000);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 20);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 3);
const BATCH = process.env.BENCH_BATCH ?? '2000';
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '3';
const NAMES = (process.env.BENCH_NAMES ?? 'true') === 'true';
const READER_WAIT_MS = Number(process.env.BENCH_READER_WAIT_MS ?? 100);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ofacPath = join(repoRoot, 'data', 'ofac-sdn', '2023-12-28');
const logger = createLogger('screening-bench', { level: 'warn' });

const GIVEN = ['Emma', 'Liam', 'Olivia', 'Noah', 'Sofia', 'Lukas', 'Wei', 'Aisha', 'Mateo', 'Yuki', 'Priya', 'Jonas'];
const FAMILY = ['Johansson', 'Smith', 'Brown', 'Garcia', 'Rossi', 'Muller', 'Chen', 'Khan', 'Fernandez', 'Tanaka'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Sum and count of a histogram on the service's /metrics page, for averages. */
async function histogram(opsPort: number, name: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
  const value = (suffix: string) =>
    Number(new RegExp(`^${name}_${suffix}(?:\\{[^}]*\\})? ([\\d.e+-]+)`, 'm').exec(text)?.[1] ?? NaN);
  return { sum: value('sum'), count: value('count') };
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function main(): Promise<void> {
  const broker = await benchBroker();
  const brokers = broker.brokers;
  console.log(broker.description);
  const kafka = createKafka({ clientId: 'screening-bench', brokers: brokers.split(',') }, logger);
  const prefix = `bench-${randomBytes(4).toString('hex')}.`;
  const topics = topicNames(prefix);
  await ensureTopics(kafka, [
    { topic: topics.withdrawalsRequested, partitions: PARTITIONS },
    { topic: topics.screeningDecisions, partitions: PARTITIONS },
    { topic: topics.withdrawalsRejected, partitions: 1 },
    { topic: topics.sanctionsSnapshots, partitions: 1, config: { 'retention.ms': '-1' } },
    { topic: topics.sanctionsEntities, partitions: 1, config: { 'cleanup.policy': 'compact' } },
    { topic: topics.screeningRetroHits, partitions: 1 },
    { topic: `${prefix}perf`, partitions: PARTITIONS },
  ]);

  const list = await loadList('ofac-csv', ofacPath);
  await publishListVersion(kafka, topics, logger, list.entities, { versionId: '12/28/2023' });
  const listed = list.entities.flatMap((e) => e.digitalCurrencyAddresses.filter((a) => a.valid));
  let sequence = 0;
  const withdrawal = (): { record: OutgoingRecord; id: string } => {
    const i = sequence++;
    const target =
      i % 100 === 0 ? listed[i % listed.length]! : { ticker: 'ETH', address: `0x${randomBytes(20).toString('hex')}` };
    const check = checkAddress(target.ticker, target.address);
    const customerRef = `cust-${i % 5_000}`;
    const message = WithdrawalRequested.fromPartial({
      idempotencyKey: `idem-${i}`,
      withdrawalId: `w-${i}`,
      customer: {
        customerRef,
        fullName: NAMES ? `${GIVEN[i % GIVEN.length]} ${FAMILY[(i >> 3) % FAMILY.length]}` : '',
      },
      chain: check.chains[0] ?? '',
      amount: { asset: target.ticker, amountDecimal: '0.5' },
      destination: {
        ticker: check.ticker,
        chain: check.chains[0] ?? '',
        address: target.address,
        canonical: check.canonical,
        valid: check.valid,
        chains: check.chains,
      },
      requestedAt: timestampFromMillis(Date.now()),
      ingestedAt: timestampFromMillis(Date.now()),
      channel: IngestChannel.GRPC,
      partitionKey: customerRef,
    });
    const { value, headers } = encodeEvent(EVENT_TYPES.withdrawalRequested, message);
    return {
      record: { topic: topics.withdrawalsRequested, key: customerRef, value, headers },
      id: message.withdrawalId,
    };
  };

  // Phase 1: pre-load.
  const producer = await createIdempotentProducer(kafka);
  let recordBytes = 0;
  const loadStart = performance.now();
  for (let i = 0; i < RECORDS; i += 2_000) {
    const batch = Array.from({ length: Math.min(2_000, RECORDS - i) }, () => withdrawal().record);
    recordBytes += batch.reduce((sum, r) => sum + (r.value?.length ?? 0), 0);
    await producer.send(batch);
  }
  const recordSize = Math.round(recordBytes / RECORDS);
  console.log(
    `pre-loaded ${RECORDS} withdrawals (${recordSize} B each on average, names ${NAMES ? 'on' : 'off'}) in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`,
  );

  const opsPort = await freePort();
  const groupId = `${prefix}screening`;
  // BENCH_NODE_ARGS="--cpu-prof" profiles the service.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', 'services/screening/src/main.ts'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        KAFKA_BROKERS: brokers,
        KAFKA_TOPICS: 'create',
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_GROUP_ID: groupId,
        SCREENING_GRPC_PORT: '0',
        SCREENING_OPS_PORT: String(opsPort),
        SCREENING_MAX_BATCH_RECORDS: BATCH,
        SCREENING_CONCURRENT_PARTITIONS: CONCURRENCY,
        // The benchmark calls no gRPC method: nobody to authenticate.
        CORDON_INSECURE_DEV_NO_AUTH: '1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const committed = async () =>
    [...(await committedOffsets(kafka, groupId, topics.withdrawalsRequested)).values()].reduce(
      (sum, offset) => sum + Number(offset),
      0,
    );
  let first: { at: number; count: number } | undefined;
  for (;;) {
    const count = await committed().catch(() => 0);
    if (first === undefined && count > 0) first = { at: performance.now(), count };
    if (count >= RECORDS) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const drainSeconds = (performance.now() - first!.at) / 1000;
  const drainRate = (RECORDS - first!.count) / drainSeconds;
  const afterDrain = rssMb(child.pid!);
  const drainTx = await histogram(opsPort, 'screening_transaction_duration_seconds');
  const drainScreen = await histogram(opsPort, 'screening_batch_duration_seconds');

  // Phase 2: paced latency.
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  // A read_committed reader of the decisions topic from its current end: a decision counts when a reader sees it.
  const ends = new Map((await endOffsets(kafka, topics.screeningDecisions)).map((e) => [e.partition, e.end]));
  const reader = await openReader(kafka, { topic: topics.screeningDecisions, from: ends });
  let reading = true;
  const readLoop = (async () => {
    while (reading) {
      const records = await reader.poll(5_000, READER_WAIT_MS);
      const now = performance.now();
      for (const record of records) {
        const sent = sentAt.get(record.key?.toString() ?? '');
        if (sent !== undefined) latencies.push(now - sent);
      }
    }
  })();
  await new Promise((r) => setTimeout(r, 1_000));
  const total = RATE * PACED_SECONDS;
  const pacedStart = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - pacedStart) / 1000) * RATE));
    if (due > sent) {
      const batch = Array.from({ length: due - sent }, () => withdrawal());
      const at = performance.now();
      for (const { id } of batch) sentAt.set(id, at);
      await producer.send(batch.map((b) => b.record));
      sent = due;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const deadline = performance.now() + 30_000;
  while (latencies.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const achievedRate = total / ((performance.now() - pacedStart) / 1000);
  latencies.sort((a, b) => a - b);
  const afterPaced = rssMb(child.pid!);
  const pacedTx = await histogram(opsPort, 'screening_transaction_duration_seconds');
  reading = false;
  await readLoop;
  await reader.close();
  await producer.close();
  await kafka.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));

  // Phase 3: Kafka's own producer, same record size, same broker.
  const perf = runKafkaTool('org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    `${prefix}perf`,
    '--num-records',
    String(RECORDS),
    '--record-size',
    String(recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${brokers}`,
    'acks=all',
    'linger.ms=5',
    'batch.size=262144',
  ]);
  const perfLine = perf.stdout.trim().split('\n').pop() ?? perf.stderr;
  const perfRate = Number(/([\d.]+) records\/sec/.exec(perfLine)?.[1] ?? NaN);

  console.log('');
  console.log(
    `screening pipeline (exactly-once, ${PARTITIONS} partitions, ${CONCURRENCY} screened concurrently, <= ${BATCH} records per transaction)`,
  );
  console.log(
    `  drain:   ${RECORDS - first!.count} decisions in ${drainSeconds.toFixed(2)} s = ${Math.round(drainRate)} decisions/s`,
  );
  console.log(
    `           ${drainTx.count} transactions, ${Math.round((RECORDS - first!.count) / drainTx.count)} records and ${((drainTx.sum / drainTx.count) * 1000).toFixed(1)} ms each on average (screening ${((drainScreen.sum / drainScreen.count) * 1000).toFixed(1)} ms of it)`,
  );
  console.log(
    `  paced:   ${total} withdrawals at ${Math.round(achievedRate)}/s; ${latencies.length} decisions seen (reader max wait ${READER_WAIT_MS} ms)`,
  );
  console.log(
    `           request-to-decision p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`,
  );
  const pacedCount = pacedTx.count - drainTx.count;
  console.log(
    `           ${pacedCount} transactions, ${(total / pacedCount).toFixed(1)} records and ${(((pacedTx.sum - drainTx.sum) / pacedCount) * 1000).toFixed(1)} ms each on average`,
  );
  console.log(
    `  ceiling: Kafka ProducerPerformance, ${recordSize} B records, acks=all: ${Math.round(perfRate)} records/s`,
  );
  console.log(`           (${perfLine})`);
  console.log(
    `  service RSS: ${afterDrain.rss.toFixed(0)} MB after drain, ${afterPaced.rss.toFixed(0)} MB after paced run, peak ${afterPaced.peak.toFixed(0)} MB`,
  );
  console.log(`  bench process RSS: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);

  await broker.stop();
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
