import type { Consumer, IHeaders, Kafka, RetryOptions } from 'kafkajs';
import type { Logger } from '../logger.js';
import { createTransactionalProducer, type OutgoingRecord, type TransactionalProducer } from './producer.js';

/** A record as read from Kafka. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  /** Broker or producer timestamp, milliseconds since the epoch, as a string (Kafka's own representation). */
  timestamp: string;
}

/** A running consumer loop. */
export interface RunningConsumer {
  /** Stops fetching, lets the batch in flight finish (its transaction commits or aborts), and disconnects. */
  stop(): Promise<void>;
  /** Resolves once the group has assigned this member its partitions (or rejects on a crash). */
  ready: Promise<void>;
}

/** Options for {@link runExactlyOnce}. */
export interface ExactlyOnceOptions {
  kafka: Kafka;
  logger: Logger;
  groupId: string;
  topics: string[];
  /** Prefix of the transactional ids; one id per input topic-partition: `${prefix}-${topic}-${partition}`. */
  transactionalIdPrefix: string;
  /**
   * Turns one batch of input records (all from one partition, in offset order) into output records. Must be
   * deterministic for a given input: after a crash the same batch is processed again and its earlier output,
   * never committed, is invisible to read_committed readers.
   */
  process(records: ConsumedRecord[]): Promise<OutgoingRecord[]>;
  /** Where to start when the group has no committed offset. */
  fromBeginning?: boolean;
  /**
   * Hook after each committed batch (metrics). `offsetLag`: records of the partition after this batch, up to the
   * high watermark seen by the fetch.
   */
  onCommitted?(info: { topic: string; partition: number; count: number; lastOffset: string; offsetLag: number }): void;
  /** Cap on records per transaction, so one transaction stays well inside the transaction timeout. */
  maxBatchRecords?: number;
  /**
   * How many input partitions are processed at once (default 1), each with its own transactional producer, so one
   * partition's transaction round trips overlap another's processing. Caution: above 1, screening's kill -9 test
   * has seen one transaction's output twice (kafkajs' concurrent batch handling); exactly-once is only proven at 1.
   */
  partitionsConsumedConcurrently?: number;
  /** Retry settings of the transactional producers (default: the client's); see TRANSACTION_RETRY. */
  producerRetry?: RetryOptions;
  /**
   * Longest time the broker holds a fetch while it has less than `minBytes` (kafkajs default 5 s, which a quiet
   * partition adds to the latency of its next record); lower it for a latency-bound pipeline.
   */
  maxWaitMillis?: number;
  /** Bytes the broker waits for before answering a fetch (default 1). */
  minBytes?: number;
}

/**
 * Consume-transform-produce with exactly-once semantics: the outputs of a batch and the consumer offsets that
 * acknowledge its inputs are committed in one Kafka transaction.
 *
 * Fencing: kafkajs cannot send the consumer-group generation with the offsets (KIP-447), so zombies are fenced
 * the pre-KIP-447 way: one transactional id per input partition. Whoever owns a partition after a rebalance or a
 * restart initialises the same id, which fences any older producer still processing it.
 *
 * Offsets are committed only by the transaction (autoCommit off). The consumer's in-memory position must still
 * be advanced with resolveOffset, or kafkajs fetches the same batch again forever (kafkajs issue #1665).
 *
 * Stale positions: kafkajs fetches committed offsets without KIP-447's require_stable, so right after a crash
 * (or a commit whose answer was lost) it can start a partition below offsets that a transaction has committed.
 * Before the first batch of a partition in each generation, and after any failed transaction, the partition's
 * producer is initialised first (which completes or aborts whatever its predecessor left open) and the committed
 * offset is read again; records below it are skipped, never processed twice.
 */
