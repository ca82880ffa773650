import {
  EVENT_TYPES,
  HEADERS,
  WithdrawalRequested,
  type FieldViolation,
  type IngestChannel,
  type WithdrawalSubmission,
} from '@cordon/contracts';
import { CordonError, encodeEvent, type Logger, type OutgoingRecord } from '@cordon/platform';
import { contentFingerprint } from './domain/fingerprint.js';
import { requestedEvent, validateSubmission } from './domain/submission.js';
import { violation } from './domain/violations.js';
import { InFlightLimiter, KeyLocks } from './limiter.js';
import type { IngestMetrics } from './metrics.js';
import {
  refKey,
  type Clock,
  type Publisher,
  type PublishedFinder,
  type Reservation,
  type StoredSubmission,
  type SubmissionRef,
  type SubmissionStore,
} from './ports.js';

/** One submission as it arrived. */
export interface IngestItem {
  submission: WithdrawalSubmission;
  /** Lower-case hex SHA-256 of the submission's bytes as received. */
  submissionSha256: string;
  /** Who submitted it, as authenticated (recorded in the event). */
  producer: string;
}

/** What became of one submission. */
export type ItemOutcome =
  | { kind: 'accepted'; event: WithdrawalRequested }
  | { kind: 'duplicate'; event: WithdrawalRequested }
  | { kind: 'invalid'; violations: FieldViolation[] }
  /** The idempotency key (or the withdrawal id) was used before for other content. */
  | { kind: 'conflict'; violations: FieldViolation[] }
  /** Too many submissions in flight; nothing was done. */
  | { kind: 'overloaded' }
  /** Kafka or PostgreSQL did not answer in time; the outcome is unknown until the producer retries. */
  | { kind: 'unavailable'; detail: string };

/** Settings of the {@link Ingestor}. */
export interface IngestorSettings {
  requestedTopic: string;
  /** Longest a submission waits for its write before it is answered UNAVAILABLE. */
  sendTimeoutMillis: number;
  /** Tolerated producer clock skew for requested_at. */
  maxFutureSkewMillis: number;
  /** How long a reservation belongs to this instance (at least twice `writeBoundMillis`, checked by the config). */
  leaseMillis: number;
  /**
   * The longest a write can take from its submission until it has certainly landed or died: the queue wait (a write
   * not started within `sendTimeoutMillis` is abandoned unwritten) plus the producer's delivery timeout and one
   * request timeout. Also the in-doubt wait after a failed write.
   */
  writeBoundMillis: number;
}

/** How a submission waits for room: turned away when full (unary gRPC), or queued (streams, intake topic). */
export type Admission = 'reject' | 'wait';

/** Dependencies of the {@link Ingestor}. */
export interface IngestorDeps {
  store: SubmissionStore;
  publisher: Publisher;
  finder: PublishedFinder;
  clock: Clock;
  limiter: InFlightLimiter;
  metrics: IngestMetrics;
  logger: Logger;
}

interface Prepared {
  index: number;
  item: IngestItem;
  event: WithdrawalRequested;
  reservation: Reservation;
  record: OutgoingRecord;
}

const unavailable = (detail: string): ItemOutcome => ({ kind: 'unavailable', detail });

/**
 * The one flow both doors share: validate, reserve the idempotency key in PostgreSQL (with the event to
 * publish), write the event to Kafka, mark the key published. A submission is reported accepted only once its
 * event is acknowledged by Kafka. A reservation left behind by a crash or a failed write is completed by the
 * next submission of the key: the topic is searched for its event first, so it is published once.
 */
