/**
 * Benchmark: withdrawals accepted per second by ingest, with accept latency and the service's memory, through
 * each door: gRPC unary with concurrent callers, gRPC client streaming, and the intake topic. Ingest runs as its
 * own process (main.ts, as in production) so its memory is its own; broker, PostgreSQL and this client share
 * the machine with it. Starts its own broker when KAFKA_BROKERS is unset; uses DATABASE_URL, else the local
 * server on 127.0.0.1:5432, else an embedded one.
 *
 *   npx tsx services/ingest/bench/ingest.bench.ts [unaryCount] [concurrency]
 */
import { createHash } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  EVENT_TYPES,
  IngestServiceClient,
  SubmissionStatus,
  SubmitWithdrawalsRequest,
  WithdrawalRequested,
  WithdrawalSubmission,
  topicNames,
  type TopicNames,
} from '@cordon/contracts';
import {
  createIdempotentProducer,
  createKafka,
  createLogger,
  deleteTopics,
  encodeEvent,
  endOffsets,
  ensureTopics,
  openReader,
  type KafkaClient,
} from '@cordon/platform';
import * as grpc from '@grpc/grpc-js';
import { freePort } from '../../../infra/local/kafka.js';
import { benchBroker, benchDatabase } from '../../../test/bench.js';
import { ingestTopicSpecs } from '../src/app.js';
import { validSubmission } from '../test/fixtures.js';

const UNARY = Number(process.argv[2] ?? 20_000);
const CONCURRENCY = Number(process.argv[3] ?? 64);
const STREAMS = 4;
const PER_STREAM = 5_000;
const INTAKE = 20_000;
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(name: string, count: number, seconds: number, latencies: number[], child: ChildProcess): void {
  const sorted = [...latencies].sort((a, b) => a - b);
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const mb = (field: string) =>
    Number(/(\d+) kB/.exec(status.split('\n').find((l) => l.startsWith(field)) ?? '')?.[1] ?? 0) / 1024;
  console.log(
    `${name.padEnd(34)} ${String(count).padStart(6)} accepted in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)
      .toString()
      .padStart(
        6,
      )}/s   accept latency p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms   ingest RSS ${mb('VmRSS:').toFixed(0)} MB (peak ${mb('VmHWM:').toFixed(0)} MB)`,
  );
}

const BENCH_TOKEN = 'bench-producer-token';

