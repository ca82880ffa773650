/**
 * End to end, as `cordon up` runs it: list-sync publishes the real OFAC SDN set, ingest accepts the demo
 * withdrawals over gRPC, screening decides them exactly once, case-management opens a case for each HOLD and BLOCK and releases
 * each ALLOW; the demo reads the decisions, cases and dispositions back from Kafka.
 * Real broker, real PostgreSQL, the four services in this process on their own topics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@cordon/screening-core';
import { loadIngestConfig, startIngest, type RunningIngest } from '../../services/ingest/src/app.js';
import { startListSync, loadListSyncConfig, type RunningListSync } from '../../services/list-sync/src/index.js';
import { startScreening, type RunningScreening } from '../../services/screening/src/app.js';
import { readConfig as readScreeningConfig } from '../../services/screening/src/config.js';
import { coreEngine } from '@cordon/screening-core/contract';
import { newestSdnSet, newestUnList, runDemo } from '../../packages/cli/src/commands/demo.js';
import {
  caseTopicSpecs,
  loadCaseConfig,
  startCaseManagement,
  type RunningCaseManagement,
} from '../../services/case-management/src/app.js';
import { topicNames } from '@cordon/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, ensureTopics, mintDevToken } from '@cordon/platform';
import { brokers, createSchema, databaseUrl, testKafka, testLogger, uniqueName } from '../support.js';

describe('the demo through the whole pipeline', () => {
  const prefix = `${uniqueName('e2e')}.`;
  const env: Record<string, string> = {
    KAFKA_BROKERS: brokers().join(','),
    DATABASE_URL: databaseUrl(),
    KAFKA_TOPIC_PREFIX: prefix,
    // The test's own topics, made by the services as on a development machine.
    KAFKA_TOPICS: 'create',
  };
  let schema: Awaited<ReturnType<typeof createSchema>>;
  let listSync: RunningListSync;
  let ingest: RunningIngest;
  let screening: RunningScreening;
  let cases: RunningCaseManagement;
  let casesSchema: Awaited<ReturnType<typeof createSchema>>;
  const keys = mkdtempSync(join(tmpdir(), 'cordon-e2e-keys-'));

  beforeAll(async () => {
    // Every service verifies its callers against the local key, as under `cordon up`.
    env.AUTH_JWKS_FILE = (await ensureDevKeys(keys)).jwksFile;
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
        // As `cordon up` sets it: every list list-sync publishes from data/.
        SCREENING_REQUIRED_SOURCES: 'ofac-sdn,ofac-consolidated,un',
      }),
      { logger: testLogger('screening'), engine: coreEngine(DEFAULT_POLICY) },
    );
    casesSchema = await createSchema('e2e_cases');
    const kafka = testKafka();
    await ensureTopics(kafka, caseTopicSpecs(topicNames(prefix), 3));
    await kafka.close();
    cases = await startCaseManagement(
      loadCaseConfig({
        ...env,
        CASES_DB_SCHEMA: casesSchema.schema,
        CASES_GRPC_PORT: '0',
        CASES_HTTP_PORT: '0',
        CASES_OPS_PORT: '0',
        CASES_AUTH_JWKS_FILE: (await ensureDevKeys(keys)).jwksFile,
      }),
      { logger: testLogger('case-management') },
    );
  });

  afterAll(async () => {
    await cases?.stop();
    await casesSchema?.drop();
    rmSync(keys, { recursive: true, force: true });
    await screening?.stop();
    await ingest?.stop();
    await listSync?.stop();
    await schema?.drop();
  });

  it('blocks real sanctioned addresses in other written forms, holds a name only the UN lists, a listed name and a sanctioned residence, allows the rest', async () => {
    const result = await runDemo({
      ingest: `127.0.0.1:${ingest.grpcPort}`,
      brokers: brokers(),
      topicPrefix: prefix,
      sdnPath: newestSdnSet()!,
      unPath: newestUnList(),
      timeoutMillis: 120_000,
      cases: true,
      token: await mintDevToken(keys, 'wallets', ['producer']),
    });
    expect(result.total).toBe(8);
    expect(result.matched).toBe(result.total);
    // Every HOLD and BLOCK became a case, every ALLOW was released at once.
    expect(result.casesOpened + result.released).toBe(result.total);
    expect(result.casesOpened).toBeGreaterThanOrEqual(5);
  });
});
