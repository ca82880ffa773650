import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  DeadLetterReason,
  HEADERS,
  IngestChannel,
  Money,
  SubmissionStatus,
  WithdrawalRequested,
  WithdrawalSubmission,
  timestampFromMillis,
} from '@cordon/contracts';
import { createKafka } from '@cordon/platform';
import { brokers, readTopic, testLogger, uniqueName } from '../../../test/support.js';
import type { RunningIngest } from '../src/app.js';
import { ADDRESSES, validSubmission } from './fixtures.js';
import {
  client,
  cordonViolations,
  createIngestEnv,
  requestedEvents,
  richStatus,
  startTestIngest,
  submit,
  submitStream,
  type IngestEnv,
} from './helpers.js';

const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('ingest-grpc-test') }, testLogger());
const TOKEN = 'producer-secret-token';
const STREAM_ONLY_TOKEN = 'unary-only-token';
const sha = (token: string) => createHash('sha256').update(token).digest('hex');

function bearer(token: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

describe('ingest over gRPC, against the real broker and PostgreSQL', () => {
  let env: IngestEnv;
  let ingest: RunningIngest;
  let c: ReturnType<typeof client>;
  const now = () => Date.now();

  beforeAll(async () => {
    env = await createIngestEnv(kafka);
    ingest = await startTestIngest(
      env.env({
        INGEST_AUTH_TOKENS: `wallets:${sha(TOKEN)},batcher:${sha(STREAM_ONLY_TOKEN)}:SubmitWithdrawal`,
        INGEST_MAX_MESSAGE_BYTES: '8192',
        INGEST_INTAKE_ENABLED: 'false',
      }),
    );
    c = client(ingest.grpcPort, undefined, null);
  });
  afterAll(async () => {
    c?.close();
    await ingest?.stop();
    await env?.cleanup();
  });

  it('accepts a valid withdrawal and publishes it once, canonicalised, keyed by customer', async () => {
    const submission = validSubmission('g-ok', now(), {
      destinationAddress: ADDRESSES.ethLower.toUpperCase().replace('0X', '0x'),
    });
    const result = await submit(c, submission, bearer(TOKEN));
    expect(result.ok && result.response.status).toBe(SubmissionStatus.ACCEPTED);
    const events = (await requestedEvents(kafka, env.topics.withdrawalsRequested)).filter(
      (e) => e.event.withdrawalId === 'wd-g-ok',
    );
    expect(events).toHaveLength(1);
    const { key, event } = events[0]!;
    expect(key).toBe('cust-g-ok');
    expect(event).toEqual(result.ok && result.response.requested);
    expect(event.destination?.canonical).toBe(`evm:${ADDRESSES.ethLower}`);
    expect(event.destination?.chains).toEqual(['eth']);
    expect(event.chain).toBe('eth');
    expect(event.amount).toEqual({ asset: 'USDT', amountDecimal: '1250.5', amountMinor: 1_250_500_000n, decimals: 6 });
    expect(event.customer?.fullName).toBe('Ivan Petrov');
    expect(event.channel).toBe(IngestChannel.GRPC);
    // Review F5: the authenticated producer was dropped; the event now records who submitted it.
    expect(event.producer).toBe('wallets');
    expect(event.submissionSha256).toBe(
      createHash('sha256').update(WithdrawalSubmission.encode(submission).finish()).digest('hex'),
    );
  });

  it('collapses a duplicate and rejects a reused key or withdrawal id with ALREADY_EXISTS', async () => {
    const submission = validSubmission('g-dup', now());
    const first = await submit(c, submission, bearer(TOKEN));
    const second = await submit(c, submission, bearer(TOKEN));
    expect(first.ok && first.response.status).toBe(SubmissionStatus.ACCEPTED);
    expect(second.ok && second.response.status).toBe(SubmissionStatus.DUPLICATE);
    // The first result, ingestion time included.
    expect(second.ok && second.response.requested).toEqual(first.ok && first.response.requested);

    const changed = await submit(
      c,
      { ...submission, amount: Money.fromPartial({ asset: 'USDT', amountDecimal: '2' }) },
      bearer(TOKEN),
    );
    expect(!changed.ok && changed.error.code).toBe(grpc.status.ALREADY_EXISTS);
    if (!changed.ok) {
      expect(cordonViolations(changed.error).map((v) => `${v.field}:${v.code}`)).toEqual([
        'submission.idempotency_key:IDEMPOTENCY_CONFLICT',
      ]);
      expect(richStatus(changed.error).errorReason).toBe('IDEMPOTENCY_CONFLICT');
    }
    const reusedId = await submit(c, { ...submission, idempotencyKey: 'idem-g-dup-other' }, bearer(TOKEN));
    expect(!reusedId.ok && cordonViolations(reusedId.error).map((v) => `${v.field}:${v.code}`)).toEqual([
      'submission.withdrawal_id:WITHDRAWAL_ID_REUSED',
    ]);

    const events = await requestedEvents(kafka, env.topics.withdrawalsRequested);
    expect(events.filter((e) => e.event.withdrawalId === 'wd-g-dup')).toHaveLength(1);
  });

  it("keeps each producer's idempotency keys its own, and withdrawal ids unique across producers", async () => {
    const wallets = validSubmission('g-scope-a', now());
    const batcher = { ...validSubmission('g-scope-b', now()), idempotencyKey: wallets.idempotencyKey };
    const first = await submit(c, wallets, bearer(TOKEN));
    expect(first.ok && first.response.status).toBe(SubmissionStatus.ACCEPTED);
    // The same key from another producer, for another withdrawal: a new submission, not a conflict.
    const other = await submit(c, batcher, bearer(STREAM_ONLY_TOKEN));
    expect(other.ok && other.response.status).toBe(SubmissionStatus.ACCEPTED);
    expect(other.ok && other.response.requested?.producer).toBe('batcher');
    // Each producer's retry is a duplicate of its own submission.
    const again = await submit(c, batcher, bearer(STREAM_ONLY_TOKEN));
    expect(again.ok && again.response.status).toBe(SubmissionStatus.DUPLICATE);
    expect(again.ok && again.response.requested?.withdrawalId).toBe('wd-g-scope-b');
    // Another producer cannot take a withdrawal id that is already submitted, under any key.
    const stolen = await submit(c, { ...wallets, idempotencyKey: 'idem-g-scope-c' }, bearer(STREAM_ONLY_TOKEN));
    expect(!stolen.ok && cordonViolations(stolen.error).map((v) => `${v.field}:${v.code}`)).toEqual([
      'submission.withdrawal_id:WITHDRAWAL_ID_REUSED',
    ]);

    const events = (await requestedEvents(kafka, env.topics.withdrawalsRequested)).filter(
      (e) => e.event.idempotencyKey === wallets.idempotencyKey,
    );
    expect(events.map((e) => `${e.event.producer}:${e.event.withdrawalId}`).sort()).toEqual([
      'batcher:wd-g-scope-b',
      'wallets:wd-g-scope-a',
    ]);
  });

  it.each<[string, (s: WithdrawalSubmission) => void, string[]]>([
    [
      'a bad EIP-55 checksum',
      (s) => (s.destinationAddress = ADDRESSES.eth.replace('16', '17')),
      ['submission.destination_address'],
    ],
    ['a Tron address on Ethereum', (s) => (s.destinationAddress = ADDRESSES.trx), ['submission.destination_address']],
    [
      'a float amount and a bad DOB',
      (s) => {
        s.amount!.amountDecimal = '1e3';
        s.customer!.dateOfBirth = '1980-02-30';
      },
      ['submission.customer.date_of_birth', 'submission.amount.amount_decimal'],
    ],
    [
      'no key, no customer reference, a future time',
      (s) => {
        s.idempotencyKey = '';
        s.customer!.customerRef = '';
        s.requestedAt = timestampFromMillis(Date.now() + 86_400_000);
      },
      ['submission.idempotency_key', 'submission.customer.customer_ref', 'submission.requested_at'],
    ],
    [
      'an unknown chain and a bad nationality',
      (s) => {
        s.chain = 'ton';
        s.customer!.nationalities = ['XX'];
      },
      ['submission.customer.nationalities[0]', 'submission.chain'],
    ],
  ])('answers %s with INVALID_ARGUMENT and one field violation per bad field', async (_name, change, fields) => {
    const submission = validSubmission(uniqueName('g-bad'), now());
    change(submission);
    const result = await submit(c, submission, bearer(TOKEN));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(grpc.status.INVALID_ARGUMENT);
    const status = richStatus(result.error);
    expect(status.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(status.typeUrls).toEqual(['type.googleapis.com/google.rpc.BadRequest']);
    expect(status.fieldViolations.map((v) => v.field)).toEqual(fields);
    expect(status.fieldViolations.every((v) => v.description.length > 0 && v.reason.length > 0)).toBe(true);
    expect(
      cordonViolations(result.error).map((v) => ({ field: v.field, description: v.description, reason: v.code })),
    ).toEqual(status.fieldViolations);
  });

  it('answers a request without a submission, or larger than the limit, precisely', async () => {
    const missing = await submit(c, undefined, bearer(TOKEN));
    expect(!missing.ok && richStatus(missing.error).fieldViolations.map((v) => `${v.field}:${v.reason}`)).toEqual([
      'submission:REQUIRED',
    ]);
    const huge = validSubmission('g-huge', now());
    huge.customer!.otherNames = Array.from({ length: 40 }, () => 'x'.repeat(250));
    const oversize = await submit(c, huge, bearer(TOKEN));
    expect(!oversize.ok && oversize.error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it('streams: one result per item in order, duplicates and rejections included, valid ones published once', async () => {
    const a = validSubmission('s-a', now());
    const b = validSubmission('s-b', now());
    const bad = validSubmission('s-bad', now(), { chain: 'trx' });
    const result = await submitStream(c, [a, bad, undefined, b, a], bearer(TOKEN));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.response.results.map((r) => [r.index, r.withdrawalId, r.status, r.reason])).toEqual([
      [0, 'wd-s-a', SubmissionStatus.ACCEPTED, DeadLetterReason.UNSPECIFIED],
      [1, 'wd-s-bad', SubmissionStatus.REJECTED, DeadLetterReason.INVALID_FIELDS],
      [2, '', SubmissionStatus.REJECTED, DeadLetterReason.INVALID_FIELDS],
      [3, 'wd-s-b', SubmissionStatus.ACCEPTED, DeadLetterReason.UNSPECIFIED],
      [4, 'wd-s-a', SubmissionStatus.DUPLICATE, DeadLetterReason.UNSPECIFIED],
    ]);
    expect(result.response.results[1]!.violations.map((v) => v.field)).toEqual(['submission.destination_address']);
    const events = await requestedEvents(kafka, env.topics.withdrawalsRequested);
    expect(events.filter((e) => e.event.withdrawalId === 'wd-s-a')).toHaveLength(1);
    expect(events.filter((e) => e.event.withdrawalId === 'wd-s-b')).toHaveLength(1);
    expect(events.filter((e) => e.event.withdrawalId === 'wd-s-bad')).toHaveLength(0);
  });

  it('authenticates producers by bearer token: UNAUTHENTICATED, PERMISSION_DENIED, or through', async () => {
    const submission = validSubmission('g-auth', now());
    const none = await submit(c, submission);
    const wrong = await submit(c, submission, bearer('not-a-token'));
    const unaryOnly = await submitStream(c, [submission], bearer(STREAM_ONLY_TOKEN));
    expect(!none.ok && none.error.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(!wrong.ok && wrong.error.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(!unaryOnly.ok && unaryOnly.error.code).toBe(grpc.status.PERMISSION_DENIED);
    const allowed = await submit(c, submission, bearer(STREAM_ONLY_TOKEN));
    expect(allowed.ok && allowed.response.status).toBe(SubmissionStatus.ACCEPTED);
  });

  it("keeps one customer's withdrawals in order: one partition, in submission order", async () => {
    const ofCustomer = (i: number) => {
      const s = validSubmission(`order-${i}`, now());
      s.customer!.customerRef = 'cust-order';
      return s;
    };
    for (let i = 0; i < 10; i++) await submit(c, ofCustomer(i), bearer(TOKEN));
    const streamed = await submitStream(
      c,
      Array.from({ length: 10 }, (_, i) => ofCustomer(10 + i)),
      bearer(TOKEN),
    );
    expect(streamed.ok && streamed.response.results.every((r) => r.status === SubmissionStatus.ACCEPTED)).toBe(true);
    const records = (await readTopic(kafka, env.topics.withdrawalsRequested)).filter(
      (r) => r.key?.toString() === 'cust-order',
    );
    expect(new Set(records.map((r) => r.partition)).size).toBe(1);
    const ids = records.map((r) => WithdrawalRequested.decode(r.value!).withdrawalId);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `wd-order-${i}`));
  });

  it('keeps the idempotency record across a restart of the instance', async () => {
    const submission = validSubmission('g-restart', now());
    const first = await submit(c, submission, bearer(TOKEN));
    c.close();
    await ingest.stop();
    ingest = await startTestIngest(
      env.env({ INGEST_AUTH_TOKENS: `wallets:${sha(TOKEN)}`, INGEST_INTAKE_ENABLED: 'false' }),
    );
    c = client(ingest.grpcPort, undefined, null);
    const again = await submit(c, submission, bearer(TOKEN));
    expect(again.ok && again.response.status).toBe(SubmissionStatus.DUPLICATE);
    expect(again.ok && again.response.requested).toEqual(first.ok && first.response.requested);
    const records = await readTopic(kafka, env.topics.withdrawalsRequested);
    const mine = records.filter((r) => r.key?.toString() === 'cust-g-restart');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.headers[HEADERS.type]?.toString()).toBe('cordon.withdrawals.v1.WithdrawalRequested');
  });
});
