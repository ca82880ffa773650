/**
 * The broker and the database a benchmark runs against: the ones KAFKA_BROKERS and DATABASE_URL name when set,
 * else a local Apache Kafka (1 GiB heap, in a temporary directory) and the PostgreSQL of startTestPostgres. Each
 * says what it is, and stop() removes what it started and nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalKafka } from '../infra/local/kafka.js';
import { startTestPostgres, type TestPostgres } from './postgres.js';

/** A broker for a benchmark. */
export interface BenchBroker {
  /** Comma-separated bootstrap servers. */
  brokers: string;
  description: string;
  stop(): Promise<void>;
}

/** KAFKA_BROKERS when set, else a local broker started now and removed by stop(). */
export async function benchBroker(): Promise<BenchBroker> {
  const given = process.env.KAFKA_BROKERS;
  if (given) return { brokers: given, description: `broker: ${given}`, stop: async () => undefined };
  const dataDir = mkdtempSync(join(tmpdir(), 'cordon-bench-kafka-'));
  const local = await startLocalKafka({ dataDir, heap: '1g' });
  return {
    brokers: local.brokers,
    description: `broker: local Apache Kafka at ${local.brokers} (started in ${local.startMillis} ms)`,
    async stop() {
      await local.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** DATABASE_URL when set, else the local server on 127.0.0.1:5432 or an embedded one (startTestPostgres). */
export async function benchDatabase(): Promise<TestPostgres> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, description: 'DATABASE_URL', stop: async () => undefined };
  return startTestPostgres();
}
