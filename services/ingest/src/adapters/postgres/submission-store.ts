import type pg from 'pg';
import { WithdrawalRequested } from '@cordon/contracts';
import { migrate, type Migration } from '@cordon/platform';
import {
  refKey,
  type Reservation,
  type ReserveOutcome,
  type StoredSubmission,
  type SubmissionRef,
  type SubmissionStore,
  type TakeOverOutcome,
} from '../../ports.js';
import { Coalescer } from '../../coalescer.js';

/**
 * The ingest schema: one row per producer's idempotency key, unique per withdrawal id. Migrations up to 0003; 0004
 * needs the rows' producers copied out of their events first: {@link migrateSubmissions} runs them in that order.
 */
export const INGEST_MIGRATIONS: Migration[] = [
  {
    id: '0001_ingest_submissions',
    sql: `
      create table submissions (
        idempotency_key text primary key,
        withdrawal_id text not null unique,
        content_sha256 text not null,
        record_key text not null,
        event bytea not null,
        state text not null check (state in ('reserved', 'published')),
        -- The instance completing the reservation and until when it may; after that another may take over.
        owner text not null,
        lease_until timestamptz not null,
        reserved_at_ms bigint not null,
        published_at timestamptz,
        created_at timestamptz not null default now()
      );
      create index submissions_reserved on submissions (lease_until) where state = 'reserved';
    `,
  },
  {
    // In doubt: a write failed or timed out after it may have reached the broker. Nobody (its owner included) may
    // write the event again before lease_until, by which the write has certainly landed or died. epoch: the fencing
    // token of the attempt (1, then one more per takeover), carried with the event as a header. attempt_at_ms: when
    // the current epoch's attempt started (ingest clock), which bounds where a recovery looks for an earlier write.
    id: '0002_ingest_in_doubt_epoch',
    sql: `
      alter table submissions drop constraint submissions_state_check;
      alter table submissions add constraint submissions_state_check
        check (state in ('reserved', 'in_doubt', 'published'));
      alter table submissions add column epoch integer not null default 1;
      alter table submissions add column attempt_at_ms bigint;
      update submissions set attempt_at_ms = reserved_at_ms;
      alter table submissions alter column attempt_at_ms set not null;
    `,
  },
  {
    // Idempotency keys are each producer's own: two withdrawal services may use the same key for different
    // withdrawals. Rows written before this carry their producer only inside their event; backfillProducers copies
    // it out before 0004 makes (producer, idempotency_key) the key.
    id: '0003_ingest_producer',
    sql: `alter table submissions add column producer text;`,
  },
];

/** Applied once every row has its producer (see {@link migrateSubmissions}). */
export const INGEST_KEY_MIGRATIONS: Migration[] = [
  {
    id: '0004_ingest_keys_per_producer',
    sql: `
      alter table submissions alter column producer set not null;
      alter table submissions drop constraint submissions_pkey;
      alter table submissions add primary key (producer, idempotency_key);
    `,
  },
];

/**
 * Copies each row's producer out of its stored event where the column is still empty (rows written before 0003),
 * `batch` rows per statement. Idempotent; returns the rows filled.
 */
export async function backfillProducers(pool: pg.Pool, batch = 1_000): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await pool.query<{ withdrawal_id: string; event: Buffer }>(
      'select withdrawal_id, event from submissions where producer is null limit $1',
      [batch],
    );
    if (rows.rows.length === 0) return filled;
    await pool.query(
      `update submissions s set producer = x.p
       from unnest($1::text[], $2::text[]) as x(w, p) where s.withdrawal_id = x.w and s.producer is null`,
      [rows.rows.map((r) => r.withdrawal_id), rows.rows.map((r) => WithdrawalRequested.decode(r.event).producer)],
    );
    filled += rows.rows.length;
  }
}

/**
 * Brings the ingest schema up to date: the migrations before the producer backfill (with `others`, e.g. retention's),
 * the backfill, then the key change. During a rolling update an instance of the previous version may still write
 * rows without a producer: the key change then fails, the instance exits, and its restart (once those instances
 * are gone) backfills them and goes on.
 */
export async function migrateSubmissions(pool: pg.Pool, others: Migration[] = []): Promise<void> {
  await migrate(pool, [...INGEST_MIGRATIONS, ...others]);
  await backfillProducers(pool);
  await migrate(pool, [...INGEST_MIGRATIONS, ...INGEST_KEY_MIGRATIONS, ...others]);
}

