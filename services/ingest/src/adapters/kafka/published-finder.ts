import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { WithdrawalRequested } from '@cordon/contracts';
import { CordonError, type Logger } from '@cordon/platform';
import type { PublishedFinder } from '../../ports.js';

interface Query {
  key: string;
  sinceMillis: number;
  resolve(found: boolean): void;
  reject(error: Error): void;
}

/** Options of {@link TopicPublishedFinder}. */
export interface PublishedFinderOptions {
  kafka: Kafka;
  logger: Logger;
  topic: string;
  /** Group id prefix of the short-lived scanning consumers (the service name). */
  service: string;
  /** How far before a reservation to start looking, for clock skew between ingest hosts and brokers. */
  lookbackMillis: number;
  /** Longest a scan may take before the recovery is reported unavailable. */
  timeoutMillis: number;
}

/**
 * Answers "is this reservation's event on the requested topic?" by reading the topic from the reservation's
 * time to its current end. Only interrupted reservations (a crash, a failed write) ever ask, so the cost of a
 * scan is paid rarely; queries that arrive while a scan runs share the next one.
 */
export class TopicPublishedFinder implements PublishedFinder {
  private pending: Query[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly options: PublishedFinderOptions) {}

  isPublished(key: string, sinceMillis: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({ key, sinceMillis, resolve, reject });
      this.running ??= this.loop().finally(() => (this.running = undefined));
    });
  }

  private async loop(): Promise<void> {
    while (this.pending.length > 0) {
      const queries = this.pending;
      this.pending = [];
      try {
        const since = Math.min(...queries.map((q) => q.sinceMillis)) - this.options.lookbackMillis;
        const found = await this.scan(new Set(queries.map((q) => q.key)), since);
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

  /** Partition ranges [start, end) holding records written since `sinceMillis`. */
  private async ranges(sinceMillis: number): Promise<Map<number, { start: bigint; end: bigint }>> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(this.options.topic);
      const starts = await admin.fetchTopicOffsetsByTimestamp(this.options.topic, Math.max(0, sinceMillis));
      const ranges = new Map<number, { start: bigint; end: bigint }>();
      for (const end of ends) {
        const high = BigInt(end.high);
        const at = starts.find((s) => s.partition === end.partition)?.offset;
        // -1: no record at or after the timestamp in this partition.
        const start =
          at === undefined || at === '-1' ? high : BigInt(at) > BigInt(end.low) ? BigInt(at) : BigInt(end.low);
        if (start < high) ranges.set(end.partition, { start, end: high });
      }
      return ranges;
    } finally {
      await admin.disconnect();
    }
  }

  private async scan(keys: ReadonlySet<string>, sinceMillis: number): Promise<Set<string>> {
    const found = new Set<string>();
    const ranges = await this.ranges(sinceMillis);
    if (ranges.size === 0) return found;
    const { kafka, topic } = this.options;
    const consumer = kafka.consumer({
      groupId: `${this.options.service}-recovery-${randomUUID()}`,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: false });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`scan of ${topic} took more than ${this.options.timeoutMillis} ms`)),
          this.options.timeoutMillis,
        );
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        consumer.on(consumer.events.GROUP_JOIN, () => {
          for (const [partition, range] of ranges) consumer.seek({ topic, partition, offset: range.start.toString() });
        });
        consumer.on(consumer.events.CRASH, (event) => {
          clearTimeout(timer);
          reject(event.payload.error);
        });
        void consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const range = ranges.get(batch.partition);
              if (!range) return;
              for (const message of batch.messages) {
                if (BigInt(message.offset) < range.start || BigInt(message.offset) >= range.end || !message.value)
                  continue;
                const key = eventKey(message.value);
                if (key !== undefined && keys.has(key)) found.add(key);
              }
              if (BigInt(batch.lastOffset()) + 1n >= range.end) ranges.delete(batch.partition);
              if (ranges.size === 0) done();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
    this.options.logger.info(
      { keys: keys.size, found: found.size },
      'scanned the requested topic for interrupted reservations',
    );
    return found;
  }
}

function eventKey(value: Buffer): string | undefined {
  try {
    return WithdrawalRequested.decode(value).idempotencyKey;
  } catch {
    return undefined;
  }
}
