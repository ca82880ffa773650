/**
 * Helpers for integration tests: each test owns uniquely named topics, groups and schemas on the shared real
 * broker and PostgreSQL server, and removes them afterwards.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import {
  createKafka,
  createLogger,
  deleteTopics,
  ensureTopics,
  readToEnd,
  type KafkaClient,
  type Logger,
  type RecordHeaders,
  type TopicSpec,
} from '@cordon/platform';
import { runKafkaTool } from '../infra/local/kafka.js';

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

/** A Kafka client on the run's broker. */
export function testKafka(clientId = uniqueName('test-client')): KafkaClient {
  return createKafka({ clientId, brokers: brokers() }, testLogger('kafka'));
}

/** Creates topics; returns a cleanup that deletes them. */
export async function createTopics(kafka: KafkaClient, specs: TopicSpec[]): Promise<() => Promise<void>> {
  await ensureTopics(kafka, specs);
  return () =>
    deleteTopics(
      kafka,
      specs.map((spec) => spec.topic),
    );
}

/** A record as read back by a test. */
export interface ReadRecord {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeaders;
}

/**
 * Reads every record of `topic` up to its current end (the last stable offset when the call starts), as a
 * read_committed (default) or read_uncommitted consumer sees it, with the platform's own reader (librdkafka).
 */
export async function readTopic(
  kafka: KafkaClient,
  topic: string,
  options: { readUncommitted?: boolean; timeoutMillis?: number } = {},
): Promise<ReadRecord[]> {
  const records = await readToEnd(kafka, {
    topic,
    ...(options.readUncommitted ? { readUncommitted: true } : {}),
    timeoutMillis: options.timeoutMillis ?? 30_000,
    // Tests read right after their own commits: give the markers a moment so the read includes them.
    settleMillis: 3_000,
  });
  return records.map(({ partition, offset, key, value, headers }) => ({ partition, offset, key, value, headers }));
}

/** A record as Kafka's own Java console consumer prints it: partition, offset and key (the value is not read). */
export interface JavaReadRecord {
  partition: number;
  offset: string;
  key: string;
}

/**
 * Reads `topic` from the beginning with Apache Kafka's own Java consumer (`ConsoleConsumer`, from the jars the
 * local broker runs from), read_committed: the reference reader that a second client's bugs cannot hide behind.
 * It stops after `idleMillis` without a record.
 */
export function readTopicWithJava(topic: string, options: { idleMillis?: number } = {}): JavaReadRecord[] {
  const result = runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
    '--bootstrap-server',
    brokers().join(','),
    '--topic',
    topic,
    '--from-beginning',
    '--isolation-level',
    'read_committed',
    '--timeout-ms',
    String(options.idleMillis ?? 8_000),
    '--formatter-property',
    'print.key=true',
    '--formatter-property',
    'print.value=false',
    '--formatter-property',
    'print.partition=true',
    '--formatter-property',
    'print.offset=true',
    '--formatter-property',
    'key.separator=\t',
  ]);
  if (result.status !== 0) throw new Error(`Java console consumer failed (${result.status}): ${result.stderr}`);
  const records: JavaReadRecord[] = [];
  for (const line of result.stdout.split('\n')) {
    const match = /^Partition:(\d+)\tOffset:(\d+)\t(.*)$/.exec(line);
    if (match) records.push({ partition: Number(match[1]), offset: match[2]!, key: match[3]! });
  }
  return records;
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