interface Row {
  producer: string;
  idempotency_key: string;
  withdrawal_id: string;
  content_sha256: string;
  record_key: string;
  event: Buffer;
  state: 'reserved' | 'in_doubt' | 'published';
  reserved_at_ms: string;
  epoch: number;
  attempt_at_ms: string;
}

const COLUMNS =
  'producer, idempotency_key, withdrawal_id, content_sha256, record_key, event, state, reserved_at_ms, epoch, attempt_at_ms';

const QUALIFIED_COLUMNS = COLUMNS.split(', ')
  .map((column) => `s.${column}`)
  .join(', ');

function fromRow(row: Row): StoredSubmission {
  return {
    producer: row.producer,
    idempotencyKey: row.idempotency_key,
    withdrawalId: row.withdrawal_id,
    contentSha256: row.content_sha256,
    recordKey: row.record_key,
    event: row.event,
    state: row.state,
    reservedAtMillis: Number(row.reserved_at_ms),
    epoch: row.epoch,
    attemptAtMillis: Number(row.attempt_at_ms),
  };
}

/**
 * The PostgreSQL submission store of one ingest instance (`owner`), leasing reservations for `leaseMillis`.
 * Concurrent reserves and marks are coalesced into one statement each (one commit, one WAL flush, for many
 * submissions), which is what lets unary gRPC calls scale past one commit each.
 */
