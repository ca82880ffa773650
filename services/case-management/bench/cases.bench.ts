/**
 * case-management benchmark, on this machine's real broker and PostgreSQL; prints its figures.
 *   1. intake: decisions on the topic (2 of 3 HOLD or BLOCK) taken in to cases and releases, the outbox relayed
 *      to Kafka: decisions/s and cases opened/s from start to drained, and the RSS (goal >= 1,000 cases/s);
 *   2. the analyst queue with BENCH_CASES cases in PostgreSQL (default 1,000,000): p50/p99 of the real list
 *      queries (open queue first page, next page by cursor, one analyst's cases, overdue only, one customer),
 *      goal p99 <= 20 ms.
 * `npx tsx services/case-management/bench/cases.bench.ts`; BENCH_DECISIONS (default 20,000), BENCH_CASES,
 * BENCH_QUERIES (default 300 per kind). Starts its own broker unless KAFKA_BROKERS is set; DATABASE_URL, else the
 * server on 127.0.0.1:5432, else an embedded one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CaseStatus, DecisionOutcome, topicNames } from '@cordon/contracts';
import { createKafka, createLogger, deleteTopics, ensureDevKeys, ensureTopics } from '@cordon/platform';
import { benchBroker, benchDatabase } from '../../../test/bench.js';
import { BusinessCalendar, DEFAULT_SLA } from '../src/domain/sla.js';
import { CaseStore } from '../src/adapters/postgres/store.js';
import { caseTopicSpecs, loadCaseConfig, startCaseManagement } from '../src/app.js';
import { addressHit, decision, nameHit, produce, records, withdrawal } from '../test/records.js';

const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 20_000);
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cases-bench-'));
  const broker = await benchBroker();
  const brokers = broker.brokers;
  const postgres = await benchDatabase();
  const databaseUrl = postgres.url;
  const run = `bench${Date.now()}`;
  const topics = topicNames(`${run}.`);
  const kafka = createKafka(
    { clientId: 'cases-bench', brokers: brokers.split(',') },
    createLogger('bench', { level: 'error' }),
  );
  await ensureTopics(kafka, caseTopicSpecs(topics, 3));
  const schema = `cases_${run}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  console.log(`case-management bench: ${DECISIONS} decisions, then the queue with ${CASES} cases (schema ${schema})`);

  // 1. Intake.
  const ids = Array.from({ length: DECISIONS }, (_, i) => `bw-${i}`);
  const outcomes = [DecisionOutcome.ALLOW, DecisionOutcome.HOLD, DecisionOutcome.BLOCK];
  await produce(kafka, records(topics, ids.map(withdrawal)));
  await produce(
    kafka,
    records(
      topics,
      ids.map((id, i) => {
        const outcome = outcomes[i % 3]!;
        return decision(
          id,
          outcome,
          outcome === DecisionOutcome.ALLOW
            ? []
            : outcome === DecisionOutcome.HOLD
              ? [nameHit(`n${i}`)]
              : [addressHit(`a${i}`)],
        );
      }),
    ),
  );
  const { jwksFile } = await ensureDevKeys(join(dataDir, 'auth'));
  const started = performance.now();
  const service = await startCaseManagement(
    loadCaseConfig({
      KAFKA_BROKERS: brokers,
      DATABASE_URL: databaseUrl,
      KAFKA_TOPIC_PREFIX: `${run}.`,
      CASES_DB_SCHEMA: schema,
      CASES_GRPC_PORT: '0',
      CASES_HTTP_PORT: '0',
      CASES_OPS_PORT: '0',
      CASES_AUTH_JWKS_FILE: jwksFile,
    }),
    { logger: createLogger('case-management', { level: 'error' }) },
  );
  let peakRss = rssMb();
  const count = async (sql: string) => Number((await admin.query<{ n: string }>(sql)).rows[0]!.n);
  for (;;) {
    peakRss = Math.max(peakRss, rssMb());
    const taken = await count(`select count(*) as n from ${schema}.case_triggers`).catch(() => 0);
    const waiting = await count(`select count(*) as n from ${schema}.outbox where published_at is null`).catch(() => 1);
    if (taken === DECISIONS && waiting === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  const opened = await count(`select count(*) as n from ${schema}.cases`);
  console.log(
    `intake    ${DECISIONS} decisions in ${seconds.toFixed(2)} s (start-up included): ${Math.round(DECISIONS / seconds)} decisions/s, ` +
      `${Math.round(opened / seconds)} cases opened/s (${opened} cases, ${DECISIONS - opened} releases), everything relayed to Kafka; peak RSS ${peakRss} MB`,
  );
  await service.stop();

  // 2. The queue at scale: synthetic cases written in bulk, then the store's own list queries.
  const filled = performance.now();
  await admin.query(`set search_path = ${schema}`);
  await admin.query(`
    insert into cases (case_id, withdrawal_id, customer_ref, status, trigger, outcome, decision_hash, hits, sources, assignee,
      opened_at, sla_due_at, updated_at, last_audit_hash, last_sequence)
    select 'case-bench-' || g, 'bench-w-' || g, 'cust-' || (g % 200000), case when g % 10 < 7 then ${CaseStatus.RESOLVED} when g % 10 < 9 then ${CaseStatus.ASSIGNED} else ${CaseStatus.OPEN} end,
      1, 2 + g % 2, md5(g::text), '[]'::jsonb, '{1}', case when g % 10 in (7, 8) then 'analyst-' || (g % 50) else '' end,
      now() - (g % 1000) * interval '1 hour', now() + ((g % 2000) - 500) * interval '1 hour', now(), md5(g::text), 1
    from generate_series(1, ${CASES}) g`);
  await admin.query('analyze cases');
  console.log(`queue     ${CASES} cases written in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
  const pool = new pg.Pool({ connectionString: databaseUrl, options: `-c search_path=${schema}`, max: 2 });
  const store = new CaseStore(pool, DEFAULT_SLA, new BusinessCalendar());
  const now = Date.now();
  const firstPage = await store.list(
    { statuses: [CaseStatus.OPEN, CaseStatus.ASSIGNED, CaseStatus.PENDING_APPROVAL], pageSize: 50 },
    now,
  );
  const kinds: Record<string, (i: number) => Promise<unknown>> = {
    'open queue, first page': () =>
      store.list({ statuses: [CaseStatus.OPEN, CaseStatus.ASSIGNED, CaseStatus.PENDING_APPROVAL], pageSize: 50 }, now),
    'open queue, next page': () =>
      store.list(
        {
          statuses: [CaseStatus.OPEN, CaseStatus.ASSIGNED, CaseStatus.PENDING_APPROVAL],
          pageSize: 50,
          after: firstPage.next!,
        },
        now,
      ),
    "one analyst's cases": (i) =>
      store.list({ assignee: `analyst-${i % 50}`, statuses: [CaseStatus.ASSIGNED], pageSize: 50 }, now),
    'overdue only': () => store.list({ overdueOnly: true, pageSize: 50 }, now),
    'one customer': (i) => store.list({ customerRef: `cust-${(i * 7919) % 200000}`, pageSize: 50 }, now),
    'every case, by due time': () => store.list({ pageSize: 50 }, now),
  };
  for (const [name, query] of Object.entries(kinds)) {
    const times: number[] = [];
    for (let i = 0; i < QUERIES; i += 1) {
      const t = performance.now();
      await query(i);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(
      `queue     ${name.padEnd(24)} p50 ${quantile(times, 0.5).toFixed(2)} ms  p99 ${quantile(times, 0.99).toFixed(2)} ms  (${QUERIES} queries)`,
    );
  }
  await pool.end();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
  await deleteTopics(kafka, Object.values(topics)).catch(() => undefined);
  await kafka.close();
  await postgres.stop();
  await broker.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

await main();
