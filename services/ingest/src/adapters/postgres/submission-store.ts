import type pg from 'pg';
import type { Migration } from '@cordon/platform';
import type { Reservation, ReserveOutcome, StoredSubmission, SubmissionStore, TakeOverOutcome } from '../../ports.js';
import { Coalescer } from '../../coalescer.js';

/** The ingest schema: one row per idempotency key, unique per withdrawal id. */
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
];

interface Row {
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
  'idempotency_key, withdrawal_id, content_sha256, record_key, event, state, reserved_at_ms, epoch, attempt_at_ms';

function fromRow(row: Row): StoredSubmission {
  return {
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
  private readonly marks: Coalescer<string, void>;

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

  async markPublished(keys: readonly string[]): Promise<void> {
    await this.marks.call(keys);
  }

  private async reserveNow(items: readonly Reservation[]): Promise<ReserveOutcome[]> {
    // One statement for the batch. ON CONFLICT DO NOTHING without a target skips a row that collides on either
    // unique column (key or withdrawal id), including with an earlier row of the same batch.
    const inserted = await this.pool.query<{ idempotency_key: string }>(
      `insert into submissions
         (idempotency_key, withdrawal_id, content_sha256, record_key, event, state, owner, lease_until, reserved_at_ms,
          attempt_at_ms)
       select k, w, c, r, e, 'reserved', $6, now() + $7 * interval '1 millisecond', t, t
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $8::bigint[]) as x(k, w, c, r, e, t)
       on conflict do nothing
       returning idempotency_key`,
      [
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
    const mine = new Set(inserted.rows.map((row) => row.idempotency_key));
    const claimed = new Set<string>();
    const others = items.filter((item) => {
      // A key repeated within the batch: only its first occurrence holds the new reservation.
      if (mine.has(item.idempotencyKey) && !claimed.has(item.idempotencyKey)) {
        claimed.add(item.idempotencyKey);
        return false;
      }
      return true;
    });
    const existing = await this.byKey(others.map((i) => i.idempotencyKey));
    const takenIds = await this.keysOfWithdrawals(
      others.filter((i) => !existing.has(i.idempotencyKey)).map((i) => i.withdrawalId),
    );
    const handedOut = new Set<string>();
    return items.map((item): ReserveOutcome => {
      if (mine.has(item.idempotencyKey) && !handedOut.has(item.idempotencyKey)) {
        handedOut.add(item.idempotencyKey);
        return { kind: 'reserved' };
      }
      const row = existing.get(item.idempotencyKey);
      if (row) return { kind: 'existing', row };
      return { kind: 'withdrawal-id-taken', byKey: takenIds.get(item.withdrawalId) ?? '' };
    });
  }

  private async markNow(keys: readonly string[]): Promise<void> {
    await this.pool.query(
      `update submissions set state = 'published', published_at = now()
       where idempotency_key = any($1::text[]) and state in ('reserved', 'in_doubt')`,
      [keys],
    );
  }

  async markInDoubt(keys: readonly string[], waitMillis: number): Promise<void> {
    if (keys.length === 0) return;
    await this.pool.query(
      `update submissions set state = 'in_doubt', lease_until = now() + $3 * interval '1 millisecond'
       where idempotency_key = any($1::text[]) and state in ('reserved', 'in_doubt') and owner = $2`,
      [keys, this.owner, waitMillis],
    );
  }

  async release(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.pool.query(
      `update submissions set lease_until = now()
       where idempotency_key = any($1::text[]) and state = 'reserved' and owner = $2`,
      [keys, this.owner],
    );
  }

  async takeOver(key: string, attemptAtMillis: number): Promise<TakeOverOutcome> {
    // Only once the lease has run out, whoever holds it: this instance's own write may still be in flight too.
    const taken = await this.pool.query<Row & { previous_attempt_at_ms: string }>(
      `with previous as (
         select idempotency_key, attempt_at_ms from submissions
         where idempotency_key = $1 and state in ('reserved', 'in_doubt') and lease_until < now()
         for update
       )
       update submissions s set owner = $2, lease_until = now() + $3 * interval '1 millisecond', state = 'reserved',
         epoch = s.epoch + 1, attempt_at_ms = $4
       from previous p
       where s.idempotency_key = p.idempotency_key
       returning ${COLUMNS.split(', ')
         .map((column) => `s.${column}`)
         .join(', ')}, p.attempt_at_ms as previous_attempt_at_ms`,
      [key, this.owner, this.leaseMillis, String(attemptAtMillis)],
    );
    if (taken.rows[0]) {
      return {
        kind: 'taken',
        row: fromRow(taken.rows[0]),
        previousAttemptAtMillis: Number(taken.rows[0].previous_attempt_at_ms),
      };
    }
    const row = (await this.byKey([key])).get(key);
    return row?.state === 'published' ? { kind: 'published', row } : { kind: 'busy' };
  }

  async ping(): Promise<boolean> {
    await this.pool.query('select 1');
    return true;
  }

  private async byKey(keys: readonly string[]): Promise<Map<string, StoredSubmission>> {
    if (keys.length === 0) return new Map();
    const result = await this.pool.query<Row>(
      `select ${COLUMNS} from submissions where idempotency_key = any($1::text[])`,
      [[...new Set(keys)]],
    );
    return new Map(result.rows.map((row) => [row.idempotency_key, fromRow(row)]));
  }

  private async keysOfWithdrawals(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const result = await this.pool.query<{ withdrawal_id: string; idempotency_key: string }>(
      'select withdrawal_id, idempotency_key from submissions where withdrawal_id = any($1::text[])',
      [[...new Set(ids)]],
    );
    return new Map(result.rows.map((row) => [row.withdrawal_id, row.idempotency_key]));
  }
}
