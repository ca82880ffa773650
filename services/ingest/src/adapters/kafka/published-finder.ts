import { WithdrawalRequested } from '@cordon/contracts';
import { CordonError, endOffsets, offsetsAtTime, readToEnd, type KafkaClient, type Logger } from '@cordon/platform';
import type { PublishedFinder } from '../../ports.js';

interface Query {
  key: string;
  sinceMillis: number;
  resolve(found: boolean): void;
  reject(error: Error): void;
}

/** Options of {@link TopicPublishedFinder}. */
export interface PublishedFinderOptions {
  kafka: KafkaClient;
  logger: Logger;
  topic: string;
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

  /** Per partition with records written since `sinceMillis`, the first of them (by the records' timestamps). */
  private async starts(sinceMillis: number): Promise<Map<number, bigint>> {
    const { kafka, topic } = this.options;
    const ends = await endOffsets(kafka, topic);
    const at = await offsetsAtTime(kafka, topic, sinceMillis);
    const starts = new Map<number, bigint>();
    for (const { partition, low, end } of ends) {
      const first = at.get(partition) ?? end;
      const start = first > low ? first : low;
      if (start < end) starts.set(partition, start);
    }
    return starts;
  }

  private async scan(keys: ReadonlySet<string>, sinceMillis: number): Promise<Set<string>> {
    const found = new Set<string>();
    const starts = await this.starts(sinceMillis);
    if (starts.size === 0) return found;
    // Assigned at those offsets, no group; read_committed up to the end as it is now.
    await readToEnd(this.options.kafka, {
      topic: this.options.topic,
      partitions: [...starts.keys()],
      from: starts,
      timeoutMillis: this.options.timeoutMillis,
      onRecords: (records) => {
        for (const record of records) {
          const key = record.value ? eventKey(record.value) : undefined;
          if (key !== undefined && keys.has(key)) found.add(key);
        }
      },
    });
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
