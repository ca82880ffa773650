/**
 * Cross-stack: ingest, list-sync, screening and case-management in this process (as `cordon up` starts them) on the real broker and
 * PostgreSQL, checked by a Python gRPC client that knows no Cordon schema (grpc_check.py next to this file). It
 * learns every service and file by server reflection, links them into a strict descriptor pool, calls one method
 * per service with a valid and an invalid request and decodes the google.rpc.Status details.
 */
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicNames } from '@cordon/contracts';
import { ingestTopicSpecs, loadIngestConfig, startIngest, type RunningIngest } from '../../services/ingest/src/app.js';
import { loadListSyncConfig, startListSync, type RunningListSync } from '../../services/list-sync/src/index.js';
import { startScreening, type RunningScreening } from '../../services/screening/src/app.js';
import { readConfig as readScreeningConfig } from '../../services/screening/src/config.js';
import { coreEngine } from '@cordon/screening-core/contract';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys, mintDevToken } from '@cordon/platform';
import {
  caseTopicSpecs,
  loadCaseConfig,
  startCaseManagement,
  type RunningCaseManagement,
} from '../../services/case-management/src/app.js';
import { brokers, createSchema, createTopics, databaseUrl, testKafka, testLogger, uniqueName } from '../support.js';

const CLIENT = fileURLToPath(new URL('./grpc_check.py', import.meta.url));

/**
 * A Python 3 that imports grpc and google.protobuf: $PYTHON, else `python3`, else the distribution's own
 * interpreter (where Debian's python3-grpcio and python3-protobuf install, when another python3 comes first).
 */
function python(): string {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import grpc, google.protobuf'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    `the cross-stack gRPC test needs Python 3 with grpcio and protobuf; none of ${candidates.join(', ')} has them. ` +
      'Install them (Debian: apt-get install python3-grpcio python3-protobuf) or set PYTHON to an interpreter that has.',
  );
}

interface Summary {
  targets: Array<{
    target: string;
    services: string[];
    files: string[];
    calls: Array<{ method: string; kind: string; result: string; violations?: string[] }>;
    failures: string[];
  }>;
}

