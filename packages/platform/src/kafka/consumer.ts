import { KafkaJS } from '@confluentinc/kafka-javascript';
import type { Logger } from '../logger.js';
import { backoff, sleep, TRANSACTION_RETRY, type KafkaClient, type RetryOptions } from './client.js';
import { createTransactionalProducer, type OutgoingRecord, type TransactionalProducer } from './producer.js';
import type { ConsumedRecord, RecordHeaders } from './reader.js';
import { processThreadpool } from './threadpool.js';
import { committedOffsets } from './topics.js';

export type { ConsumedRecord, RecordHeaders } from './reader.js';

/** A running consumer loop. */
export interface RunningConsumer {
  /** Stops fetching, lets the batches in flight finish (their transactions commit or abort), and disconnects. */
  stop(): Promise<void>;
  /** Resolves once the group has assigned this member its partitions for the first time. */
  ready: Promise<void>;
  /**
   * Resolves (never rejects) with the error if the loop stops for good: a partition that kept failing past its
   * retry budget, or a client that cannot go on. The owner must then fail readiness and exit non-zero, so that the
   * orchestrator restarts the process rather than leaving one that looks alive but consumes nothing.
   */
  failed: Promise<Error>;
}

/** Options for {@link runExactlyOnce}. */
export interface ExactlyOnceOptions {
  kafka: KafkaClient;
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
  /** Where to start when the group has no committed offset (default: the beginning). */
  fromBeginning?: boolean;
  /**
   * Hook after each committed batch (metrics). `offsetLag`: records of the partition after this batch, up to the
   * end seen by the fetch.
   */
  onCommitted?(info: { topic: string; partition: number; count: number; lastOffset: string; offsetLag: number }): void;
  /** Cap on records per transaction, so one transaction stays well inside the transaction timeout. */
  maxBatchRecords?: number;
  /** How many input partitions are processed at once (default 1), each with its own transactional producer. */
  partitionsConsumedConcurrently?: number;
  /** Backoff between retries of a failed batch (default TRANSACTION_RETRY); `retries` bounds consecutive failures. */
  producerRetry?: RetryOptions;
  /** Longest time the broker holds a fetch while it has less than `minBytes` (default 100 ms). */
  maxWaitMillis?: number;
  /** Bytes the broker waits for before answering a fetch (default 1). */
  minBytes?: number;
  /**
   * Called when the group assigns this member partitions, once their transactional ids are initialised (so the
   * committed offsets are stable), before any of their records is processed. Must not throw; work it starts that
   * the partitions' batches depend on should be awaited by `process`.
   */
  onAssigned?(partitions: Array<{ topic: string; partition: number }>): void;
  /** Called when partitions are taken away, once their batch in flight has finished (committed or aborted). */
  onRevoked?(partitions: Array<{ topic: string; partition: number }>): void;
}

/** A consumer of the KafkaJS-shaped API with what the transactional scope needs to commit its offsets. */
function groupConsumer(
  client: KafkaClient,
  options: {
    groupId: string;
    fromBeginning: boolean;
    autoCommit: boolean;
    maxBatchRecords: number;
    maxWaitMillis?: number;
    minBytes?: number;
    rebalance?: (kind: 'assign' | 'revoke', partitions: Array<{ topic: string; partition: number }>) => Promise<void>;
  },
): KafkaJS.Consumer {
  const config: Record<string, unknown> = {
    kafkaJS: {
      groupId: options.groupId,
      fromBeginning: options.fromBeginning,
      autoCommit: options.autoCommit,
      ...(options.autoCommit ? { autoCommitInterval: 1_000 } : {}),
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: options.maxWaitMillis ?? 100,
      ...(options.minBytes !== undefined ? { minBytes: options.minBytes } : {}),
      maxBytesPerPartition: 4 * 1024 * 1024,
      allowAutoTopicCreation: false,
      partitionAssigners: [KafkaJS.PartitionAssigners.roundRobin],
    },
    'isolation.level': 'read_committed',
    'js.consumer.max.batch.size': options.maxBatchRecords,
  };
  if (options.rebalance) {
    const rebalance = options.rebalance;
    config.rebalance_cb = async (error: { code: number }, assignment: Array<{ topic: string; partition: number }>) => {
      if (error.code === KafkaJS.ErrorCodes.ERR__ASSIGN_PARTITIONS) await rebalance('assign', assignment);
      else if (error.code === KafkaJS.ErrorCodes.ERR__REVOKE_PARTITIONS) await rebalance('revoke', assignment);
    };
  }
  const consumer = client.native.consumer(config as KafkaJS.ConsumerConstructorConfig);
  // Its fetches wait on a thread of libuv's pool (one at a time, whatever the partition concurrency): threadpool.ts.
  const release = processThreadpool.hold(`consumer of group ${options.groupId}`, client.logger);
  const disconnect = consumer.disconnect.bind(consumer);
  consumer.disconnect = async () => {
    try {
      await disconnect();
    } finally {
      release();
    }
  };
  return consumer;
}