export class Ingestor {
  private readonly locks = new KeyLocks();
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly settings: IngestorSettings,
    private readonly deps: IngestorDeps,
  ) {}

  /** Validates and ingests `items`, answering one outcome per item, in order. */
  async submit(items: readonly IngestItem[], channel: IngestChannel, admission: Admission): Promise<ItemOutcome[]> {
    const started = performance.now();
    const now = this.deps.clock.now();
    const outcomes: ItemOutcome[] = new Array(items.length);
    const valid: Prepared[] = [];
    items.forEach((item, index) => {
      const validation = validateSubmission(item.submission, {
        nowMillis: now,
        maxFutureSkewMillis: this.settings.maxFutureSkewMillis,
      });
      if (!validation.ok) {
        outcomes[index] = { kind: 'invalid', violations: validation.violations };
        return;
      }
      const facts = {
        ingestedAtMillis: now,
        channel,
        submissionSha256: item.submissionSha256,
        producer: item.producer,
      };
      valid.push(this.prepare(index, item, requestedEvent(validation.value, facts), now));
    });
    for (const chunk of chunks(valid, Math.max(1, Math.floor(this.deps.limiter.capacity / 2)))) {
      const results = await this.admit(chunk, admission);
      chunk.forEach((prepared, i) => (outcomes[prepared.index] = results[i]!));
    }
    this.deps.metrics.observe(channel, outcomes, (performance.now() - started) / 1000);
    return outcomes;
  }

  private prepare(index: number, item: IngestItem, event: WithdrawalRequested, now: number): Prepared {
    const { value, headers } = encodeEvent(EVENT_TYPES.withdrawalRequested, event);
    return {
      index,
      item,
      event,
      reservation: {
        producer: event.producer,
        idempotencyKey: event.idempotencyKey,
        withdrawalId: event.withdrawalId,
        contentSha256: contentFingerprint(item.submission),
        recordKey: event.partitionKey,
        event: value,
        reservedAtMillis: now,
      },
      record: {
        topic: this.settings.requestedTopic,
        key: event.partitionKey,
        value,
        headers: { ...headers, [HEADERS.reservationEpoch]: '1' },
      },
    };
  }

  /** Takes room for `chunk`, runs it, and answers by the deadline; the work itself runs to its end regardless. */
  private async admit(chunk: Prepared[], admission: Admission): Promise<ItemOutcome[]> {
    const { limiter } = this.deps;
    if (admission === 'reject') {
      if (!limiter.tryAcquire(chunk.length)) return chunk.map(() => ({ kind: 'overloaded' }));
    } else await limiter.acquire(chunk.length);
    const work = this.runInOrder(chunk).finally(() => limiter.release(chunk.length));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<ItemOutcome[]>((resolve) => {
      timer = setTimeout(
        () => resolve(chunk.map(() => unavailable(`not written within ${this.settings.sendTimeoutMillis} ms`))),
        this.settings.sendTimeoutMillis,
      );
    });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A key repeated within one chunk goes after its first occurrence, which it is then a duplicate of. */
  private async runInOrder(chunk: Prepared[]): Promise<ItemOutcome[]> {
    const seen = new Set<string>();
    const first: Prepared[] = [];
    const repeats: Prepared[] = [];
    for (const prepared of chunk) {
      const key = refKey(prepared.reservation);
      (seen.has(key) ? repeats : first).push(prepared);
      seen.add(key);
    }
    const byIndex = new Map<number, ItemOutcome>();
    const firstResults = await this.locked(first);
    first.forEach((p, i) => byIndex.set(p.index, firstResults[i]!));
    for (const repeat of repeats) byIndex.set(repeat.index, (await this.locked([repeat]))[0]!);
    return chunk.map((p) => byIndex.get(p.index)!);
  }

  /**
   * Runs `batch` holding its keys' locks. The answer comes once the events are written; the locks are held
   * until the keys are also marked published, so a later submission of a key in this process sees the final
   * record, while the caller does not wait for that commit.
   */
  private locked(batch: Prepared[]): Promise<ItemOutcome[]> {
    return new Promise((answer) => {
      const settled = this.locks.run(
        batch.map((p) => refKey(p.reservation)),
        async () => {
          const marks: Array<Promise<void>> = [];
          const outcomes = await this.process(batch, marks).catch((error: unknown) => {
            this.deps.logger.warn({ err: error }, 'ingest failed on a store or broker error');
            return batch.map(() => unavailable((error as Error).message));
          });
          answer(outcomes);
          await Promise.all(marks);
        },
      );
      // Work errors became outcomes above; this only keeps an unexpected one from going unhandled.
      const tracked = settled.catch((error: unknown) => this.deps.logger.error({ err: error }, 'ingest work failed'));
      this.background.add(tracked);
      void tracked.finally(() => this.background.delete(tracked));
    });
  }

  /** Resolves once nothing is in flight and every published key is marked (graceful drain). */
  async idle(): Promise<void> {
    await this.deps.limiter.idle();
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  private async process(batch: Prepared[], marks: Array<Promise<void>>): Promise<ItemOutcome[]> {
    const reserved = await this.deps.store.reserve(batch.map((p) => p.reservation));
    const fresh = batch.filter((_, i) => reserved[i]!.kind === 'reserved');
    const [freshOutcomes, otherOutcomes] = await Promise.all([
      this.publishNew(fresh, marks),
      Promise.all(
        batch.map((prepared, i) => {
          const outcome = reserved[i]!;
          if (outcome.kind === 'reserved') return undefined;
          if (outcome.kind === 'withdrawal-id-taken') {
            return conflict(
              'withdrawal_id',
              'WITHDRAWAL_ID_REUSED',
              'withdrawal_id was submitted before under another idempotency_key',
            );
          }
          return this.existing(prepared, outcome.row, marks);
        }),
      ),
    ]);
    let next = 0;
    return otherOutcomes.map((outcome) => outcome ?? freshOutcomes[next++]!);
  }

  /** Writes the events of newly reserved keys in one go and marks them published. */
  private async publishNew(fresh: Prepared[], marks: Array<Promise<void>>): Promise<ItemOutcome[]> {
    if (fresh.length === 0) return [];
    try {
      // Not started by the answer's deadline: abandoned unwritten, so the write ends within writeBoundMillis.
      const notAfter = fresh[0]!.reservation.reservedAtMillis + this.settings.sendTimeoutMillis;
      await this.deps.publisher.publish(
        fresh.map((p) => p.record),
        notAfter,
      );
    } catch (error) {
      await this.settleFailure(
        fresh.map((p) => p.reservation),
        error,
      );
      return fresh.map(() => unavailable((error as Error).message));
    }
    marks.push(this.markPublished(fresh.map((p) => p.reservation)));
    return fresh.map((p) => ({ kind: 'accepted', event: p.event }));
  }

  /** A key seen before: a conflict when the content differs, else the first result (completing it if needed). */
  private async existing(prepared: Prepared, row: StoredSubmission, marks: Array<Promise<void>>): Promise<ItemOutcome> {
    if (row.contentSha256 !== prepared.reservation.contentSha256) {
      return conflict(
        'idempotency_key',
        'IDEMPOTENCY_CONFLICT',
        'idempotency_key was used before for a different submission',
      );
    }
    if (row.state === 'published') return { kind: 'duplicate', event: storedEvent(row) };
    return this.recover(row, marks);
  }

  /**
   * Completes a reservation whose first attempt did not finish (its instance crashed, or the write failed or
   * timed out): the event may or may not be on the topic, so it is looked for there before it is written again.
   * Holding the lease (and this process's key lock) guarantees no other attempt is writing it meanwhile.
   */
  private async recover(row: StoredSubmission, marks: Array<Promise<void>>): Promise<ItemOutcome> {
    const attemptAt = this.deps.clock.now();
    const taken = await this.deps.store.takeOver(row, attemptAt);
    if (taken.kind === 'published') return { kind: 'duplicate', event: storedEvent(taken.row) };
    if (taken.kind === 'busy') {
      return unavailable('this submission is being completed, or its last write is in doubt; retry later');
    }
    const event = storedEvent(taken.row);
    // Every earlier attempt started between the reservation and the previous attempt, and has landed or died by
    // its start plus the write bound (the lease it held ran out): the event, if written, is in that window.
    const found = await this.deps.finder.isPublished(
      row,
      taken.row.reservedAtMillis,
      taken.previousAttemptAtMillis + this.settings.writeBoundMillis,
    );
    this.deps.metrics.recovered(found);
    if (found) {
      marks.push(this.markPublished([row]));
      return { kind: 'duplicate', event };
    }
    try {
      const notAfter = attemptAt + this.settings.sendTimeoutMillis;
      await this.deps.publisher.publish([storedRecord(this.settings.requestedTopic, taken.row)], notAfter);
    } catch (error) {
      await this.settleFailure([row], error);
      return unavailable((error as Error).message);
    }
    marks.push(this.markPublished([row]));
    return { kind: 'accepted', event };
  }

  /**
   * After a failed write: one never started (expired in the queue, or no connection) releases its keys at once; one that may have
   * reached the broker leaves them in doubt for the write bound. Best effort: if this fails, the lease (at least
   * twice the write bound) still keeps everyone off until the write is over.
   */
  private async settleFailure(keys: SubmissionRef[], error: unknown): Promise<void> {
    const neverWritten =
      error instanceof CordonError && (error.code === 'INGEST_WRITE_EXPIRED' || error.code === 'INGEST_NOT_CONNECTED');
    await (
      neverWritten ? this.deps.store.release(keys) : this.deps.store.markInDoubt(keys, this.settings.writeBoundMillis)
    ).catch((storeError: unknown) =>
      this.deps.logger.warn(
        { err: storeError, keys: keys.length },
        'could not settle a failed write; lease left to run out',
      ),
    );
  }

  /**
   * The event is on the topic whatever happens here: a failure only leaves the key reserved, and the next
   * submission of the key finds the event and completes the record.
   */
  private async markPublished(keys: SubmissionRef[]): Promise<void> {
    await this.deps.store.markPublished(keys).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, keys: keys.length }, 'could not mark submissions published; left reserved');
    });
  }
}

function storedRecord(topic: string, row: StoredSubmission): OutgoingRecord {
  const type = EVENT_TYPES.withdrawalRequested;
  return {
    topic,
    key: row.recordKey,
    value: row.event,
    headers: {
      [HEADERS.type]: type.typeName,
      [HEADERS.schemaVersion]: String(type.schemaVersion),
      [HEADERS.reservationEpoch]: String(row.epoch),
    },
  };
}

function conflict(
  field: string,
  code: 'IDEMPOTENCY_CONFLICT' | 'WITHDRAWAL_ID_REUSED',
  description: string,
): ItemOutcome {
  return { kind: 'conflict', violations: [violation(field, code, description)] };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** Decodes a stored event (written by this service, so it always decodes). */
function storedEvent(row: StoredSubmission): WithdrawalRequested {
  return WithdrawalRequested.decode(row.event);
}
