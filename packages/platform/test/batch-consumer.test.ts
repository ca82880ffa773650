import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIdempotentProducer,
  createKafka,
  endOffsets,
  offsetsAtTime,
  runBatchConsumer,
  type ConsumedRecord,
  type RunningConsumer,
} from '@cordon/platform';
import { brokers, createTopics, testLogger, uniqueName } from '../../../test/support.js';

const logger = testLogger();
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('platform-batch-test') }, logger);

async function produce(topic: string, keys: string[], partition?: number): Promise<void> {
  const producer = await createIdempotentProducer(kafka);
  await producer.send(
    keys.map((key) => ({ topic, key, value: Buffer.from(key), ...(partition !== undefined ? { partition } : {}) })),
  );
  await producer.close();
}

async function until(condition: () => boolean, timeoutMillis = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('runBatchConsumer against the real broker', () => {
  const topic = uniqueName('platform-batch');
  let dropTopics: () => Promise<void>;
  const running: RunningConsumer[] = [];

  beforeAll(async () => {
    dropTopics = await createTopics(kafka, [{ topic, partitions: 2 }]);
  });
  afterAll(async () => {
    for (const consumer of running) await consumer.stop();
    await dropTopics();
  });

  it('hands over bounded batches of one partition in order, re-delivers a batch that threw, and commits', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    await produce(topic, keys);
    const groupId = uniqueName('batch-group');
    const handled: ConsumedRecord[] = [];
    let thrown = false;
    const batches: Array<{ size: number; partitions: number }> = [];
    const consumer = await runBatchConsumer({
      kafka,
      logger,
      groupId,
      topics: [topic],
      maxBatchRecords: 7,
      retry: { initialRetryTime: 10, retries: 3 },
      handle: async (records) => {
        batches.push({ size: records.length, partitions: new Set(records.map((r) => r.partition)).size });
        if (!thrown && handled.length >= 10) {
          thrown = true;
          throw new Error('fails once on purpose');
        }
        handled.push(...records);
      },
    });
    running.push(consumer);
    await until(() => new Set(handled.map((r) => r.key!.toString())).size === keys.length);
    expect(thrown).toBe(true);
    expect(batches.every((b) => b.size >= 1 && b.size <= 7 && b.partitions === 1)).toBe(true);
    // Per partition: every offset, in increasing order, none skipped.
    for (const partition of [0, 1]) {
      const offsets = handled.filter((r) => r.partition === partition).map((r) => Number(r.offset));
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
    await consumer.stop();

    // The same group resumes after what was committed: only the new records arrive.
    await produce(topic, ['after-1', 'after-2']);
    const resumed: string[] = [];
    const next = await runBatchConsumer({
      kafka,
      logger,
      groupId,
      topics: [topic],
      handle: async (records) => {
        resumed.push(...records.map((r) => r.key!.toString()));
      },
    });
    running.push(next);
    await until(() => resumed.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(resumed.sort()).toEqual(['after-1', 'after-2']);
    await next.stop();
  });

  it('fails for good after its retry budget, and says why', async () => {
    const failing = uniqueName('batch-failing');
    const drop = await createTopics(kafka, [{ topic: failing, partitions: 1 }]);
    try {
      await produce(failing, ['poison']);
      let attempts = 0;
      const consumer = await runBatchConsumer({
        kafka,
        logger,
        groupId: uniqueName('batch-group'),
        topics: [failing],
        retry: { initialRetryTime: 10, retries: 2 },
        handle: async () => {
          attempts++;
          throw new Error('never works');
        },
      });
      running.push(consumer);
      const error = await consumer.failed;
      expect(error.message).toMatch(/failed 3 times in a row: never works/);
      expect(attempts).toBe(3);
      await consumer.stop();
    } finally {
      await drop();
    }
  });

  it('tells a waiting handler that the consumer stopped; its records are read again by the next member', async () => {
    const waiting = uniqueName('batch-waiting');
    const drop = await createTopics(kafka, [{ topic: waiting, partitions: 1 }]);
    try {
      await produce(waiting, ['w1', 'w2']);
      const groupId = uniqueName('batch-group');
      let entered = false;
      const stuck = await runBatchConsumer({
        kafka,
        logger,
        groupId,
        topics: [waiting],
        handle: async (_records, alive) => {
          entered = true;
          while (alive()) await new Promise((resolve) => setTimeout(resolve, 20));
          return false;
        },
      });
      await until(() => entered);
      await stuck.stop();

      const seen: string[] = [];
      const next = await runBatchConsumer({
        kafka,
        logger,
        groupId,
        topics: [waiting],
        handle: async (records) => {
          seen.push(...records.map((r) => r.key!.toString()));
        },
      });
      running.push(next);
      await until(() => seen.length >= 2);
      expect(seen).toEqual(['w1', 'w2']);
      await next.stop();
    } finally {
      await drop();
    }
  });
});

describe('offsetsAtTime against the real broker', () => {
  it('finds the first record at or after a time, and the end when none is that recent', async () => {
    const topic = uniqueName('platform-time');
    const drop = await createTopics(kafka, [{ topic, partitions: 1 }]);
    try {
      await produce(topic, ['early-1', 'early-2'], 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const between = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await produce(topic, ['late-1'], 0);
      expect((await offsetsAtTime(kafka, topic, between)).get(0)).toBe(2n);
      expect((await offsetsAtTime(kafka, topic, 0)).get(0)).toBe(0n);
      const [end] = await endOffsets(kafka, topic);
      expect((await offsetsAtTime(kafka, topic, Date.now() + 60_000)).get(0)).toBe(end!.end);
    } finally {
      await drop();
    }
  });
});