function toRecords(batch: KafkaJS.Batch): ConsumedRecord[] {
  return batch.messages.map((message) => ({
    topic: batch.topic,
    partition: batch.partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers: (message.headers ?? {}) as RecordHeaders,
    timestamp: message.timestamp,
  }));
}

function failureSignal() {
  let signal: (error: Error) => void = () => undefined;
  let signalled = false;
  const state = {
    get failed() {
      return signalled;
    },
  };
  const failed = new Promise<Error>((resolve) => {
    signal = (error) => {
      if (signalled) return;
      signalled = true;
      resolve(error);
    };
  });
  return { failed, fail: (error: Error) => signal(error), state };
}

/**
 * Consume-transform-produce with exactly-once semantics: the outputs of a batch and the consumer offsets that
 * acknowledge its inputs are committed in one Kafka transaction.
 *
 * Fencing has two layers. (1) KIP-447: the offsets go with the consumer group's generation, so a member that lost
 * its partition in a rebalance cannot commit for it any more. (2) One transactional id per input partition: when a
 * member is assigned a partition, it initialises that partition's transactional id before the partition's
 * committed offset is fetched. That fences a predecessor (a crashed process, a zombie) and makes the coordinator
 * complete or abort whatever it left open at once, rather than after the transaction timeout; and since librdkafka
 * fetches committed offsets with require_stable, the position the partition starts from is never below what a
 * transaction has committed. Every assignment creates fresh producers; revoked partitions' producers are closed
 * once their batch in flight is done. A failed batch re-initialises its producer, re-reads the committed offset and
 * seeks there; after `producerRetry.retries` consecutive failures the loop fails for good (see `failed`).
 */