export async function runExactlyOnce(options: ExactlyOnceOptions): Promise<RunningConsumer> {
  const { kafka, logger, groupId } = options;
  const consumer: Consumer = kafka.consumer({
    groupId,
    readUncommitted: false,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    maxBytesPerPartition: 4 * 1024 * 1024,
    retry: { retries: 10 },
    ...(options.maxWaitMillis !== undefined ? { maxWaitTimeInMs: options.maxWaitMillis } : {}),
    ...(options.minBytes !== undefined ? { minBytes: options.minBytes } : {}),
  });
  const producers = new Map<string, Promise<TransactionalProducer>>();
  // Partitions whose position was checked against the committed offset since their producer was initialised.
  const verified = new Set<string>();
  const admin = kafka.admin();
  let adminConnected: Promise<void> | undefined;
  const committedOffset = async (topic: string, partition: number): Promise<bigint | undefined> => {
    adminConnected ??= admin.connect();
    await adminConnected;
    const [answer] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const offset = answer?.partitions.find((p) => p.partition === partition)?.offset;
    return offset === undefined || offset === '-1' ? undefined : BigInt(offset);
  };
  const dropProducer = async (topic: string, partition: number) => {
    const id = `${options.transactionalIdPrefix}-${topic}-${partition}`;
    const producer = producers.get(id);
    producers.delete(id);
    verified.delete(`${topic}:${partition}`);
    await (await producer?.catch(() => undefined))?.close().catch(() => undefined);
  };
  const producerFor = (topic: string, partition: number) => {
    const id = `${options.transactionalIdPrefix}-${topic}-${partition}`;
    let producer = producers.get(id);
    if (!producer) {
      producer = createTransactionalProducer(
        kafka,
        id,
        logger,
        options.producerRetry ? { retry: options.producerRetry } : {},
      );
      producers.set(id, producer);
    }
    return producer;
  };

  let resolveReady: () => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  consumer.on(consumer.events.GROUP_JOIN, () => {
    verified.clear();
    resolveReady();
  });
  consumer.on(consumer.events.CRASH, (event) => {
    logger.error({ err: event.payload.error, groupId }, 'consumer crashed');
    rejectReady(event.payload.error);
  });

  await consumer.connect();
  for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
  const maxRecords = options.maxBatchRecords ?? 2_000;

  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      const producer = await producerFor(batch.topic, batch.partition);
      const partitionKey = `${batch.topic}:${batch.partition}`;
      let messages = batch.messages;
      if (!verified.has(partitionKey)) {
        const committed = await committedOffset(batch.topic, batch.partition);
        verified.add(partitionKey);
        const done = committed === undefined ? [] : messages.filter((m) => BigInt(m.offset) < committed);
        if (done.length > 0) {
          logger.warn(
            { topic: batch.topic, partition: batch.partition, skipped: done.length, committed: String(committed) },
            'skipping records a committed transaction already processed',
          );
          resolveOffset(done[done.length - 1]!.offset);
          messages = messages.slice(done.length);
        }
      }
      for (let start = 0; start < messages.length; start += maxRecords) {
        if (!isRunning() || isStale()) return;
        const slice = messages.slice(start, start + maxRecords);
        const records: ConsumedRecord[] = slice.map((message) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key,
          value: message.value,
          headers: message.headers ?? {},
          timestamp: message.timestamp,
        }));
        const lastOffset = slice[slice.length - 1]!.offset;
        try {
          await producer.inTransaction(async (tx) => {
            await tx.send(await options.process(records));
            await tx.sendOffsets({
              consumerGroupId: groupId,
              offsets: [
                { topic: batch.topic, partition: batch.partition, offset: (BigInt(lastOffset) + 1n).toString() },
              ],
            });
          });
        } catch (error) {
          // The outcome may be unknown (a commit whose answer was lost): a fresh producer and a fresh look at the
          // committed offset decide what the retry of this batch still has to do.
          await dropProducer(batch.topic, batch.partition);
          throw error;
        }
        resolveOffset(lastOffset);
        const offsetLag = Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(lastOffset) - 1n));
        options.onCommitted?.({
          topic: batch.topic,
          partition: batch.partition,
          count: slice.length,
          lastOffset,
          offsetLag,
        });
        await heartbeat();
      }
    },
  });

  return {
    ready,
    async stop() {
      await consumer.disconnect();
      for (const producer of producers.values()) await (await producer).close().catch(() => undefined);
      if (adminConnected) await admin.disconnect().catch(() => undefined);
    },
  };
}

/** Options for {@link runConsumer}. */
export interface ConsumerOptions {
  kafka: Kafka;
  logger: Logger;
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Handles one record; the offset is committed after it resolves (at-least-once). */
  handle(record: ConsumedRecord): Promise<void>;
}

/** An at-least-once consumer for readers whose effects are idempotent (e.g. upserts keyed by event id). */
export async function runConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const consumer = options.kafka.consumer({ groupId: options.groupId, readUncommitted: false });
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  consumer.on(consumer.events.GROUP_JOIN, () => resolveReady());
  await consumer.connect();
  for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) =>
      options.handle({
        topic,
        partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        headers: message.headers ?? {},
        timestamp: message.timestamp,
      }),
  });
  return { ready, stop: () => consumer.disconnect() };
}
