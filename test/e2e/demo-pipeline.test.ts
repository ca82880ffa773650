/**
 * End to end, as `cordon up` runs it: list-sync publishes the real OFAC SDN set, ingest accepts the demo
 * withdrawals over gRPC, screening decides them exactly once; the demo reads the decisions back from Kafka.
 * Real broker, real PostgreSQL, the three services in this process on their own topics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@cordon/screening-core';
import { loadIngestConfig, startIngest, type RunningIngest } from '../../services/ingest/src/app.js';
import { startListSync, loadListSyncConfig, type RunningListSync } from '../../services/list-sync/src/index.js';
import { startScreening, type RunningScreening } from '../../services/screening/src/app.js';
import { readConfig as readScreeningConfig } from '../../services/screening/src/config.js';
import { coreEngine } from '@cordon/screening-core/contract';
import { newestSdnSet, runDemo } from '../../packages/cli/src/commands/demo.js';
import { brokers, createSchema, databaseUrl, testLogger, uniqueName } from '../support.js';

describe('the demo through the whole pipeline', () => {
  const prefix = `${uniqueName('e2e')}.`;
  const env = { KAFKA_BROKERS: brokers().join(','), DATABASE_URL: databaseUrl(), KAFKA_TOPIC_PREFIX: prefix };
  let schema: Awaited<ReturnType<typeof createSchema>>;
  let listSync: RunningListSync;
  let ingest: RunningIngest;
  let screening: RunningScreening;

  beforeAll(async () => {
    schema = await createSchema('e2e_ingest');
    listSync = await startListSync(loadListSyncConfig({ ...env, LIST_SYNC_GRPC_PORT: '0', LIST_SYNC_OPS_PORT: '0' }), {
      logger: testLogger('list-sync'),
    });
    ingest = await startIngest(
      loadIngestConfig({ ...env, INGEST_GRPC_PORT: '0', INGEST_OPS_PORT: '0', INGEST_DB_SCHEMA: schema.schema }),
      { logger: testLogger('ingest') },
    );
    screening = await startScreening(
      readScreeningConfig({
        ...env,
        SCREENING_GRPC_PORT: '0',
        SCREENING_OPS_PORT: '0',
        KAFKA_GROUP_ID: `${prefix}screening`,
      }),
      { logger: testLogger('screening'), engine: coreEngine(DEFAULT_POLICY) },
    );
  });

  afterAll(async () => {
    await screening?.stop();
    await ingest?.stop();
    await listSync?.stop();
    await schema?.drop();
  });

  it('blocks real sanctioned addresses in other written forms, holds a listed name and a sanctioned residence, allows the rest', async () => {
    const result = await runDemo({
      ingest: `127.0.0.1:${ingest.grpcPort}`,
      brokers: brokers(),
      topicPrefix: prefix,
      sdnPath: newestSdnSet()!,
      timeoutMillis: 120_000,
    });
    expect(result.total).toBe(7);
    expect(result.matched).toBe(result.total);
  });
});
