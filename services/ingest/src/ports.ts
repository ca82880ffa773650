import type { OutgoingRecord } from '@cordon/platform';

/** The ingest clock: milliseconds since the Unix epoch. Injected so validation and tests control time. */
export interface Clock {
  now(): number;
}

/** A new idempotency record: the key, what it stands for, and the event to publish for it. */
export interface Reservation {
  idempotencyKey: string;
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
  /** reserved: the event may or may not be on the topic yet; published: it is. */
  state: 'reserved' | 'published';
}

/** What reserving one key found. */
export type ReserveOutcome =
  { kind: 'reserved' } | { kind: 'existing'; row: StoredSubmission } | { kind: 'withdrawal-id-taken'; byKey: string };

/** What trying to take over a reservation found. */
export type TakeOverOutcome =
  | { kind: 'taken'; row: StoredSubmission }
  | { kind: 'published'; row: StoredSubmission }
  /** Another live instance holds the reservation's lease. */
  | { kind: 'busy' };

/**
 * Durable idempotency records: one per key, unique per withdrawal id, surviving restarts. Reserving a key writes
 * the event to publish, so whichever instance completes the reservation publishes the same bytes.
 */
export interface SubmissionStore {
  /** Reserves each key, or reports what already holds it (one outcome per item, in order). */
  reserve(items: readonly Reservation[]): Promise<ReserveOutcome[]>;
  /** Marks reservations published (their events are on the topic). */
  markPublished(keys: readonly string[]): Promise<void>;
  /** Takes over a reservation this instance owns, or whose owner's lease has expired. */
  takeOver(key: string): Promise<TakeOverOutcome>;
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
  /** Resolves true when the event of `idempotencyKey`, reserved at `sinceMillis`, is on the topic. */
  isPublished(idempotencyKey: string, sinceMillis: number): Promise<boolean>;
}
