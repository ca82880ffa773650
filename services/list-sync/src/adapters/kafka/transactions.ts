/**
 * A transactional producer whose sends return where the broker put the records. The platform's producer hides
 * the produce response, but a version manifest must carry the offset of its first snapshot chunk, written in the
 * same transaction. The pitfalls handled are the platform's (see createTransactionalProducer): a begin right after
 * a commit may meet CONCURRENT_TRANSACTIONS, and a producer whose abort or commit failed is recreated, which
 * fences its old epoch and aborts whatever it left open.
 */
import { CompressionTypes, type Kafka, type Producer, type RecordMetadata, type Transaction } from 'kafkajs';
import { CordonError, type Logger, type OutgoingRecord } from '@cordon/platform';

/** What one unit of work may do inside its transaction. */
export interface TransactionScope {
  /**
   * Sends records as one produce request per partition and returns the base offset of each partition's batch.
   * kafkajs puts one call's records for a partition into one record batch, which the broker bounds by
   * `message.max.bytes`: callers keep one call's records well below it.
   */
  send(records: OutgoingRecord[], options?: { gzip?: boolean }): Promise<RecordMetadata[]>;
}

/** Runs units of work atomically: all of a unit's records become visible to read_committed readers, or none. */
export interface VersionProducer {
  inTransaction<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const isConcurrentTransactions = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { type?: string }).type === 'CONCURRENT_TRANSACTIONS';

function topicMessages(records: OutgoingRecord[]) {
  const byTopic = new Map<string, Array<Omit<OutgoingRecord, 'topic'>>>();
  for (const { topic, ...message } of records) byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * Connects a transactional producer with `transactionalId`. Connecting initialises the id, which fences any older
 * producer with the same id and aborts its open transaction: use one id per list source.
 */
export async function createVersionProducer(
  kafka: Kafka,
  transactionalId: string,
  logger: Logger,
  options: { transactionTimeoutMillis?: number } = {},
): Promise<VersionProducer> {
  const make = async (): Promise<Producer> => {
    const producer = kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      transactionTimeout: options.transactionTimeoutMillis ?? 120_000,
    });
    await producer.connect();
    return producer;
  };
  let producer = await make();
  let broken = false;

  const begin = async (): Promise<Transaction> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await producer.transaction();
      } catch (error) {
        if (!isConcurrentTransactions(error) || attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
      }
    }
  };

  return {
    async inTransaction(work) {
      if (broken) {
        logger.warn({ transactionalId }, 'recreating transactional producer after a failed transaction');
        await producer.disconnect().catch(() => undefined);
        producer = await make();
        broken = false;
      }
      const transaction = await begin();
      const scope: TransactionScope = {
        async send(records, sendOptions = {}) {
          if (records.length === 0) return [];
          return transaction.sendBatch({
            topicMessages: topicMessages(records),
            acks: -1,
            ...(sendOptions.gzip ? { compression: CompressionTypes.GZIP } : {}),
          });
        },
      };
      let result;
      try {
        result = await work(scope);
      } catch (error) {
        await transaction.abort().catch((abortError: unknown) => {
          broken = true;
          logger.warn({ transactionalId, err: abortError }, 'abort failed');
        });
        throw error;
      }
      try {
        await transaction.commit();
      } catch (error) {
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
