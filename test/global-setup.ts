/**
 * One real Apache Kafka broker and one real PostgreSQL server per test run, shared by every integration test.
 * Each test creates its own uniquely named topics, groups and databases (see test/support.ts).
 *
 * - Kafka: KAFKA_BROKERS when set (your own cluster, or testcontainers with CORDON_TESTCONTAINERS=1), else the
 *   local KRaft broker that infra/local/kafka.ts runs from Maven Central jars.
 * - PostgreSQL: DATABASE_URL when set, else the server on 127.0.0.1:5432 when one answers, else an embedded one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import 'vitest';
import { startLocalKafka, type LocalKafka } from '../infra/local/kafka.js';
import { startTestPostgres, type TestPostgres } from './postgres.js';
import { startContainers, type Containers } from './containers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const teardown: Array<() => Promise<void>> = [];
  let brokers = process.env.KAFKA_BROKERS;
  let databaseUrl = process.env.DATABASE_URL;

  if (process.env.CORDON_TESTCONTAINERS === '1' && (!brokers || !databaseUrl)) {
    const containers: Containers = await startContainers();
    brokers ??= containers.kafkaBrokers;
    databaseUrl ??= containers.databaseUrl;
    teardown.push(() => containers.stop());
  }
  if (!brokers) {
    const dataDir = mkdtempSync(join(tmpdir(), 'cordon-test-kafka-'));
    const kafka: LocalKafka = await startLocalKafka({ dataDir, heap: '1g' });
    console.log(`[global-setup] local Apache Kafka ready at ${kafka.brokers} in ${kafka.startMillis} ms`);
    brokers = kafka.brokers;
    teardown.push(async () => {
      await kafka.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
  }
  if (!databaseUrl) {
    const pg: TestPostgres = await startTestPostgres();
    console.log(`[global-setup] PostgreSQL: ${pg.description}`);
    databaseUrl = pg.url;
    teardown.push(() => pg.stop());
  }

  project.provide('kafkaBrokers', brokers);
  project.provide('databaseUrl', databaseUrl);
  return async () => {
    for (const step of teardown.reverse()) await step();
  };
}
