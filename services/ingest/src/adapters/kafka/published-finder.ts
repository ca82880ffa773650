import { WithdrawalRequested } from '@cordon/contracts';
import { CordonError, endOffsets, offsetsAtTime, readRange, type KafkaClient, type Logger } from '@cordon/platform';
import { refKey, type PublishedFinder, type SubmissionRef } from '../../ports.js';

interface Query {
  /** refKey of the submission looked for. */
  key: string;
  sinceMillis: number;
  untilMillis: number;
  resolve(found: boolean): void;
  reject(error: Error): void;
}

/** Options of {@link TopicPublishedFinder}. */
export interface PublishedFinderOptions {
  kafka: KafkaClient;
  logger: Logger;
  topic: string;
  /** How far before (and after) the window of the attempts to look, for clock skew between ingest hosts and brokers. */
  lookbackMillis: number;
  /** Longest a scan may take before the recovery is reported unavailable. */
  timeoutMillis: number;
}

/**
 * Answers "is this reservation's event on the requested topic?" by reading the records written in the window of its
 * attempts: from the reservation's time to the end of the last attempt's write bound (widened by the skew allowance
 * on both sides), and no further, so the scan costs the same whether the retry comes a minute or a month later. It
 * is asked only once those attempts have certainly landed or died (their lease ran out), so nothing in the window
 * is still on its way. Only interrupted reservations (a crash, a failed write) ever ask; queries that arrive while a
 * scan runs share the next one.
 */
export class TopicPublishedFinder implements PublishedFinder {
  private pending: Query[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly options: PublishedFinderOptions) {}

  isPublished(ref: SubmissionRef, sinceMillis: number, untilMillis: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({ key: refKey(ref), sinceMillis, untilMillis, resolve, reject });
      this.running ??= this.loop().finally(() => (this.running = undefined));
    });
  }

  private async loop(): Promise<void> {
    while (this.pending.length > 0) {
      const queries = this.pending;
      this.pending = [];
      try {
        const since = Math.min(...queries.map((q) => q.sinceMillis)) - this.options.lookbackMillis;
        const until = Math.max(...queries.map((q) => q.untilMillis)) + this.options.lookbackMillis;
        const found = await this.scan(new Set(queries.map((q) => q.key)), since, until);
        for (const query of queries) query.resolve(found.has(query.key));
      } catch (error) {
        const failure = new CordonError(
          'INGEST_RECOVERY_FAILED',
          `cannot read the requested topic: ${(error as Error).message}`,
          {
            retriable: true,
            cause: error,
          },
        );
        for (const query of queries) query.reject(failure);
      }
    }
  }

  /** Per partition, the offsets of the records written from `sinceMillis` until `untilMillis` (their timestamps). */
  private async ranges(sinceMillis: number, untilMillis: number): Promise<Map<number, { from: bigint; to: bigint }>> {
    const { kafka, topic } = this.options;
    const ends = await endOffsets(kafka, topic);
    const starts = await offsetsAtTime(kafka, topic, sinceMillis);
    const stops = await offsetsAtTime(kafka, topic, untilMillis);
    const ranges = new Map<number, { from: bigint; to: bigint }>();
    for (const { partition, low, end } of ends) {
      const first = starts.get(partition) ?? end;
      const from = first > low ? first : low;
      const stop = stops.get(partition) ?? end;
      const to = stop < end ? stop : end;
      if (from < to) ranges.set(partition, { from, to });
    }
    return ranges;
  }

  private async scan(keys: ReadonlySet<string>, sinceMillis: number, untilMillis: number): Promise<Set<string>> {
    const found = new Set<string>();
    const ranges = await this.ranges(sinceMillis, untilMillis);
    let read = 0;
    // Assigned at those offsets, no group; read_committed, up to the window's end (never to an idle timer).
    await readRange(this.options.kafka, {
      topic: this.options.topic,
      ranges,
      timeoutMillis: this.options.timeoutMillis,
      onRecords: (records) => {
        read += records.length;
        for (const record of records) {
          const key = record.value ? eventKey(record.value) : undefined;
          if (key !== undefined && keys.has(key)) found.add(key);
        }
      },
    });
    this.options.logger.info(
      { keys: keys.size, found: found.size, read },
      'scanned the requested topic for interrupted reservations',
    );
    return found;
  }
}

/** The refKey of an event: its producer's idempotency key (another producer's same key is another submission). */
function eventKey(value: Buffer): string | undefined {
  try {
    return refKey(WithdrawalRequested.decode(value));
  } catch {
    return undefined;
  }
}