export class PostgresSubmissionStore implements SubmissionStore {
  private readonly reserves: Coalescer<Reservation, ReserveOutcome>;
  private readonly marks: Coalescer<SubmissionRef, void>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly owner: string,
    private readonly leaseMillis: number,
  ) {
    this.reserves = new Coalescer((items) => this.reserveNow(items), 2, 2_000);
    this.marks = new Coalescer(
      async (keys) => {
        await this.markNow(keys);
        return keys.map(() => undefined);
      },
      2,
      5_000,
    );
  }

  reserve(items: readonly Reservation[]): Promise<ReserveOutcome[]> {
    return this.reserves.call(items);
  }

  async markPublished(refs: readonly SubmissionRef[]): Promise<void> {
    await this.marks.call(refs);
  }

  private async reserveNow(items: readonly Reservation[]): Promise<ReserveOutcome[]> {
    // One statement for the batch. ON CONFLICT DO NOTHING without a target skips a row that collides on either
    // unique constraint (producer and key, or withdrawal id), including with an earlier row of the same batch.
    const inserted = await this.pool.query<{ producer: string; idempotency_key: string }>(
      `insert into submissions
         (producer, idempotency_key, withdrawal_id, content_sha256, record_key, event, state, owner, lease_until,
          reserved_at_ms, attempt_at_ms)
       select p, k, w, c, r, e, 'reserved', $7, now() + $8 * interval '1 millisecond', t, t
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[], $9::bigint[])
         as x(p, k, w, c, r, e, t)
       on conflict do nothing
       returning producer, idempotency_key`,
      [
        items.map((i) => i.producer),
        items.map((i) => i.idempotencyKey),
        items.map((i) => i.withdrawalId),
        items.map((i) => i.contentSha256),
        items.map((i) => i.recordKey),
        items.map((i) => i.event),
        this.owner,
        this.leaseMillis,
        items.map((i) => String(i.reservedAtMillis)),
      ],
    );
    const mine = new Set(
      inserted.rows.map((row) => refKey({ producer: row.producer, idempotencyKey: row.idempotency_key })),
    );
    const claimed = new Set<string>();
    const others = items.filter((item) => {
      // A key repeated within the batch: only its first occurrence holds the new reservation.
      const key = refKey(item);
      if (mine.has(key) && !claimed.has(key)) {
        claimed.add(key);
        return false;
      }
      return true;
    });
    const existing = await this.byRef(others);
    const byWithdrawal = await this.byWithdrawalId(
      others.filter((i) => !existing.has(refKey(i))).map((i) => i.withdrawalId),
    );
    const handedOut = new Set<string>();
    return items.map((item): ReserveOutcome => {
      const key = refKey(item);
      if (mine.has(key) && !handedOut.has(key)) {
        handedOut.add(key);
        return { kind: 'reserved' };
      }
      const row = existing.get(key);
      if (row) return { kind: 'existing', row };
      // Not inserted, and its key is not stored: its withdrawal id is. The same content (key included) from another
      // producer is the same submission come through the other door (gRPC, then the intake topic): a duplicate.
      const holder = byWithdrawal.get(item.withdrawalId);
      if (holder && holder.contentSha256 === item.contentSha256) return { kind: 'existing', row: holder };
      return { kind: 'withdrawal-id-taken' };
    });
  }

  private async markNow(refs: readonly SubmissionRef[]): Promise<void> {
    await this.pool.query(
      `update submissions s set state = 'published', published_at = now()
       from unnest($1::text[], $2::text[]) as x(p, k)
       where s.producer = x.p and s.idempotency_key = x.k and s.state in ('reserved', 'in_doubt')`,
      refColumns(refs),
    );
  }

  async markInDoubt(refs: readonly SubmissionRef[], waitMillis: number): Promise<void> {
    if (refs.length === 0) return;
    await this.pool.query(
      `update submissions s set state = 'in_doubt', lease_until = now() + $4 * interval '1 millisecond'
       from unnest($1::text[], $2::text[]) as x(p, k)
       where s.producer = x.p and s.idempotency_key = x.k and s.state in ('reserved', 'in_doubt') and s.owner = $3`,
      [...refColumns(refs), this.owner, waitMillis],
    );
  }

  async release(refs: readonly SubmissionRef[]): Promise<void> {
    if (refs.length === 0) return;
    await this.pool.query(
      `update submissions s set lease_until = now()
       from unnest($1::text[], $2::text[]) as x(p, k)
       where s.producer = x.p and s.idempotency_key = x.k and s.state = 'reserved' and s.owner = $3`,
      [...refColumns(refs), this.owner],
    );
  }

  async takeOver(ref: SubmissionRef, attemptAtMillis: number): Promise<TakeOverOutcome> {
    // Only once the lease has run out, whoever holds it: this instance's own write may still be in flight too.
    const taken = await this.pool.query<Row & { previous_attempt_at_ms: string }>(
      `with previous as (
         select producer, idempotency_key, attempt_at_ms from submissions
         where producer = $1 and idempotency_key = $2 and state in ('reserved', 'in_doubt') and lease_until < now()
         for update
       )
       update submissions s set owner = $3, lease_until = now() + $4 * interval '1 millisecond', state = 'reserved',
         epoch = s.epoch + 1, attempt_at_ms = $5
       from previous p
       where s.producer = p.producer and s.idempotency_key = p.idempotency_key
       returning ${QUALIFIED_COLUMNS}, p.attempt_at_ms as previous_attempt_at_ms`,
      [ref.producer, ref.idempotencyKey, this.owner, this.leaseMillis, String(attemptAtMillis)],
    );
    if (taken.rows[0]) {
      return {
        kind: 'taken',
        row: fromRow(taken.rows[0]),
        previousAttemptAtMillis: Number(taken.rows[0].previous_attempt_at_ms),
      };
    }
    const row = (await this.byRef([ref])).get(refKey(ref));
    return row?.state === 'published' ? { kind: 'published', row } : { kind: 'busy' };
  }

  async ping(): Promise<boolean> {
    await this.pool.query('select 1');
    return true;
  }

  private async byRef(refs: readonly SubmissionRef[]): Promise<Map<string, StoredSubmission>> {
    if (refs.length === 0) return new Map();
    const result = await this.pool.query<Row>(
      `select ${QUALIFIED_COLUMNS}
       from submissions s join (select distinct p, k from unnest($1::text[], $2::text[]) as x(p, k)) x
         on s.producer = x.p and s.idempotency_key = x.k`,
      refColumns(refs),
    );
    return new Map(
      result.rows.map((row) => [refKey({ producer: row.producer, idempotencyKey: row.idempotency_key }), fromRow(row)]),
    );
  }

  private async byWithdrawalId(ids: readonly string[]): Promise<Map<string, StoredSubmission>> {
    if (ids.length === 0) return new Map();
    const result = await this.pool.query<Row>(
      `select ${COLUMNS} from submissions where withdrawal_id = any($1::text[])`,
      [[...new Set(ids)]],
    );
    return new Map(result.rows.map((row) => [row.withdrawal_id, fromRow(row)]));
  }
}

/** The producers and the keys of `refs`, as two parallel arrays for unnest. */
function refColumns(refs: readonly SubmissionRef[]): [string[], string[]] {
  return [refs.map((r) => r.producer), refs.map((r) => r.idempotencyKey)];
}
