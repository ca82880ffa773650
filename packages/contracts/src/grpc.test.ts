import { Metadata, Server, ServerCredentials, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldViolations } from './gen/cordon/common/v1/errors.js';
import {
  IngestServiceClient,
  IngestServiceService,
  SubmissionStatus,
  SubmitWithdrawalsResponse,
  WithdrawalRequested,
  WithdrawalSubmission,
  type IngestServiceServer,
  type SubmitWithdrawalResponse,
} from './gen/cordon/withdrawals/v1/withdrawals.js';
import { GRPC_FIELD_VIOLATIONS_TRAILER } from './headers.js';

// A toy IngestService over a loopback port: proves the generated definitions work with grpc-js end to end
// (unary and client streaming, 64-bit values, the field-violations trailer), with no broker involved.
const BIG = 2n ** 63n - 1n;

const ingest: IngestServiceServer = {
  submitWithdrawal(call, callback) {
    const submission = call.request.submission;
    if (!submission?.idempotencyKey) {
      const trailer = new Metadata();
      const violations = {
        violations: [{ field: 'submission.idempotency_key', code: 'REQUIRED', description: 'missing' }],
      };
      trailer.set(GRPC_FIELD_VIOLATIONS_TRAILER, Buffer.from(FieldViolations.encode(violations).finish()));
      callback({ code: status.INVALID_ARGUMENT, details: 'invalid submission', metadata: trailer });
      return;
    }
    const requested = WithdrawalRequested.fromPartial({
      withdrawalId: submission.withdrawalId,
      amount: submission.amount,
    });
    callback(null, { status: SubmissionStatus.ACCEPTED, requested });
  },
  submitWithdrawals(call, callback) {
    const results: SubmitWithdrawalsResponse['results'] = [];
    call.on('data', (item: { submission?: WithdrawalSubmission }) => {
      const ok = item.submission?.idempotencyKey !== '';
      results.push({
        index: results.length,
        idempotencyKey: item.submission?.idempotencyKey ?? '',
        withdrawalId: item.submission?.withdrawalId ?? '',
        status: ok ? SubmissionStatus.ACCEPTED : SubmissionStatus.REJECTED,
        reason: 0,
        violations: [],
      });
    });
    call.on('end', () => callback(null, { results }));
  },
};

let server: Server;
let client: IngestServiceClient;

beforeAll(async () => {
  server = new Server();
  server.addService(IngestServiceService, ingest);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  client = new IngestServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
});

afterAll(() => {
  client?.close();
  server?.forceShutdown();
});

const submission = (key: string) =>
  WithdrawalSubmission.fromPartial({
    idempotencyKey: key,
    withdrawalId: `w-${key}`,
    amount: { asset: 'ETH', amountMinor: BIG },
  });

describe('generated gRPC definitions', () => {
  it('carry a unary call with int64 values intact', async () => {
    const response = await new Promise<SubmitWithdrawalResponse>((resolve, reject) =>
      client.submitWithdrawal({ submission: submission('k1') }, (error, value) =>
        error ? reject(error) : resolve(value),
      ),
    );
    expect(response.status).toBe(SubmissionStatus.ACCEPTED);
    expect(response.requested?.amount?.amountMinor).toBe(BIG);
  });

  it('deliver field violations in the binary trailer with INVALID_ARGUMENT', async () => {
    const error = await new Promise<ServiceError>((resolve) =>
      client.submitWithdrawal({ submission: submission('') }, (e) => resolve(e as ServiceError)),
    );
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    const [raw] = error.metadata.get(GRPC_FIELD_VIOLATIONS_TRAILER);
    expect(FieldViolations.decode(raw as Buffer).violations.map((v) => v.field)).toEqual([
      'submission.idempotency_key',
    ]);
  });

  it('answer a client stream with one result per item, in order', async () => {
    const response = await new Promise<SubmitWithdrawalsResponse>((resolve, reject) => {
      const stream = client.submitWithdrawals((error, value) => (error ? reject(error) : resolve(value)));
      for (const key of ['a', '', 'c']) stream.write({ submission: submission(key) });
      stream.end();
    });
    expect(response.results.map((r) => [r.index, r.withdrawalId, r.status])).toEqual([
      [0, 'w-a', SubmissionStatus.ACCEPTED],
      [1, 'w-', SubmissionStatus.REJECTED],
      [2, 'w-c', SubmissionStatus.ACCEPTED],
    ]);
  });
});
