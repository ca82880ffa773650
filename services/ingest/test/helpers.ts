/** Helpers for ingest's integration tests: an in-process instance on its own topics and schema, and a client. */
import * as grpc from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import {
  EVENT_TYPES,
  FieldViolations,
  GRPC_FIELD_VIOLATIONS_TRAILER,
  IngestServiceClient,
  SubmissionStatus,
  SubmitWithdrawalsRequest,
  WithdrawalRequested,
  topicNames,
  type FieldViolation,
  type SubmitWithdrawalResponse,
  type SubmitWithdrawalsResponse,
  type TopicNames,
  type WithdrawalSubmission,
} from '@cordon/contracts';
import { decodeEvent, type KafkaClient } from '@cordon/platform';
import pg from 'pg';
import {
  brokers,
  createSchema,
  createTopics,
  databaseUrl,
  readTopic,
  testLogger,
  uniqueName,
} from '../../../test/support.js';
import { ingestTopicSpecs, loadIngestConfig, startIngest, type IngestDeps, type RunningIngest } from '../src/app.js';

/** Topics and a schema owned by one test file. */
export interface IngestEnv {
  prefix: string;
  topics: TopicNames;
  schema: string;
  /** The env of an instance on these topics and this schema (extra variables override). */
  env(extra?: Record<string, string>): Record<string, string>;
  cleanup(): Promise<void>;
}

/** The producer token every test instance knows unless a test configures its own (INGEST_AUTH_TOKENS). */
export const TEST_PRODUCER = { producer: 'test-producer', token: 'test-producer-token' };
const TEST_PRODUCER_TOKENS = `${TEST_PRODUCER.producer}:${createHash('sha256').update(TEST_PRODUCER.token).digest('hex')}`;

/** Creates uniquely named topics (3 partitions) and a schema. */
export async function createIngestEnv(kafka: KafkaClient): Promise<IngestEnv> {
  const prefix = `${uniqueName('t')}.`;
  const topics = topicNames(prefix);
  const dropTopics = await createTopics(kafka, ingestTopicSpecs(topics, 3));
  const { schema, drop } = await createSchema('ingest');
  return {
    prefix,
    topics,
    schema,
    env: (extra = {}) => ({
      KAFKA_BROKERS: brokers().join(','),
      KAFKA_TOPICS: 'create',
      DATABASE_URL: databaseUrl(),
      KAFKA_TOPIC_PREFIX: prefix,
      INGEST_DB_SCHEMA: schema,
      INGEST_GRPC_HOST: '127.0.0.1',
      INGEST_GRPC_PORT: '0',
      INGEST_OPS_PORT: '0',
      INGEST_AUTH_TOKENS: TEST_PRODUCER_TOKENS,
      ...extra,
    }),
    async cleanup() {
      await dropTopics();
      await drop();
    },
  };
}

/** Starts an in-process instance with `env`. */
export function startTestIngest(env: Record<string, string>, deps: IngestDeps = {}): Promise<RunningIngest> {
  return startIngest(loadIngestConfig(env), { logger: testLogger('ingest'), ...deps });
}

/**
 * A client of an instance's IngestService. It sends `token` (the test producer's by default; none when null)
 * on every call that carries no authorization of its own.
 */
export function client(
  port: number,
  credentials = grpc.credentials.createInsecure(),
  token: string | null = TEST_PRODUCER.token,
): IngestServiceClient {
  const interceptor: grpc.Interceptor = (options, next) =>
    new grpc.InterceptingCall(next(options), {
      start(metadata, listener, start) {
        if (token !== null && metadata.get('authorization').length === 0) {
          metadata.set('authorization', `Bearer ${token}`);
        }
        start(metadata, listener);
      },
    });
  return new IngestServiceClient(`127.0.0.1:${port}`, credentials, { interceptors: [interceptor] });
}

/** The outcome of a call: the response, or the error. */
export type CallResult<T> = { ok: true; response: T } | { ok: false; error: grpc.ServiceError };

/** Calls SubmitWithdrawal. */
export function submit(
  c: IngestServiceClient,
  submission: WithdrawalSubmission | undefined,
  metadata = new grpc.Metadata(),
): Promise<CallResult<SubmitWithdrawalResponse>> {
  return new Promise((resolve) => {
    c.submitWithdrawal(
      submission ? { submission } : {},
      metadata,
      { deadline: Date.now() + 30_000 },
      (error, response) => resolve(error ? { ok: false, error } : { ok: true, response: response! }),
    );
  });
}

