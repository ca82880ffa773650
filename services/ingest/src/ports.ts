import type { OutgoingRecord } from '@cordon/platform';

/** The ingest clock: milliseconds since the Unix epoch. Injected so validation and tests control time. */
export interface Clock {
  now(): number;
}

/**
 * Which submission an idempotency record is: a producer's idempotency key. Keys are the producer's own: two producers
 * (say two withdrawal services) may use the same key for different withdrawals, and neither sees the other's.
 */
export interface SubmissionRef {
  /** Who submitted it, as authenticated (`kafka:<topic>` for the intake topic). */
  producer: string;
  idempotencyKey: string;
}

/** One string per {@link SubmissionRef}, for maps and locks. */
export function refKey(ref: SubmissionRef): string {
  return JSON.stringify([ref.producer, ref.idempotencyKey]);
}

/** A new idempotency record: the key, what it stands for, and the event to publish for it. */
export interface Reservation extends SubmissionRef {
  withdrawalId: string;
  /** Content fingerprint of the submission (see contentFingerprint). */
  contentSha256: string;
  /** Kafka record key of the event (the customer reference). */
  recordKey: string;
  /** The encoded WithdrawalRequested, published as is, by the first attempt or by a later recovery. */
  event: Buffer;
  /** When it was reserved by the ingest clock; a recovery looks for the event on the topic from then on. */
  reservedAtMillis: number;
}

/** An idempotency record as stored. */
export interface StoredSubmission extends Reservation {
  /**
   * reserved: an attempt holds the lease (its write may be under way); in_doubt: a write failed after it may have
   * reached the broker, and nobody may write again before the lease (the in-doubt wait) has run out; published: the
   * event is on the topic.
   */
  state: 'reserved' | 'in_doubt' | 'published';
  /** The fencing token of the current attempt: 1, then one more for each takeover (the record's epoch header). */
  epoch: number;
  /** When the current attempt started, by the ingest clock. */
  attemptAtMillis: number;
}

/** What reserving one key found; withdrawal ids are unique across producers (everything downstream keys by them). */
export type ReserveOutcome =
  { kind: 'reserved' } | { kind: 'existing'; row: StoredSubmission } | { kind: 'withdrawal-id-taken' };

/** What trying to take over a reservation found. */
export type TakeOverOutcome =
  /** Taken, with the new epoch; `previousAttemptAtMillis`: when the attempt before this one started. */
  | { kind: 'taken'; row: StoredSubmission; previousAttemptAtMillis: number }
  | { kind: 'published'; row: StoredSubmission }
  /** Another live instance holds the reservation's lease. */
  | { kind: 'busy' };

/**
 * Durable idempotency records: one per producer's key, unique per withdrawal id, surviving restarts. Reserving a key writes
 * the event to publish, so whichever instance completes the reservation publishes the same bytes.
 */
export interface SubmissionStore {
  /** Reserves each key, or reports what already holds it (one outcome per item, in order). */
  reserve(items: readonly Reservation[]): Promise<ReserveOutcome[]>;
  /** Marks reservations published (their events are on the topic). */
  markPublished(refs: readonly SubmissionRef[]): Promise<void>;
  /**
   * Takes over a reservation (or an in-doubt one) whose lease has run out, whoever held it (this instance too: its
   * own write may still be in flight until then), with a new epoch and `attemptAtMillis` as the attempt's start.
   */
  takeOver(ref: SubmissionRef, attemptAtMillis: number): Promise<TakeOverOutcome>;
  /**
   * Marks this instance's reservations in doubt (a write failed but may have reached the broker): nobody may take
   * them over for `waitMillis`, by when the write has landed or died.
   */
  markInDoubt(refs: readonly SubmissionRef[], waitMillis: number): Promise<void>;
  /** Ends this instance's leases at once: their writes were never started, so a retry may go ahead now. */
  release(refs: readonly SubmissionRef[]): Promise<void>;
  /** True when the database answers. */
  ping(): Promise<boolean>;
}

/** Writes records to Kafka; resolves once they are acknowledged by all in-sync replicas. */
export interface Publisher {
  /**
   * Writes `records`. With `notAfterMillis` (ingest clock), records still queued at that time are failed
   * without being written: their reservation's lease may have passed to another instance by then.
   */
  publish(records: OutgoingRecord[], notAfterMillis?: number): Promise<void>;
  /** Readiness: true when connected to the cluster (reconnecting if needed). */
  ready(): Promise<boolean>;
  /** Writes what is queued, then disconnects. */
  close(): Promise<void>;
}

/** Finds out whether events are on the requested topic already (recovery of interrupted reservations). */
export interface PublishedFinder {
  /**
   * Resolves true when the event of `ref` (its producer and key) is on the topic among the records written between
   * `sinceMillis` and `untilMillis` (record timestamps, widened by the clock-skew allowance): every earlier attempt
   * wrote, if at all, in that window, so a retry days later reads no more than a retry a minute later.
   */
  isPublished(ref: SubmissionRef, sinceMillis: number, untilMillis: number): Promise<boolean>;
}