export async function runExactlyOnce(options: ExactlyOnceOptions): Promise<RunningConsumer> {
  const { kafka, logger, groupId } = options;
  const retry = options.producerRetry ?? TRANSACTION_RETRY;
  const maxFailures = retry.retries ?? 20;
  const maxRecords = options.maxBatchRecords ?? 2_000;
  const producers = new Map<string, Promise<TransactionalProducer>>();
  const inFlight = new Map<string, Promise<void>>();
  const failures = new Map<string, number>();
  const { failed, fail, state } = failureSignal();
  const keyOf = (topic: string, partition: number) => `${topic}:${partition}`;
  const idOf = (topic: string, partition: number) => `${options.transactionalIdPrefix}-${topic}-${partition}`;

  const closeProducer = async (key: string) => {
    const producer = producers.get(key);
    producers.delete(key);
    await (await producer?.catch(() => undefined))?.close().catch(() => undefined);
  };
  const openProducer = (topic: string, partition: number): Promise<TransactionalProducer> => {
    const key = keyOf(topic, partition);
    const producer = createTransactionalProducer(kafka, idOf(topic, partition), logger);
    producers.set(key, producer);
    // Never keep a producer that failed to start: the next batch of the partition tries again.
    producer.catch(() => {
      if (producers.get(key) === producer) producers.delete(key);
    });
    return producer;
  };

  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  let stopping = false;
  const callHook = (hook: () => void) => {
    try {
      hook();
    } catch (error) {
      logger.error({ err: error, groupId }, 'partition assignment hook failed');
    }
  };

  const rebalance = async (kind: 'assign' | 'revoke', partitions: Array<{ topic: string; partition: number }>) => {
    if (kind === 'revoke') {
      await Promise.all(
        partitions.map(async ({ topic, partition }) => {
          const key = keyOf(topic, partition);
          await inFlight.get(key)?.catch(() => undefined);
          await closeProducer(key);
          failures.delete(key);
        }),
      );
      callHook(() => options.onRevoked?.(partitions));
      return;
    }
    // Initialise each assigned partition's transactional id before its committed offset is fetched (which
    // happens once this returns): a predecessor's open transaction is completed or aborted now.
    const started = await Promise.allSettled(
      partitions.map(async ({ topic, partition }) => {
        await closeProducer(keyOf(topic, partition));
        await openProducer(topic, partition);
      }),
    );
    for (const result of started) {
      if (result.status === 'rejected')
        logger.warn({ err: result.reason, groupId }, 'transactional producer not ready');
    }
    logger.info({ groupId, partitions: partitions.map((p) => `${p.topic}:${p.partition}`) }, 'partitions assigned');
    callHook(() => options.onAssigned?.(partitions));
    resolveReady();
  };

  const consumer = groupConsumer(kafka, {
    groupId,
    fromBeginning: options.fromBeginning ?? true,
    autoCommit: false,
    maxBatchRecords: maxRecords,
    ...(options.maxWaitMillis !== undefined ? { maxWaitMillis: options.maxWaitMillis } : {}),
    ...(options.minBytes !== undefined ? { minBytes: options.minBytes } : {}),
    rebalance,
  });
  const member = { native: consumer };

  /** After a failed transaction: a fresh producer settles the one in doubt, then the committed offset decides. */
  const recover = async (topic: string, partition: number, firstOffset: string) => {
    const key = keyOf(topic, partition);
    await closeProducer(key);
    await openProducer(topic, partition);
    const committed = (await committedOffsets(kafka, groupId, topic)).get(partition);
    const target = committed !== undefined && committed > BigInt(firstOffset) ? committed : BigInt(firstOffset);
    if (target !== BigInt(firstOffset)) {
      logger.warn(
        { topic, partition, firstOffset, committed: String(committed) },
        'a failed commit had in fact committed: skipping what it did',
      );
    }
    consumer.seek({ topic, partition, offset: target.toString() });
  };

  const handleBatch = async ({ batch, resolveOffset, isStale }: KafkaJS.EachBatchPayload) => {
    if (batch.messages.length === 0 || isStale()) return;
    const { topic, partition } = batch;
    const key = keyOf(topic, partition);
    const firstOffset = batch.messages[0]!.offset;
    const lastOffset = batch.messages[batch.messages.length - 1]!.offset;
    try {
      const producer = await (producers.get(key) ?? openProducer(topic, partition));
      await producer.inTransaction(async (tx) => {
        await tx.send(await options.process(toRecords(batch)));
        await tx.sendOffsets({ member, offsets: [{ topic, partition, offset: (BigInt(lastOffset) + 1n).toString() }] });
      });
    } catch (error) {
      const count = (failures.get(key) ?? 0) + 1;
      failures.set(key, count);
      logger.warn({ err: error, topic, partition, firstOffset, attempt: count }, 'batch failed; retrying');
      if (count > maxFailures) {
        fail(new Error(`partition ${key} failed ${count} times in a row: ${(error as Error).message}`));
        return;
      }
      await sleep(backoff(retry, count));
      try {
        await recover(topic, partition, firstOffset);
      } catch (recoverError) {
        // The consumer seeks back to the batch itself when it is not resolved; the next attempt recovers again.
        logger.warn({ err: recoverError, topic, partition }, 'recovery after a failed batch failed');
      }
      return;
    }
    failures.delete(key);
    resolveOffset(lastOffset);
    const lag = Number(batch.offsetLag());
    options.onCommitted?.({
      topic,
      partition,
      count: batch.messages.length,
      lastOffset,
      offsetLag: Number.isFinite(lag) && lag > 0 ? lag : 0,
    });
  };

  await consumer.connect();
  await consumer.subscribe({ topics: options.topics });
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: async (payload) => {
      // Once failed for good, nothing more is processed: the owner is about to exit.
      if (stopping || state.failed) return;
      const key = keyOf(payload.batch.topic, payload.batch.partition);
      const work = handleBatch(payload);
      inFlight.set(key, work);
      try {
        await work;
      } finally {
        if (inFlight.get(key) === work) inFlight.delete(key);
      }
    },
  });

  return {
    ready,
    failed,
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight.values()]);
      await consumer.disconnect().catch(() => undefined);
      for (const key of [...producers.keys()]) await closeProducer(key);
    },
  };
}

