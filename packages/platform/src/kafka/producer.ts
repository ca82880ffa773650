import { CompressionTypes, type Kafka, type Producer, type RetryOptions, type Transaction } from 'kafkajs';
import { CordonError } from '../errors.js';
import type { Logger } from '../logger.js';

/** One record to write. Keys decide the partition, so ordering holds per key. */
export interface OutgoingRecord {
  topic: string;
  key: string | Buffer | null;
  value: Buffer | null;
  headers?: Record<string, string | Buffer>;
}

/** Consumer offsets to commit inside a transaction: the next offset to read, per topic-partition. */
export interface OffsetCommit {
  consumerGroupId: string;
  offsets: Array<{ topic: string; partition: number; offset: string }>;
}

/** Writes records; resolves once the broker has them (acks=all, idempotent). */
export interface EventProducer {
  send(records: OutgoingRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** Where the broker put one partition's share of a send. */
export interface WrittenBatch {
  topic: string;
  partition: number;
  /** Offset of the first record of the batch, as a decimal string. */
  baseOffset: string;
}

/** Options of one send. */
export interface SendOptions {
  /** Compress the batch with gzip (large payloads such as list snapshots). */
  gzip?: boolean;
}

/** What a unit of transactional work may do. */
export interface TransactionScope {
  /**
   * Sends records (one produce request per partition; kafkajs puts one call's records for a partition into one
   * record batch, which the broker bounds by `message.max.bytes`) and says where each partition's batch landed.
   */
  send(records: OutgoingRecord[], options?: SendOptions): Promise<WrittenBatch[]>;
  sendOffsets(commit: OffsetCommit): Promise<void>;
}

/** Runs units of work atomically: all of a unit's records (and offsets) become visible together, or none. */
export interface TransactionalProducer {
  inTransaction<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function groupByTopic(records: OutgoingRecord[]) {
  const byTopic = new Map<
    string,
    Array<{ key: string | Buffer | null; value: Buffer | null; headers?: Record<string, string | Buffer> }>
  >();
  for (const record of records) {
    const messages = byTopic.get(record.topic) ?? [];
    messages.push({ key: record.key, value: record.value, ...(record.headers ? { headers: record.headers } : {}) });
    byTopic.set(record.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** An idempotent producer (no duplicates from its own retries; acks from all in-sync replicas). */
export async function createIdempotentProducer(kafka: Kafka): Promise<EventProducer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5, allowAutoTopicCreation: false });
  await producer.connect();
  return {
    async send(records) {
      if (records.length === 0) return;
      await producer.sendBatch({ topicMessages: groupByTopic(records), acks: -1 });
    },
    close: () => producer.disconnect(),
  };
}

const isConcurrentTransactions = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { type?: string }).type === 'CONCURRENT_TRANSACTIONS';

/**
 * A transactional producer that handles kafkajs' known transaction pitfalls:
 * - right after a commit, the broker may still be completing it and answer CONCURRENT_TRANSACTIONS to the next
 *   transaction's first request (kafkajs issue #1068): that start is retried with a short backoff;
 * - after a broker outage or a failed abort, a kafkajs producer can be left in a transaction state it cannot
 *   leave (issues #430, #1416): the producer is then disconnected and recreated with the same transactional
 *   id, whose InitProducerId fences the old epoch and aborts whatever it left open.
 * Work that throws is aborted; the error is rethrown for the caller's retry policy.
 * `options.retry` replaces the client's retry settings for this producer's requests (see TRANSACTION_RETRY).
 */
export async function createTransactionalProducer(
  kafka: Kafka,
  transactionalId: string,
  logger: Logger,
  options: { transactionTimeoutMillis?: number; retry?: RetryOptions } = {},
): Promise<TransactionalProducer> {
  const beginWith = async (target: Producer): Promise<Transaction> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await target.transaction();
      } catch (error) {
        if (!isConcurrentTransactions(error) || attempt >= 10) throw error;
        await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
      }
    }
  };
  const make = async (): Promise<Producer> => {
    const producer = kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      transactionTimeout: options.transactionTimeoutMillis ?? 30_000,
      ...(options.retry ? { retry: { ...options.retry } } : {}),
    });
    await producer.connect();
    // kafkajs initialises the transactional id only at the first transaction. Doing it now (an empty transaction,
    // aborted without a request) fences any predecessor and lets the coordinator complete or abort what it left
    // open, so that once this resolves the committed consumer offsets are stable to read.
    const first = await beginWith(producer);
    await first.abort();
    return producer;
  };
  let producer = await make();
  let broken = false;

  const recreate = async (reason: unknown) => {
    logger.warn({ transactionalId, err: reason }, 'recreating transactional producer');
    await producer.disconnect().catch(() => undefined);
    producer = await make();
    broken = false;
  };

  const begin = () => beginWith(producer);

  return {
    async inTransaction(work) {
      if (broken) await recreate('previous transaction left the producer unusable');
      const transaction = await begin();
      const scope: TransactionScope = {
        async send(records, sendOptions = {}) {
          if (records.length === 0) return [];
          const written = await transaction.sendBatch({
            topicMessages: groupByTopic(records),
            acks: -1,
            ...(sendOptions.gzip ? { compression: CompressionTypes.GZIP } : {}),
          });
          return written.map((w) => ({ topic: w.topicName, partition: w.partition, baseOffset: w.baseOffset ?? '-1' }));
        },
        async sendOffsets(commit) {
          const topics = new Map<string, Array<{ partition: number; offset: string }>>();
          for (const { topic, partition, offset } of commit.offsets) {
            topics.set(topic, [...(topics.get(topic) ?? []), { partition, offset }]);
          }
          await transaction.sendOffsets({
            consumerGroupId: commit.consumerGroupId,
            topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
          });
        },
      };
      let result;
      try {
        result = await work(scope);
      } catch (error) {
        await transaction.abort().catch((abortError) => {
          broken = true;
          logger.warn({ transactionalId, err: abortError }, 'abort failed');
        });
        throw error;
      }
      try {
        await transaction.commit();
      } catch (error) {
        // A failed commit leaves the outcome to the coordinator (it aborts on timeout or fencing); this producer
        // is not trusted again.
        broken = true;
        throw new CordonError('KAFKA_COMMIT_FAILED', `transaction commit failed: ${(error as Error).message}`, {
          retriable: true,
          cause: error,
        });
      }
      return result;
    },
    close: () => producer.disconnect(),
  };
}
