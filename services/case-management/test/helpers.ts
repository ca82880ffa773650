/** Helpers for case-management's integration tests: an instance on its own topics and schema, clients, inputs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import pg from 'pg';
import {
  ApproveResolutionRequest,
  AssignCaseRequest,
  AttachEvidenceRequest,
  CaseServiceClient,
  CommentCaseRequest,
  GetCaseRequest,
  ListCasesRequest,
  ProposeResolutionRequest,
  SendBackResolutionRequest,
  TakeNextCaseRequest,
  topicNames,
  type TopicNames,
} from '@cordon/contracts';
import { ensureDevKeys, mintDevToken, type KafkaClient } from '@cordon/platform';
import { brokers, createSchema, createTopics, databaseUrl, testLogger, uniqueName } from '../../../test/support.js';
import { caseTopicSpecs, loadCaseConfig, startCaseManagement, type RunningCaseManagement } from '../src/app.js';

export * from './records.js';

/** Topics, a schema and a local signing key owned by one test file. */
export interface CaseEnv {
  prefix: string;
  topics: TopicNames;
  schema: string;
  keysDir: string;
  env(extra?: Record<string, string>): Record<string, string>;
  token(user: string, roles: string[]): Promise<string>;
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  cleanup(): Promise<void>;
}

export async function createCaseEnv(kafka: KafkaClient): Promise<CaseEnv> {
  const prefix = `${uniqueName('t')}.`;
  const topics = topicNames(prefix);
  const dropTopics = await createTopics(kafka, caseTopicSpecs(topics, 3));
  const { schema, drop } = await createSchema('cases');
  const keysDir = mkdtempSync(join(tmpdir(), 'cordon-keys-'));
  const { jwksFile } = await ensureDevKeys(keysDir);
  const pool = new pg.Pool({
    connectionString: databaseUrl(),
    options: `-c search_path=${pg.escapeIdentifier(schema)}`,
    max: 2,
  });
  return {
    prefix,
    topics,
    schema,
    keysDir,
    env: (extra = {}) => ({
      KAFKA_BROKERS: brokers().join(','),
      KAFKA_TOPICS: 'create',
      DATABASE_URL: databaseUrl(),
      KAFKA_TOPIC_PREFIX: prefix,
      CASES_DB_SCHEMA: schema,
      CASES_GRPC_HOST: '127.0.0.1',
      CASES_GRPC_PORT: '0',
      CASES_HTTP_HOST: '127.0.0.1',
      CASES_HTTP_PORT: '0',
      CASES_OPS_PORT: '0',
      CASES_AUTH_JWKS_FILE: jwksFile,
      CASES_SWEEP_MS: '500',
      CASES_CONSOLE: 'off',
      ...extra,
    }),
    token: (user, roles) => mintDevToken(keysDir, user, roles),
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async cleanup() {
      await pool.end();
      await dropTopics();
      await drop();
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

/** Starts an instance in this process. */
export function startInProcess(
  env: CaseEnv,
  extra: Record<string, string> = {},
  clock?: { now(): number },
): Promise<RunningCaseManagement> {
  return startCaseManagement(loadCaseConfig(env.env(extra)), {
    logger: testLogger('case-management'),
    ...(clock ? { clock } : {}),
  });
}

const REQUESTS: Record<string, unknown> = {
  listCases: ListCasesRequest,
  getCase: GetCaseRequest,
  assignCase: AssignCaseRequest,
  commentCase: CommentCaseRequest,
  proposeResolution: ProposeResolutionRequest,
  approveResolution: ApproveResolutionRequest,
  sendBackResolution: SendBackResolutionRequest,
  takeNextCase: TakeNextCaseRequest,
  attachEvidence: AttachEvidenceRequest,
};

/** A CaseService client whose calls carry `token` (none: unauthenticated). */
export function caseClient(port: number) {
  const client = new CaseServiceClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = <Req, Res>(method: string, partial: Req, token?: string): Promise<Res> =>
    new Promise((resolve, reject) => {
      const request = (REQUESTS[method] as { fromPartial(p: unknown): Req }).fromPartial(partial);
      const metadata = new grpc.Metadata();
      if (token) metadata.set('authorization', `Bearer ${token}`);
      (
        client as unknown as Record<
          string,
          (r: Req, m: grpc.Metadata, cb: (e: grpc.ServiceError | null, r: Res) => void) => void
        >
      )[method]!.call(client, request, metadata, (error, response) => (error ? reject(error) : resolve(response)));
    });
  return { call, close: () => client.close() };
}

export async function waitFor(
  condition: () => Promise<boolean>,
  timeoutMillis = 60_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} not met in ${timeoutMillis} ms`);
}
