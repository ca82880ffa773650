/**
 * Retention of the personal data ingest keeps, on the real PostgreSQL server and broker: published submissions past
 * INGEST_RETENTION_DAYS leave the table (reservations stay), dead letters past INGEST_DEAD_LETTER_RETENTION_DAYS leave
 * their topic (DeleteRecords), both from the periodic job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createIdempotentProducer, createPool, deleteRecordsBefore, sleep } from '@cordon/platform';
import {
  createSchema,
  createTopics,
  databaseUrl,
  readTopic,
  testKafka,
  testLogger,
  uniqueName,
} from '../../../test/support.js';
import { migrateSubmissions } from '../src/adapters/postgres/submission-store.js';
import { purgeSubmissions, RETENTION_MIGRATIONS, startRetention } from '../src/retention.js';

const DAY = 86_400_000;
const kafka = testKafka();
const logger = testLogger('ingest-test');

describe('retention of submissions and dead letters', () => {
  let pool: pg.Pool;
  let dropSchema: () => Promise<void>;
  let dropTopics: () => Promise<void>;
  const topic = uniqueName('dlq');

  beforeAll(async () => {
    const { schema, drop } = await createSchema('ingest_retention');
    dropSchema = drop;
    pool = createPool(databaseUrl(), { schema, max: 2 });
    await migrateSubmissions(pool, RETENTION_MIGRATIONS);
    dropTopics = await createTopics(kafka, [{ topic, partitions: 2 }]);
  });
  afterAll(async () => {
    await pool?.end();
    await dropSchema?.();
    await dropTopics?.();
    await kafka.close();
  });

  /** One row per key of `producer`: published `publishedDaysAgo` days ago, or still reserved when null. */
  async function insert(key: string, publishedDaysAgo: number | null, producer = 'producer-a') {
    await pool.query(
      `insert into submissions
         (producer, idempotency_key, withdrawal_id, content_sha256, record_key, event, state, owner, lease_until,
          reserved_at_ms, attempt_at_ms, published_at)
       values ($4, $1, $4 || '/' || $1, 'x', 'c', '\\x00', $2, 'me', now(), 0, 0, now() - $3 * interval '1 day')`,
      [key, publishedDaysAgo === null ? 'reserved' : 'published', publishedDaysAgo ?? 400, producer],
    );
  }
  const keys = async () =>
    (await pool.query<{ k: string }>('select idempotency_key as k from submissions order by 1')).rows.map((r) => r.k);

  it('deletes published submissions past the retention, in batches, and never a reservation or an in-doubt write', async () => {
    await pool.query('delete from submissions');
    for (let i = 0; i < 7; i++) await insert(`old-${i}`, 100);
    await insert('recent', 10);
    await insert('reserved-long-ago', null);
    await insert('in-doubt-long-ago', null);
    await pool.query("update submissions set state = 'in_doubt' where idempotency_key = 'in-doubt-long-ago'");
    expect(await purgeSubmissions(pool, Date.now() - 90 * DAY, 3)).toBe(7);
    expect(await keys()).toEqual(['in-doubt-long-ago', 'recent', 'reserved-long-ago']);
    expect(await purgeSubmissions(pool, Date.now() - 90 * DAY, 3)).toBe(0);
  });

  it("deletes one producer's old submission and not another producer's reservation under the same key", async () => {
    await pool.query('delete from submissions');
    await insert('order-1', 100, 'producer-a');
    await insert('order-1', null, 'producer-b');
    expect(await purgeSubmissions(pool, Date.now() - 90 * DAY)).toBe(1);
    const left = await pool.query<{ producer: string; state: string }>('select producer, state from submissions');
    expect(left.rows).toEqual([{ producer: 'producer-b', state: 'reserved' }]);
  });

  it('deletes the dead letters written before a time, partition by partition, and nothing after', async () => {
    const producer = await createIdempotentProducer(kafka);
    const batch = (label: string) =>
      [0, 1].flatMap((partition) =>
        [1, 2].map((n) => ({ topic, key: `${label}-${n}`, value: Buffer.from(label), partition })),
      );
    let cutAt = 0;
    try {
      await producer.send(batch('before'));
      await sleep(1_100);
      cutAt = Date.now();
      await sleep(1_100);
      await producer.send(batch('after'));
    } finally {
      await producer.close();
    }
    expect(await deleteRecordsBefore(kafka, topic, cutAt)).toBe(4);
    const left = await readTopic(kafka, topic);
    expect(left.map((r) => r.value?.toString()).sort()).toEqual(['after', 'after', 'after', 'after']);
    expect(await deleteRecordsBefore(kafka, topic, cutAt)).toBe(0);
  });

  it('runs both from the periodic job with the configured days', async () => {
    await pool.query('delete from submissions');
    await insert('published-yesterday', 1);
    const producer = await createIdempotentProducer(kafka);
    try {
      await producer.send([{ topic, key: 'dl', value: Buffer.from('rejected record'), partition: 0 }]);
    } finally {
      await producer.close();
    }
    const purged: Array<[string, number]> = [];
    // A clock 31 days ahead: the submission (retention 30 days) and every dead letter (retention 30 days) are past it.
    const job = startRetention({
      pool,
      kafka,
      deadLetterTopic: topic,
      submissionDays: 30,
      deadLetterDays: 30,
      intervalMillis: 3_600_000,
      clock: { now: () => Date.now() + 31 * DAY },
      logger,
      onPurged: (what, count) => purged.push([what, count]),
    });
    await job.stop();
    expect(await keys()).toEqual([]);
    expect(await readTopic(kafka, topic)).toEqual([]);
    expect(purged).toEqual([
      ['submissions', 1],
      ['dead-letters', 5],
    ]);
  });
});