async function startIngest(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const ops = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPO,
    env: { ...process.env, ...env, INGEST_GRPC_PORT: String(port), INGEST_OPS_PORT: String(ops), LOG_LEVEL: 'error' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (
      await fetch(`http://127.0.0.1:${ops}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, port };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('ingest did not get ready');
}

async function unary(c: IngestServiceClient, submissions: WithdrawalSubmission[]): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < submissions.length) {
      const submission = submissions[next++]!;
      const started = performance.now();
      await new Promise<void>((resolve, reject) =>
        c.submitWithdrawal({ submission }, (error, response) =>
          error || response?.status !== SubmissionStatus.ACCEPTED
            ? reject(error ?? new Error('not accepted'))
            : resolve(),
        ),
      );
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return latencies;
}

/** One stream per call; latency is the whole stream's (the answer comes after the client half-closes). */
async function streaming(c: IngestServiceClient, batches: WithdrawalSubmission[][]): Promise<number[]> {
  return Promise.all(
    batches.map(
      (batch) =>
        new Promise<number>((resolve, reject) => {
          const started = performance.now();
          const call = c.submitWithdrawals((error, response) => {
            const accepted = response?.results.filter((r) => r.status === SubmissionStatus.ACCEPTED).length;
            if (error || accepted !== batch.length)
              reject(error ?? new Error(`${accepted} of ${batch.length} accepted`));
            else resolve(performance.now() - started);
          });
          for (const submission of batch) call.write(SubmitWithdrawalsRequest.fromPartial({ submission }));
          call.end();
        }),
    ),
  );
}

/** Produces to the intake topic and measures, per record, intake timestamp to requested timestamp. */
async function intake(kafka: KafkaClient, topics: TopicNames, submissions: WithdrawalSubmission[]) {
  const producer = await createIdempotentProducer(kafka);
  const type = EVENT_TYPES.withdrawalSubmission;
  const ends = await endOffsets(kafka, topics.withdrawalsRequested);
  const before = ends.reduce((n, p) => n + Number(p.end), 0);
  const sentAt = new Map<string, number>();
  const started = performance.now();
  for (let i = 0; i < submissions.length; i += 1_000) {
    const slice = submissions.slice(i, i + 1_000);
    const now = Date.now();
    for (const s of slice) sentAt.set(s.withdrawalId, now);
    await producer.send(
      slice.map((s) => {
        const { value, headers } = encodeEvent(type, s);
        return { topic: topics.withdrawalsIntake, key: s.idempotencyKey, value, headers };
      }),
    );
  }
  await producer.close();
  const latencies: number[] = [];
  // Only what this run publishes: from the requested topic's end before the intake records were produced.
  const reader = await openReader(kafka, {
    topic: topics.withdrawalsRequested,
    from: new Map(ends.map((p) => [p.partition, p.end])),
  });
  let seen = 0;
  let lastAt = 0;
  try {
    for (let idleSince = Date.now(); latencies.length < submissions.length;) {
      const records = await reader.poll(5_000, 100);
      if (records.length > 0) idleSince = Date.now();
      else if (Date.now() - idleSince > 60_000)
        throw new Error(`${latencies.length} of ${submissions.length} published`);
      for (const record of records) {
        seen++;
        const id = WithdrawalRequested.decode(record.value!).withdrawalId;
        const sent = sentAt.get(id);
        if (sent !== undefined) {
          latencies.push(Number(record.timestamp) - sent);
          lastAt = Math.max(lastAt, performance.now());
        }
      }
    }
  } finally {
    await reader.close();
  }
  return { latencies, seconds: (lastAt - started) / 1000, before, seen };
}

async function main(): Promise<void> {
  const broker = await benchBroker();
  const brokers = broker.brokers;
  const postgres = await benchDatabase();
  const databaseUrl = postgres.url;
  const run = `bench${Date.now()}`;
  const topics = topicNames(`${run}.`);
  const kafka = createKafka(
    { clientId: 'ingest-bench', brokers: brokers.split(',') },
    createLogger('ingest-bench', { level: 'error' }),
  );
  await ensureTopics(kafka, ingestTopicSpecs(topics, 3));
  const { child, port } = await startIngest({
    KAFKA_BROKERS: brokers,
    KAFKA_TOPICS: 'create',
    DATABASE_URL: databaseUrl,
    KAFKA_TOPIC_PREFIX: `${run}.`,
    INGEST_DB_SCHEMA: run,
    // Producers authenticate as in production: a static bearer token, known to ingest by its hash.
    INGEST_AUTH_TOKENS: `bench:${createHash('sha256').update(BENCH_TOKEN).digest('hex')}`,
  });
  const sendToken: grpc.Interceptor = (options, next) =>
    new grpc.InterceptingCall(next(options), {
      start(metadata, listener, start) {
        metadata.set('authorization', `Bearer ${BENCH_TOKEN}`);
        start(metadata, listener);
      },
    });
  const c = new IngestServiceClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    interceptors: [sendToken],
  });
  const now = Date.now();
  const make = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => validSubmission(`${prefix}-${i}`, now));
  console.log(`ingest benchmark: broker ${brokers}, 3 partitions, ingest in its own process (pid ${child.pid})`);

  try {
    await unary(c, make('warm', 1_000));
    let started = performance.now();
    const unaryLatencies = await unary(c, make('unary', UNARY));
    report(
      `gRPC unary, ${CONCURRENCY} concurrent callers`,
      UNARY,
      (performance.now() - started) / 1000,
      unaryLatencies,
      child,
    );

    started = performance.now();
    const batches = Array.from({ length: STREAMS }, (_, s) => make(`stream${s}`, PER_STREAM));
    const streamLatencies = await streaming(c, batches);
    report(
      `gRPC streaming, ${STREAMS} x ${PER_STREAM} (per stream)`,
      STREAMS * PER_STREAM,
      (performance.now() - started) / 1000,
      streamLatencies,
      child,
    );

    const result = await intake(kafka, topics, make('intake', INTAKE));
    report('intake topic (produce to published)', INTAKE, result.seconds, result.latencies, child);
  } finally {
    c.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await deleteTopics(
      kafka,
      Object.values(topics).filter((t) => t.startsWith(run)),
    );
    await kafka.close();
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query(`drop schema if exists ${pg.escapeIdentifier(run)} cascade`);
    await db.end();
    await postgres.stop();
    await broker.stop();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
