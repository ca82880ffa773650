/**
 * Helpers for integration tests: each test owns uniquely named topics, groups and schemas on the shared real
 * broker and PostgreSQL server, and removes them afterwards.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import pg from 'pg';
import { inject } from 'vitest';
import { createLogger, ensureTopics, type Logger, type TopicSpec } from '@cordon/platform';

/** A name no other test uses: `${prefix}-${uuid}`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** Bootstrap servers of the run's broker. */
export function brokers(): string[] {
  return inject('kafkaBrokers').split(',');
}

/** The run's PostgreSQL URL (a server database where tests create their own schema). */
export function databaseUrl(): string {
  return inject('databaseUrl');
}

/** A quiet logger for tests (warnings and errors still show). */
export function testLogger(service = 'test'): Logger {
  return createLogger(service, { level: process.env.LOG_LEVEL ?? 'warn' });
}

/** A kafkajs client on the run's broker. */
export function testKafka(clientId = uniqueName('test-client')): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  return new Kafka({ clientId, brokers: brokers(), logLevel: logLevel.NOTHING });
}

/** Creates topics; returns a cleanup that deletes them. */
export async function createTopics(kafka: Kafka, specs: TopicSpec[]): Promise<() => Promise<void>> {
  await ensureTopics(kafka, specs);
  return async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: specs.map((spec) => spec.topic) }).catch(() => undefined);
    await admin.disconnect();
  };
}

/**
 * End offsets of the partitions that hold records. kafkajs asks for the last stable offset, which trails the
 * high watermark for the few milliseconds a just-committed transaction's markers take: an empty answer is
 * asked again briefly before it is believed.
 */
async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      const ends = await admin.fetchTopicOffsets(topic);
      const nonEmpty = new Map(
        ends.filter((end) => end.high !== end.low).map((end) => [end.partition, BigInt(end.high)]),
      );
      if (nonEmpty.size > 0 || attempt >= 5) return nonEmpty;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

/** A record as read back by a test. */
export interface ReadRecord {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/**
 * Reads every record of `topic` up to its current end, as a read_committed (default) or read_uncommitted
 * consumer would see it. Stops by itself once every partition's position reaches its end offset, after a quiet
 * spell, or (failing) after `timeoutMillis`.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  options: { readUncommitted?: boolean; timeoutMillis?: number; idleMillis?: number } = {},
): Promise<ReadRecord[]> {
  const remaining = await endOffsets(kafka, topic);
  const records: ReadRecord[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), readUncommitted: options.readUncommitted ?? false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(idle);
      resolve();
    };
    // A transaction's commit/abort marker is the last offset of a partition but is never delivered, so a reader
    // that only counts offsets could wait forever; after the group join, a quiet spell also ends the read.
    // Before the first batch the wait is longer: the first fetch after a join can take a few seconds.
    const quiet = (millis: number) => {
      clearTimeout(idle);
      idle = setTimeout(finish, millis);
    };
    const timer = setTimeout(() => reject(new Error(`timed out reading ${topic}`)), options.timeoutMillis ?? 30_000);
    consumer.on(consumer.events.GROUP_JOIN, () => quiet(6_000));
    void consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          records.push({
            partition: batch.partition,
            offset: message.offset,
            key: message.key,
            value: message.value,
            headers: message.headers ?? {},
          });
        }
        const end = remaining.get(batch.partition);
        if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end) remaining.delete(batch.partition);
        if (remaining.size === 0) finish();
        else quiet(options.idleMillis ?? 1_500);
      },
    });
  });
  await consumer.disconnect();
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** Creates a fresh schema for a test; returns its name and a cleanup that drops it. */
export async function createSchema(prefix: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  await client.query(`create schema ${pg.escapeIdentifier(schema)}`);
  await client.end();
  return {
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: databaseUrl() });
      await c.connect();
      await c.query(`drop schema if exists ${pg.escapeIdentifier(schema)} cascade`);
      await c.end();
    },
  };
}