/** Runs the client (asynchronously: the servers answer from this event loop) and returns its exit and output. */
function runClient(
  interpreter: string,
  targets: string[],
  token: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      interpreter,
      [CLIENT, '--json', '-H', `authorization: Bearer ${token}`, ...targets],
      { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('a Python gRPC client, by server reflection only', () => {
  const prefix = `${uniqueName('xstack')}.`;
  const env: Record<string, string> = {
    KAFKA_BROKERS: brokers().join(','),
    DATABASE_URL: databaseUrl(),
    KAFKA_TOPIC_PREFIX: prefix,
    // The test's own topics, made by the services as on a development machine.
    KAFKA_TOPICS: 'create',
  };
  const kafka = testKafka();
  let interpreter: string;
  let dropTopics: () => Promise<void>;
  let schema: Awaited<ReturnType<typeof createSchema>>;
  let listSync: RunningListSync;
  let ingest: RunningIngest;
  let screening: RunningScreening;
  let cases: RunningCaseManagement;
  let casesSchema: Awaited<ReturnType<typeof createSchema>>;
  let dropCaseTopics: () => Promise<void>;
  const keys = mkdtempSync(join(tmpdir(), 'cordon-xstack-keys-'));

  beforeAll(async () => {
    interpreter = python();
    // Every service verifies callers against the same identity provider (cordon up: the local key).
    Object.assign(env, { AUTH_JWKS_FILE: (await ensureDevKeys(keys)).jwksFile });
    schema = await createSchema('xstack_ingest');
    // Ingest's own topics (its main creates them, not startIngest); the others are created by list-sync/screening.
    dropTopics = await createTopics(kafka, ingestTopicSpecs(topicNames(prefix), 1));
    listSync = await startListSync(
      loadListSyncConfig({
        ...env,
        LIST_SYNC_GRPC_HOST: '127.0.0.1',
        LIST_SYNC_GRPC_PORT: '0',
        LIST_SYNC_OPS_PORT: '0',
      }),
      { logger: testLogger('list-sync') },
    );
    ingest = await startIngest(
      loadIngestConfig({
        ...env,
        INGEST_GRPC_HOST: '127.0.0.1',
        INGEST_GRPC_PORT: '0',
        INGEST_OPS_PORT: '0',
        INGEST_DB_SCHEMA: schema.schema,
      }),
      { logger: testLogger('ingest') },
    );
    screening = await startScreening(
      readScreeningConfig({
        ...env,
        SCREENING_GRPC_HOST: '127.0.0.1',
        SCREENING_GRPC_PORT: '0',
        SCREENING_OPS_PORT: '0',
        KAFKA_GROUP_ID: `${prefix}screening`,
      }),
      { logger: testLogger('screening'), engine: coreEngine() },
    );
    // Pre-checks answer once the lists list-sync published on start are in force.
    await screening.ready;
    casesSchema = await createSchema('xstack_cases');
    dropCaseTopics = await createTopics(kafka, caseTopicSpecs(topicNames(prefix), 1));
    cases = await startCaseManagement(
      loadCaseConfig({
        ...env,
        CASES_DB_SCHEMA: casesSchema.schema,
        CASES_GRPC_HOST: '127.0.0.1',
        CASES_GRPC_PORT: '0',
        CASES_HTTP_PORT: '0',
        CASES_OPS_PORT: '0',
        CASES_AUTH_JWKS_FILE: (await ensureDevKeys(keys)).jwksFile,
      }),
      { logger: testLogger('case-management') },
    );
  }, 240_000);

  afterAll(async () => {
    await cases?.stop();
    await casesSchema?.drop();
    await dropCaseTopics?.();
    rmSync(keys, { recursive: true, force: true });
    await screening?.stop();
    await ingest?.stop();
    await listSync?.stop();
    await schema?.drop();
    await dropTopics?.();
  });

  it('lists and links every service, and gets valid answers and BadRequest details from each', async () => {
    const targets = {
      ingest: `127.0.0.1:${ingest.grpcPort}`,
      listSync: `127.0.0.1:${listSync.grpcPort}`,
      screening: `127.0.0.1:${screening.grpcPort}`,
      cases: `127.0.0.1:${cases.grpcPort}`,
    };
    // One caller for every service: a case reader (case-management), a producer (ingest, screening) and an
    // operator (list-sync).
    const token = await mintDevToken(keys, 'alice', ['analyst', 'producer', 'operator']);
    const { code, stdout, stderr } = await runClient(interpreter, Object.values(targets), token);
    const report = `grpc_check.py exited ${code}\n${stdout}${stderr}`;
    expect(code, report).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as Summary;
    const byTarget = new Map(summary.targets.map((t) => [t.target, t]));

    const expected = [
      {
        target: targets.ingest,
        service: 'cordon.withdrawals.v1.IngestService',
        file: 'cordon/withdrawals/v1/withdrawals.proto',
        dependencies: ['cordon/common/v1/party.proto', 'cordon/common/v1/money.proto', 'cordon/common/v1/errors.proto'],
      },
      {
        target: targets.listSync,
        service: 'cordon.sanctions.v1.ListSyncService',
        file: 'cordon/sanctions/v1/list_sync.proto',
        dependencies: ['cordon/sanctions/v1/entity.proto'],
      },
      {
        target: targets.screening,
        service: 'cordon.screening.v1.ScreeningService',
        file: 'cordon/screening/v1/screening.proto',
        dependencies: ['cordon/common/v1/party.proto', 'cordon/sanctions/v1/entity.proto'],
      },
      {
        target: targets.cases,
        service: 'cordon.cases.v1.CaseService',
        file: 'cordon/cases/v1/cases.proto',
        dependencies: ['cordon/screening/v1/screening.proto', 'cordon/withdrawals/v1/withdrawals.proto'],
      },
    ];
    for (const { target, service, file, dependencies } of expected) {
      const result = byTarget.get(target)!;
      expect(result.failures, report).toEqual([]);
      expect(result.services).toEqual([service]);
      // The real file names, with every import and the well-known types they use.
      expect(result.files).toEqual(expect.arrayContaining([file, ...dependencies, 'google/protobuf/timestamp.proto']));
      expect(result.calls.map((c) => `${c.kind} ${c.result}`)).toEqual(['valid OK', 'invalid INVALID_ARGUMENT']);
      expect(result.calls[1]!.violations!.length).toBeGreaterThan(0);
    }
  });
});
