/**
 * The move to idempotency keys per producer on a database written before it, on the real PostgreSQL server: rows
 * without a producer column get theirs from their stored events, then (producer, idempotency_key) is the key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { WithdrawalRequested } from '@cordon/contracts';
import { createPool, migrate } from '@cordon/platform';
import { createSchema, databaseUrl } from '../../../test/support.js';
import { INGEST_MIGRATIONS, migrateSubmissions } from '../src/adapters/postgres/submission-store.js';
import { RETENTION_MIGRATIONS } from '../src/retention.js';

describe('idempotency keys per producer, on a database of the previous version', () => {
  let pool: pg.Pool;
  let dropSchema: () => Promise<void>;

  beforeAll(async () => {
    const { schema, drop } = await createSchema('ingest_keys');
    dropSchema = drop;
    pool = createPool(databaseUrl(), { schema, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await dropSchema?.();
  });

  /** A row as the previous version wrote it: no producer column, the producer inside the event. */
  async function legacyRow(key: string, withdrawalId: string, producer: string) {
    const event = WithdrawalRequested.encode(
      WithdrawalRequested.fromPartial({ idempotencyKey: key, withdrawalId, producer }),
    ).finish();
    await pool.query(
      `insert into submissions
         (idempotency_key, withdrawal_id, content_sha256, record_key, event, state, owner, lease_until, reserved_at_ms,
          attempt_at_ms)
       values ($1, $2, 'x', 'c', $3, 'published', 'old-instance', now(), 0, 0)`,
      [key, withdrawalId, Buffer.from(event)],
    );
  }

  it("fills each old row's producer from its event, then keys rows by producer and key", async () => {
    await migrate(pool, [...INGEST_MIGRATIONS.filter((m) => m.id < '0003'), ...RETENTION_MIGRATIONS]);
    await legacyRow('order-1', 'wd-1', 'wallets');
    await legacyRow('order-2', 'wd-2', 'kafka:cordon.withdrawals.intake');

    await migrateSubmissions(pool, RETENTION_MIGRATIONS);
    const rows = await pool.query<{ producer: string; idempotency_key: string }>(
      'select producer, idempotency_key from submissions order by idempotency_key',
    );
    expect(rows.rows).toEqual([
      { producer: 'wallets', idempotency_key: 'order-1' },
      { producer: 'kafka:cordon.withdrawals.intake', idempotency_key: 'order-2' },
    ]);
    const insert = (producer: string, key: string, withdrawalId: string) =>
      pool.query(
        `insert into submissions
           (producer, idempotency_key, withdrawal_id, content_sha256, record_key, event, state, owner, lease_until,
            reserved_at_ms, attempt_at_ms)
         values ($1, $2, $3, 'x', 'c', '\\x00', 'reserved', 'me', now(), 0, 0)`,
        [producer, key, withdrawalId],
      );
    // Another producer's same key is another row; the same producer's is refused, as is a row without a producer.
    await insert('batcher', 'order-1', 'wd-3');
    await expect(insert('wallets', 'order-1', 'wd-4')).rejects.toThrow(/submissions_pkey/);
    await expect(insert(null as unknown as string, 'order-5', 'wd-5')).rejects.toThrow(/producer/);
    // Starting again changes nothing.
    await migrateSubmissions(pool, RETENTION_MIGRATIONS);
    expect((await pool.query('select 1 from submissions')).rowCount).toBe(3);
  });
});
