/** Helpers for case-management's integration tests: an instance on its own topics and schema, clients, inputs. */
import { createHash } from 'node:crypto';
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
  DecisionOutcome,
  EVENT_TYPES,
  HitKind,
  ListSource,
  RetroHit,
  ScreeningDecision,
  WithdrawalRequested,
  timestampFromMillis,
  topicNames,
  type Hit,
  type TopicNames,
} from '@cordon/contracts';
import {
  createIdempotentProducer,
  encodeEvent,
  ensureDevKeys,
  mintDevToken,
  type KafkaClient,
  type OutgoingRecord,
} from '@cordon/platform';
import { brokers, createSchema, createTopics, databaseUrl, testLogger, uniqueName } from '../../../test/support.js';
import { caseTopicSpecs, loadCaseConfig, startCaseManagement, type RunningCaseManagement } from '../src/app.js';

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

export const addressHit = (entityId: string, programs = ['CYBER2']): Hit => ({
  source: ListSource.OFAC_SDN,
  entityId,
  entityHash: `${entityId}`.padEnd(64, 'a'),
  kind: HitKind.ADDRESS,
  matchedValue: '0x7f367cc41522ce07553e823bf3be79a889debe1b',
  queryField: 'destination.canonical',
  queryValue: '0x7f367cc41522ce07553e823bf3be79a889debe1b',
  scoreBp: 10_000,
  features: [],
  programs,
  suppressed: false,
  suppressedByCase: '',
});

export const nameHit = (entityId: string): Hit => ({
  ...addressHit(entityId, ['SDGT']),
  kind: HitKind.NAME,
  matchedValue: 'Listed Person',
  queryField: 'customer.full_name',
  queryValue: 'listed person',
  scoreBp: 9_300,
});

export const jurisdictionHit = (): Hit => ({
  source: ListSource.UNSPECIFIED,
  entityId: 'jurisdiction-ir',
  entityHash: '',
  kind: HitKind.JURISDICTION,
  matchedValue: 'IR',
  queryField: 'customer.country_of_residence',
  queryValue: 'IR',
  scoreBp: 10_000,
  features: [],
  programs: ['IRAN'],
  suppressed: false,
  suppressedByCase: '',
});

/** A decision as screening publishes it (its hash made unique from the withdrawal and a salt). */
export function decision(
  withdrawalId: string,
  outcome: DecisionOutcome,
  hits: Hit[] = [],
  salt = '',
): ScreeningDecision {
  return ScreeningDecision.fromPartial({
    withdrawalId,
    requestId: withdrawalId,
    customerRef: `cust-${withdrawalId}`,
    outcome,
    hits,
    reasons: [],
    pinnedVersions: [
      {
        source: ListSource.OFAC_SDN,
        contentHash: 'c'.repeat(64),
        versionId: '2023-12-28',
        confirmedAt: timestampFromMillis(Date.now()),
      },
    ],
    policyHash: 'p'.repeat(64),
    engineVersion: 'test',
    decisionHash: createHash('sha256').update(`${withdrawalId}|${salt}`).digest('hex'),
    screenedAt: timestampFromMillis(Date.now()),
    inputSha256: 'i'.repeat(64),
  });
}

export function retroHit(withdrawalId: string, hits: Hit[], originalHash: string): RetroHit {
  return RetroHit.fromPartial({
    withdrawalId,
    customerRef: `cust-${withdrawalId}`,
    originalDecisionHash: originalHash,
    originalOutcome: DecisionOutcome.ALLOW,
    newVersion: { source: ListSource.OFAC_SDN, contentHash: 'd'.repeat(64), versionId: '2024-01-05' },
    hits,
    policyHash: 'p'.repeat(64),
    engineVersion: 'test',
    detectedAt: timestampFromMillis(Date.now()),
  });
}

export function withdrawal(withdrawalId: string): WithdrawalRequested {
  return WithdrawalRequested.fromPartial({
    withdrawalId,
    idempotencyKey: `idem-${withdrawalId}`,
    customer: { customerRef: `cust-${withdrawalId}`, fullName: 'Test Customer' },
    chain: 'ethereum',
    amount: { asset: 'ETH', amountDecimal: '1.25', amountMinor: 1_250_000_000_000_000_000n },
    destination: {
      ticker: 'ETH',
      chain: 'ethereum',
      address: '0x7F367cC41522cE07553e823bf3be79A889DEbe1B',
      canonical: '0x7f367cc41522ce07553e823bf3be79a889debe1b',
      valid: true,
      chains: ['ethereum'],
    },
    requestedAt: timestampFromMillis(Date.now()),
    ingestedAt: timestampFromMillis(Date.now()),
  });
}

export function records(
  topics: TopicNames,
  items: Array<ScreeningDecision | RetroHit | WithdrawalRequested>,
): OutgoingRecord[] {
  return items.map((item) => {
    if ('decisionHash' in item) {
      const { value, headers } = encodeEvent(EVENT_TYPES.screeningDecision, item);
      return { topic: topics.screeningDecisions, key: item.withdrawalId, value, headers };
    }
    if ('originalDecisionHash' in item) {
      const { value, headers } = encodeEvent(EVENT_TYPES.retroHit, item);
      return { topic: topics.screeningRetroHits, key: item.withdrawalId, value, headers };
    }
    const { value, headers } = encodeEvent(EVENT_TYPES.withdrawalRequested, item);
    return { topic: topics.withdrawalsRequested, key: item.customer?.customerRef ?? null, value, headers };
  });
}

export async function produce(kafka: KafkaClient, out: OutgoingRecord[]): Promise<void> {
  const producer = await createIdempotentProducer(kafka);
  try {
    for (let i = 0; i < out.length; i += 1_000) await producer.send(out.slice(i, i + 1_000));
  } finally {
    await producer.close();
  }
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