/** Options for {@link runBatchConsumer}. */
export interface BatchConsumerOptions {
  kafka: KafkaClient;
  logger: Logger;
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /**
   * Handles up to `maxBatchRecords` records of one partition, in offset order; their offsets are committed after it
   * resolves (at-least-once). `alive()` turns false once the loop is stopping or the partition was revoked: a
   * handler that is waiting (a dependency down, a backoff) should then give up and resolve `false`, which leaves
   * the records uncommitted, to be read again by this member or by the partition's next owner. A handler that
   * throws is retried with backoff, then the loop fails for good (see `retry` and `failed`).
   */
  handle(records: ConsumedRecord[], alive: () => boolean): Promise<boolean | void>;
  /** Records per call of `handle` (default 500). */
  maxBatchRecords?: number;
  /** How many partitions are handled at once (default 1). */
  partitionsConsumedConcurrently?: number;
  /** Consecutive failures of one partition's batch before the loop fails for good (default 20), with backoff. */
  retry?: RetryOptions;
  /** Longest time the broker holds a fetch while it has nothing new (default 100 ms). */
  maxWaitMillis?: number;
}

/**
 * An at-least-once, read_committed consumer that hands records over in batches of one partition, for handlers
 * that do one round trip per batch (one statement, one write) and whose effects are idempotent. Offsets are
 * committed after each handled batch; a batch that throws is read again after a backoff, and after
 * `retry.retries` consecutive failures the loop fails for good (see `failed`).
 */
export async function runBatchConsumer(options: BatchConsumerOptions): Promise<RunningConsumer> {
  const retry = options.retry ?? { initialRetryTime: 100, multiplier: 2, maxRetryTime: 5_000, retries: 20 };
  const maxRecords = options.maxBatchRecords ?? 500;
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  const { failed, fail } = failureSignal();
  let broken = false;
  const consumer = groupConsumer(options.kafka, {
    groupId: options.groupId,
    fromBeginning: options.fromBeginning ?? true,
    autoCommit: false,
    maxBatchRecords: maxRecords,
    ...(options.maxWaitMillis !== undefined ? { maxWaitMillis: options.maxWaitMillis } : {}),
    rebalance: async (kind) => {
      if (kind === 'assign') resolveReady();
    },
  });
  const failures = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const handleBatch = async ({ batch, resolveOffset, isStale }: KafkaJS.EachBatchPayload) => {
    const alive = () => !stopping && !broken && !isStale();
    const key = `${batch.topic}:${batch.partition}`;
    const records = toRecords(batch);
    for (let start = 0; start < records.length; start += maxRecords) {
      if (!alive()) return;
      const slice = records.slice(start, start + maxRecords);
      let handled: boolean | void;
      try {
        handled = await options.handle(slice, alive);
      } catch (error) {
        const count = (failures.get(key) ?? 0) + 1;
        failures.set(key, count);
        options.logger.warn(
          { err: error, topic: batch.topic, partition: batch.partition, offset: slice[0]!.offset, attempt: count },
          'batch failed; retrying',
        );
        if (count > (retry.retries ?? 20)) {
          broken = true;
          fail(new Error(`partition ${key} failed ${count} times in a row: ${(error as Error).message}`));
        } else await sleep(backoff(retry, count));
        // Unresolved: the consumer seeks back to the first record not handled.
        return;
      }
      failures.delete(key);
      if (handled === false || !alive()) return;
      const last = slice[slice.length - 1]!.offset;
      resolveOffset(last);
      // A crash before this commit re-delivers the batch (at-least-once).
      await consumer
        .commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }])
        .catch((error: unknown) =>
          options.logger.warn({ err: error, topic: batch.topic, partition: batch.partition }, 'offset commit failed'),
        );
    }
  };

  await consumer.connect();
  await consumer.subscribe({ topics: options.topics });
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: async (payload) => {
      if (stopping || broken || payload.batch.messages.length === 0) return;
      const work = handleBatch(payload);
      inFlight.add(work);
      try {
        await work;
      } finally {
        inFlight.delete(work);
      }
    },
  });
  return {
    ready,
    failed,
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
      await consumer.disconnect().catch(() => undefined);
    },
  };
}
