/**
 * Follows the compacted suppressions topic: reads it whole (read_committed) at start, up to where it ended then,
 * and keeps following it, handing every record (a suppression, or a tombstone) to the table in offset order per
 * partition. Like the list feed, the reader owns its position (assigned partitions, no group, nothing committed).
 *
 * A suppression record that cannot be decoded, or whose key is not the suppression's own, is skipped with a
 * reason (the topic belongs to case-management; screening cannot dead-letter or fix it), and counted.
 */
import { EVENT_TYPES, type Suppression } from '@cordon/contracts';
import {
  backoff,
  decodeEvent,
  endOffsets,
  openReader,
  sleep,
  type ConsumedRecord,
  type KafkaClient,
  type Logger,
  type TopicReader,
} from '@cordon/platform';
import { suppressionProblem } from '@cordon/screening-core/contract';

/** Options for {@link startSuppressionFeed}. */
export interface SuppressionFeedOptions {
  kafka: KafkaClient;
  logger: Logger;
  topic: string;
  /** A suppression (or, with null, a tombstone) for the record key. */
  onRecord(key: string, suppression: Suppression | null): void;
  /** A record not taken, with the reason. */
  onIgnored(reason: string, detail: string): void;
}

/** A running suppression feed. */
export interface SuppressionFeed {
  /** Resolves once the topic has been read up to where it ended at start. */
  initialLoaded: Promise<void>;
  /** Resolves (never rejects) if the feed stops for good. */
  failed: Promise<Error>;
  positions(): Map<number, bigint>;
  stop(): Promise<void>;
}

const RETRY = { initialRetryTime: 200, multiplier: 2, maxRetryTime: 10_000, retries: 12 };

/** Starts following the suppressions topic. */
export async function startSuppressionFeed(options: SuppressionFeedOptions): Promise<SuppressionFeed> {
  const { kafka, logger, topic } = options;
  const ends = new Map((await endOffsets(kafka, topic)).map((e) => [e.partition, e.end]));
  const reader: TopicReader = await openReader(kafka, { topic, maxPartitionFetchBytes: 1024 * 1024 });
  let initialDone = false;
  let stopped = false;
  let resolveInitial: () => void = () => undefined;
  let rejectInitial: (error: Error) => void = () => undefined;
  const initialLoaded = new Promise<void>((resolve, reject) => {
    resolveInitial = resolve;
    rejectInitial = reject;
  });
  initialLoaded.catch(() => undefined);
  let signalFailed: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => {
    signalFailed = resolve;
  });

  const caughtUp = () => {
    const positions = reader.positions();
    return reader.partitions.every((p) => (positions.get(p) ?? 0n) >= (ends.get(p) ?? 0n));
  };

  const handle = (record: ConsumedRecord) => {
    const key = record.key?.toString('utf8');
    const where = `partition ${record.partition} offset ${record.offset}`;
    if (key === undefined || key === '') {
      options.onIgnored('no-key', `suppression record without a key at ${where}`);
      return;
    }
    if (record.value === null) {
      options.onRecord(key, null);
      return;
    }
    let suppression: Suppression;
    try {
      suppression = decodeEvent(EVENT_TYPES.suppression, record.value, record.headers);
    } catch (error) {
      options.onIgnored('undecodable', `suppression record at ${where}: ${(error as Error).message}`);
      return;
    }
    const problem = suppressionProblem(key, suppression);
    if (problem !== undefined) {
      options.onIgnored('invalid', `suppression record at ${where}: ${problem}`);
      return;
    }
    options.onRecord(key, suppression);
  };

  const loop = async () => {
    let pollFailures = 0;
    while (!stopped) {
      if (!initialDone && caughtUp()) {
        initialDone = true;
        resolveInitial();
      }
      let records;
      try {
        records = await reader.poll(1_000, initialDone ? 500 : 100);
        pollFailures = 0;
      } catch (error) {
        pollFailures++;
        if (pollFailures > RETRY.retries) throw error;
        logger.warn({ err: error, topic, attempt: pollFailures }, 'suppression feed poll failed; retrying');
        await sleep(backoff(RETRY, pollFailures));
        continue;
      }
      for (const record of records) {
        if (stopped) return;
        handle(record);
      }
    }
  };

  const running = loop().catch((error: Error) => {
    logger.error({ err: error, topic }, 'suppression feed stopped');
    rejectInitial(error);
    signalFailed(error);
  });

  return {
    initialLoaded,
    failed,
    positions: () => reader.positions(),
    async stop() {
      stopped = true;
      await running;
      await reader.close();
    },
  };
}