/** Submits until the answer is final (accepted or duplicate), retrying what is answered UNAVAILABLE. */
export async function submitUntilSettled(
  c: IngestServiceClient,
  submission: WithdrawalSubmission,
): Promise<SubmissionStatus> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const result = await submit(c, submission);
    if (result.ok) return result.response.status;
    if (result.error.code !== grpc.status.UNAVAILABLE) throw result.error;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${submission.withdrawalId} still unavailable`);
}

/** Streams `submissions` over SubmitWithdrawals. */
export function submitStream(
  c: IngestServiceClient,
  submissions: Array<WithdrawalSubmission | undefined>,
  metadata = new grpc.Metadata(),
): Promise<CallResult<SubmitWithdrawalsResponse>> {
  return new Promise((resolve) => {
    const call = c.submitWithdrawals(metadata, { deadline: Date.now() + 60_000 }, (error, response) =>
      resolve(error ? { ok: false, error } : { ok: true, response: response! }),
    );
    for (const submission of submissions)
      call.write(SubmitWithdrawalsRequest.fromPartial(submission ? { submission } : {}));
    call.end();
  });
}

/** google.rpc.Status with its BadRequest field violations and ErrorInfo reason, decoded from the trailer. */
export interface RichStatus {
  code: number;
  message: string;
  typeUrls: string[];
  fieldViolations: Array<{ field: string; description: string; reason: string }>;
  errorReason?: string;
}

function fields(bytes: Uint8Array, visit: (field: number, reader: BinaryReader, wireType: WireType) => void): void {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    const before = reader.pos;
    visit(field, reader, wireType);
    if (reader.pos === before) reader.skip(wireType, field);
  }
}

/** Decodes `grpc-status-details-bin` independently of the service's encoder (field numbers from google/rpc). */
export function richStatus(error: grpc.ServiceError): RichStatus {
  const raw = error.metadata.get('grpc-status-details-bin')[0] as Buffer;
  const status: RichStatus = { code: 0, message: '', typeUrls: [], fieldViolations: [] };
  fields(raw, (field, reader) => {
    if (field === 1) status.code = reader.int32();
    else if (field === 2) status.message = reader.string();
    else if (field === 3) {
      let typeUrl = '';
      let value: Uint8Array = new Uint8Array();
      fields(reader.bytes(), (f, r) => {
        if (f === 1) typeUrl = r.string();
        else if (f === 2) value = r.bytes();
      });
      status.typeUrls.push(typeUrl);
      if (typeUrl === 'type.googleapis.com/google.rpc.BadRequest') {
        fields(value, (f, r) => {
          if (f !== 1) return;
          const v = { field: '', description: '', reason: '' };
          fields(r.bytes(), (g, s) => {
            if (g === 1) v.field = s.string();
            else if (g === 2) v.description = s.string();
            else if (g === 3) v.reason = s.string();
          });
          status.fieldViolations.push(v);
        });
      } else if (typeUrl === 'type.googleapis.com/google.rpc.ErrorInfo') {
        fields(value, (f, r) => {
          if (f === 1) status.errorReason = r.string();
        });
      }
    }
  });
  return status;
}

/** Cordon's own violations trailer. */
export function cordonViolations(error: grpc.ServiceError): FieldViolation[] {
  const raw = error.metadata.get(GRPC_FIELD_VIOLATIONS_TRAILER)[0] as Buffer | undefined;
  return raw ? FieldViolations.decode(raw).violations : [];
}

/** Every WithdrawalRequested on the requested topic, decoded, with its record key. */
export async function requestedEvents(
  kafka: KafkaClient,
  topic: string,
): Promise<Array<{ key: string; event: WithdrawalRequested }>> {
  const records = await readTopic(kafka, topic);
  return records.map((r) => ({
    key: r.key?.toString() ?? '',
    event: decodeEvent(EVENT_TYPES.withdrawalRequested, r.value, r.headers),
  }));
}

/** The state of each idempotency record in `schema`. */
export async function storedStates(schema: string): Promise<Map<string, string>> {
  const c = new pg.Client({ connectionString: databaseUrl() });
  await c.connect();
  try {
    const result = await c.query<{ idempotency_key: string; state: string }>(
      `select idempotency_key, state from ${pg.escapeIdentifier(schema)}.submissions`,
    );
    return new Map(result.rows.map((row) => [row.idempotency_key, row.state]));
  } finally {
    await c.end();
  }
}

/** Polls `read` until `done` holds or `timeoutMillis` passes; returns the last value read. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMillis = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
