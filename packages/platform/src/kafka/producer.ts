import type { KafkaJS } from '@confluentinc/kafka-javascript';
import { CordonError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { KafkaClient, NativeConfig } from './client.js';

/** One record to write. Keys decide the partition, so ordering holds per key. */
export interface OutgoingRecord {
  topic: string;
  key: string | Buffer | null;
  value: Buffer | null;
  headers?: Record<string, string | Buffer>;
  /** An explicit partition; by default the key's hash (murmur2, as the Java client) decides. */
  partition?: number;
}

/** A consumer-group member whose position a transaction commits (see runExactlyOnce); platform-internal. */
export interface GroupMember {
  readonly native: KafkaJS.Consumer;
}

/** Consumer offsets to commit inside a transaction: the next offset to read, per topic-partition. */
export interface OffsetCommit {
  /** The member that consumed the records: its group generation goes with the offsets (KIP-447 fencing). */
  member: GroupMember;
  offsets: Array<{ topic: string; partition: number; offset: string }>;
}

/** Writes records; resolves once the broker has them (acks=all, idempotent). */
export interface EventProducer {
  send(records: OutgoingRecord[]): Promise<WrittenBatch[]>;
  close(): Promise<void>;
}

/** Where the broker put one partition's share of a send. */
export interface WrittenBatch {
  topic: string;
  partition: number;
  /** Offset of the first record of the send in this partition, as a decimal string. */
  baseOffset: string;
}

/** What a unit of transactional work may do. */
export interface TransactionScope {
  /** Sends records and says where each partition's first record landed. */
  send(records: OutgoingRecord[]): Promise<WrittenBatch[]>;
  sendOffsets(commit: OffsetCommit): Promise<void>;
}

/** Runs units of work atomically: all of a unit's records (and offsets) become visible together, or none. */
export interface TransactionalProducer {
  readonly transactionalId: string;
  inTransaction<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Options of a producer. */
export interface ProducerOptions {
  /** Compression of every batch (large payloads such as list snapshots): librdkafka compresses per batch. */
  compression?: 'gzip' | 'none';
  /**
   * How long librdkafka waits to fill a batch (default 1 ms for transactional producers, whose sends are awaited,
   * 5 ms otherwise).
   */
  lingerMillis?: number;
  /** Longest time one send may take in all, retries included (librdkafka `delivery.timeout.ms`, default 30 s). */
  deliveryTimeoutMillis?: number;
  /**
   * Longest wait for the broker's answer to one produce request, acks included (librdkafka `request.timeout.ms`,
   * default 30 s). A request already sent when the delivery timeout fires may still land up to this long after it.
   */
  requestTimeoutMillis?: number;
}

function toMessages(records: OutgoingRecord[]) {
  const byTopic = new Map<string, KafkaJS.Message[]>();
  for (const record of records) {
    const messages = byTopic.get(record.topic) ?? [];
    const message: KafkaJS.Message = { key: record.key, value: record.value };
    if (record.headers) message.headers = { ...record.headers };
    if (record.partition !== undefined) message.partition = record.partition;
    messages.push(message);
    byTopic.set(record.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

function written(metadata: KafkaJS.RecordMetadata[]): WrittenBatch[] {
  return metadata.map((m) => ({
    topic: m.topicName,
    partition: m.partition,
    baseOffset: String(m.baseOffset ?? '-1'),
  }));
}

function producerConfig(client: KafkaClient, options: ProducerOptions, defaults: { linger: number }): NativeConfig {
  return {
    'linger.ms': options.lingerMillis ?? defaults.linger,
    'compression.type': options.compression ?? 'none',
    'delivery.timeout.ms': options.deliveryTimeoutMillis ?? 30_000,
    ...(options.requestTimeoutMillis !== undefined ? { 'request.timeout.ms': options.requestTimeoutMillis } : {}),
    // A whole snapshot chunk or a burst of decisions in one request.
    'batch.num.messages': 10_000,
    'batch.size': 4 * 1024 * 1024,
    'client.id': client.settings.clientId,
  };
}

/** An idempotent producer (no duplicates from its own retries; acks from all in-sync replicas). */
export async function createIdempotentProducer(
  client: KafkaClient,
  options: ProducerOptions = {},
): Promise<EventProducer> {
  const producer = client.native.producer({
    kafkaJS: { idempotent: true, acks: -1, allowAutoTopicCreation: false },
    ...producerConfig(client, options, { linger: 5 }),
  } as KafkaJS.ProducerConstructorConfig);
  await producer.connect();
  return {
    async send(records) {
      if (records.length === 0) return [];
      return written(await producer.sendBatch({ topicMessages: toMessages(records) }));
    },
    close: () => producer.disconnect(),
  };
}

/** Whether a transactional error leaves the producer unusable (fenced, or a fatal idempotence error). */
function isFatal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { fatal?: boolean }).fatal === true;
}

/**
 * A transactional producer. Its first use of the transactional id (at creation: librdkafka's InitTransactions)
 * fences any predecessor with the same id and has the coordinator complete or abort what it left open, so once
 * this resolves the consumer offsets that predecessor committed are stable.
 *
 * Work that throws is aborted and the error rethrown for the caller's retry policy. A producer whose abort or
 * commit failed, or that was fenced, is not trusted again: the next unit of work recreates it with the same id
 * (which again completes or aborts the transaction in doubt).
 */
export async function createTransactionalProducer(
  client: KafkaClient,
  transactionalId: string,
  logger: Logger,
  options: ProducerOptions & { transactionTimeoutMillis?: number } = {},
): Promise<TransactionalProducer> {
  const make = async (): Promise<KafkaJS.Producer> => {
    const producer = client.native.producer({
      kafkaJS: {
        transactionalId,
        idempotent: true,
        acks: -1,
        maxInFlightRequests: 5,
        allowAutoTopicCreation: false,
        transactionTimeout: options.transactionTimeoutMillis ?? 30_000,
      },
      ...producerConfig(client, options, { linger: 1 }),
    } as KafkaJS.ProducerConstructorConfig);
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    return producer;
  };
  let producer = await make();
  let broken = false;

  const recreate = async (reason: string) => {
    logger.warn({ transactionalId, reason }, 'recreating transactional producer');
    await producer.disconnect().catch(() => undefined);
    producer = await make();
    broken = false;
  };

  return {
    transactionalId,
    async inTransaction(work) {
      if (broken) await recreate('previous transaction left the producer unusable');
      const transaction = await producer.transaction();
      const scope: TransactionScope = {
        async send(records) {
          if (records.length === 0) return [];
          return written(await transaction.sendBatch({ topicMessages: toMessages(records) }));
        },
        async sendOffsets(commit) {
          const topics = new Map<string, Array<{ partition: number; offset: string }>>();
          for (const { topic, partition, offset } of commit.offsets) {
            topics.set(topic, [...(topics.get(topic) ?? []), { partition, offset }]);
          }
          await transaction.sendOffsets({
            consumer: commit.member.native,
            topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
          });
        },
      };
      let result;
      try {
        result = await work(scope);
      } catch (error) {
        if (isFatal(error)) broken = true;
        await transaction.abort().catch((abortError: unknown) => {
          broken = true;
          logger.warn({ transactionalId, err: abortError }, 'abort failed');
        });
        throw error;
      }
      try {
        await transaction.commit();
      } catch (error) {
        // The outcome is the coordinator's to decide (it completes a prepared commit, or aborts); this producer is
        // not trusted again, and the caller must re-read the committed offsets before redoing anything.
        broken = true;
        await transaction.abort().catch(() => undefined);
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
