import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  DeadLetterReason,
  EVENT_TYPES,
  HEADERS,
  IngestChannel,
  Money,
  SubmissionStatus,
  WithdrawalRejected,
  WithdrawalRequested,
  WithdrawalSubmission,
  deadLetterReasonToJSON,
} from '@cordon/contracts';
import {
  createIdempotentProducer,
  createKafka,
  createTransactionalProducer,
  type RecordHeaders,
  type TransactionalProducer,
  type TransactionScope,
} from '@cordon/platform';
import { brokers, readTopic, testLogger, uniqueName } from '../../../test/support.js';
import type { RunningIngest } from '../src/app.js';
import { ADDRESSES, validSubmission } from './fixtures.js';
import {
  client,
  createIngestEnv,
  eventually,
  requestedEvents,
  startTestIngest,
  submit,
  type IngestEnv,
} from './helpers.js';

const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('ingest-intake-test') }, testLogger());
const MAX_BYTES = 4096;
const SUBMISSION_HEADERS = {
  [HEADERS.type]: EVENT_TYPES.withdrawalSubmission.typeName,
  [HEADERS.schemaVersion]: String(EVENT_TYPES.withdrawalSubmission.schemaVersion),
};
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (submission: WithdrawalSubmission) => Buffer.from(WithdrawalSubmission.encode(submission).finish());

/** A transaction kept open across steps, so that several producers' transactions interleave on one partition. */
function openTransaction(producer: TransactionalProducer, record: (id: string) => OutgoingIntake) {
  const ABORT = new Error('aborted on purpose');
  const commands: Array<(tx: TransactionScope) => Promise<void>> = [];
  let wake: () => void = () => undefined;
  let finish: { commit: boolean } | undefined;
  const outcome = producer
    .inTransaction(async (tx) => {
      for (;;) {
        const command = commands.shift();
        if (command) await command(tx);
        else if (finish) {
          if (finish.commit) return;
          throw ABORT;
        } else await new Promise<void>((resolve) => (wake = resolve));
      }
    })
    .catch((error: unknown) => {
      if (error !== ABORT) throw error;
    });
  return {
    send: (ids: string[]) =>
      new Promise<void>((resolve, reject) => {
        commands.push((tx) =>
          tx.send(ids.map(record)).then(
            () => resolve(),
            (error: unknown) => {
              reject(error as Error);
              throw error;
            },
          ),
        );
        wake();
      }),
    end: (commit: boolean) => {
      finish = { commit };
      wake();
      return outcome;
    },
  };
}

interface OutgoingIntake {
  topic: string;
  partition: number;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

interface Input {
  key: string;
  value: Buffer | null;
  headers: Record<string, string>;
  /** The dead-letter reason expected, or undefined when the record must be ingested (or collapsed). */
  reason?: DeadLetterReason;
}

describe('ingest from the intake topic, against the real broker and PostgreSQL', () => {
  let env: IngestEnv;
  let ingest: RunningIngest;

  beforeAll(async () => {
    env = await createIngestEnv(kafka);
    ingest = await startTestIngest(env.env({ INGEST_MAX_MESSAGE_BYTES: String(MAX_BYTES) }));
  });
  afterAll(async () => {
    await ingest?.stop();
    await env?.cleanup();
  });

  it('publishes valid records once and dead-letters every other kind, original bytes and reason intact', async () => {
    const now = Date.now();
    const a = validSubmission('k-a', now);
    const b = validSubmission('k-b', now, {
      chain: 'btc',
      destinationAddress: ADDRESSES.btcBech32Upper,
      amount: Money.fromPartial({ asset: 'BTC', amountMinor: 1500n, decimals: 8 }),
    });
    const viaGrpc = validSubmission('k-grpc', now);
    const conflicting = { ...a, amount: Money.fromPartial({ asset: 'USDT', amountDecimal: '99' }) };
    const invalid = validSubmission('k-invalid', now, {
      destinationAddress: ADDRESSES.trx,
      amount: Money.fromPartial({ asset: 'USDT', amountDecimal: '-5' }),
    });
    const huge = validSubmission('k-huge', now);
    huge.customer!.otherNames = Array.from({ length: 20 }, () => 'y'.repeat(250));
    const requestedBytes = Buffer.from(
      WithdrawalRequested.encode(WithdrawalRequested.fromPartial({ withdrawalId: 'x' })).finish(),
    );

    // Over gRPC first, then the same submission on the intake topic: one event, no dead letter.
    const c = client(ingest.grpcPort);
    const first = await submit(c, viaGrpc);
    c.close();
    expect(first.ok && first.response.status).toBe(SubmissionStatus.ACCEPTED);

    const inputs: Input[] = [
      { key: 'idem-k-a', value: bytesOf(a), headers: SUBMISSION_HEADERS },
      { key: 'idem-k-b', value: bytesOf(b), headers: SUBMISSION_HEADERS },
      { key: 'idem-k-a', value: bytesOf(a), headers: SUBMISSION_HEADERS },
      { key: 'idem-k-grpc', value: bytesOf(viaGrpc), headers: SUBMISSION_HEADERS },
      {
        key: 'idem-k-a',
        value: bytesOf(conflicting),
        headers: SUBMISSION_HEADERS,
        reason: DeadLetterReason.IDEMPOTENCY_CONFLICT,
      },
      {
        key: 'dl-invalid',
        value: bytesOf(invalid),
        headers: SUBMISSION_HEADERS,
        reason: DeadLetterReason.INVALID_FIELDS,
      },
      {
        key: 'dl-garbage',
        value: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]),
        headers: SUBMISSION_HEADERS,
        reason: DeadLetterReason.MALFORMED,
      },
      {
        key: 'dl-no-type',
        value: bytesOf(a),
        headers: { [HEADERS.schemaVersion]: '1' },
        reason: DeadLetterReason.MISSING_TYPE,
      },
      {
        key: 'dl-wrong-type',
        value: requestedBytes,
        headers: { ...SUBMISSION_HEADERS, [HEADERS.type]: EVENT_TYPES.withdrawalRequested.typeName },
        reason: DeadLetterReason.WRONG_TYPE,
      },
      {
        key: 'dl-unknown-type',
        value: bytesOf(a),
        headers: { ...SUBMISSION_HEADERS, [HEADERS.type]: 'acme.payments.v3.Payout' },
        reason: DeadLetterReason.UNKNOWN_TYPE,
      },
      { key: 'dl-oversize', value: bytesOf(huge), headers: SUBMISSION_HEADERS, reason: DeadLetterReason.OVERSIZE },
      {
        key: 'dl-version',
        value: bytesOf(a),
        headers: { ...SUBMISSION_HEADERS, [HEADERS.schemaVersion]: '9' },
        reason: DeadLetterReason.UNSUPPORTED_SCHEMA_VERSION,
      },
      { key: 'dl-tombstone', value: null, headers: SUBMISSION_HEADERS, reason: DeadLetterReason.MALFORMED },
    ];
    expect(bytesOf(huge).length).toBeGreaterThan(MAX_BYTES);
    const producer = await createIdempotentProducer(kafka);
    await producer.send(
      inputs.map(({ key, value, headers }) => ({ topic: env.topics.withdrawalsIntake, key, value, headers })),
    );
    await producer.close();

    const expectedDead = inputs.filter((input) => input.reason !== undefined);
    const dead = await eventually(
      () => readTopic(kafka, env.topics.withdrawalsRejected),
      (records) => records.length >= expectedDead.length,
    );
    const events = await eventually(
      () => requestedEvents(kafka, env.topics.withdrawalsRequested),
      (all) => all.length >= 3,
    );

    expect(events.map((e) => e.event.withdrawalId).sort()).toEqual(['wd-k-a', 'wd-k-b', 'wd-k-grpc']);
    const eventA = events.find((e) => e.event.withdrawalId === 'wd-k-a')!;
    expect(eventA.key).toBe('cust-k-a');
    expect(eventA.event.channel).toBe(IngestChannel.KAFKA);
    expect(eventA.event.producer).toBe(`kafka:${env.topics.withdrawalsIntake}`);
    expect(eventA.event.submissionSha256).toBe(sha256(bytesOf(a)));
    const eventB = events.find((e) => e.event.withdrawalId === 'wd-k-b')!.event;
    expect(eventB.destination?.canonical).toBe('bech32:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
    expect(eventB.amount).toEqual({ asset: 'BTC', amountDecimal: '0.000015', amountMinor: 1500n, decimals: 8 });

    expect(dead).toHaveLength(expectedDead.length);
    for (const input of expectedDead) {
      const matches = dead.filter((record) => record.key?.toString() === input.key);
      // The conflicting record shares its key with two accepted ones; only it is dead-lettered.
      expect(matches, input.key).toHaveLength(1);
      const record = matches[0]!;
      expect(record.value === null ? null : Buffer.compare(record.value, input.value!), input.key).toBe(
        input.value === null ? null : 0,
      );
      const header = (name: string) => (record.headers as RecordHeaders)[name]?.toString();
      expect(header(HEADERS.dlqReason), input.key).toBe(deadLetterReasonToJSON(input.reason!));
      expect(header(HEADERS.dlqService)).toBe('ingest');
      expect(header(HEADERS.originalTopic)).toBe(env.topics.withdrawalsIntake);
      const summary = WithdrawalRejected.decode((record.headers as RecordHeaders)[HEADERS.dlqSummary] as Buffer);
      expect(summary.reason, input.key).toBe(input.reason);
      expect(summary.originalTopic).toBe(env.topics.withdrawalsIntake);
      expect(String(summary.originalOffset)).toBe(header(HEADERS.originalOffset));
      expect(summary.originalSizeBytes).toBe(input.value?.length ?? 0);
      expect(summary.originalSha256).toBe(sha256(input.value ?? Buffer.alloc(0)));
      expect(summary.rejectedBy).toBe('ingest');
      expect(summary.producer).toBe(`kafka:${env.topics.withdrawalsIntake}`);
    }
    const invalidSummary = WithdrawalRejected.decode(
      (dead.find((r) => r.key?.toString() === 'dl-invalid')!.headers as RecordHeaders)[HEADERS.dlqSummary] as Buffer,
    );
    expect(invalidSummary.violations.map((v) => `${v.field}:${v.code}`)).toEqual([
      'amount.amount_decimal:INVALID_AMOUNT',
      'destination_address:INVALID_ADDRESS',
    ]);
    expect(invalidSummary.withdrawalId).toBe('wd-k-invalid');
    const conflictSummary = WithdrawalRejected.decode(
      (dead.find((r) => r.key?.toString() === 'idem-k-a')!.headers as RecordHeaders)[HEADERS.dlqSummary] as Buffer,
    );
    expect(conflictSummary.violations.map((v) => `${v.field}:${v.code}`)).toEqual([
      'idempotency_key:IDEMPOTENCY_CONFLICT',
    ]);
  });

  it('ingests the committed transactions of the intake topic only, however aborted ones interleave with them', async () => {
    const now = Date.now();
    const record = (id: string): OutgoingIntake => ({
      topic: env.topics.withdrawalsIntake,
      partition: 0,
      key: `idem-${id}`,
      value: bytesOf(validSubmission(id, now)),
      headers: SUBMISSION_HEADERS,
    });
    const producers = await Promise.all(
      ['a', 'b', 'c'].map((name) => createTransactionalProducer(kafka, uniqueName(`intake-${name}`), testLogger())),
    );
    try {
      const [a, b, c] = producers.map((producer) => openTransaction(producer, record));
      // Three transactions open at once on one partition, their records interleaved: a and c abort, b commits.
      await a!.send(['tx-a1']);
      await b!.send(['tx-b1']);
      await c!.send(['tx-c1', 'tx-c2']);
      await a!.send(['tx-a2']);
      await b!.send(['tx-b2']);
      await c!.end(false);
      await a!.send(['tx-a3']);
      await b!.end(true);
      await a!.end(false);
    } finally {
      await Promise.all(producers.map((producer) => producer.close()));
    }
    // A last committed record on the same partition: once it is published, everything before it was handled.
    const plain = await createIdempotentProducer(kafka);
    await plain.send([record('tx-d1')]);
    await plain.close();

    const events = await eventually(
      () => requestedEvents(kafka, env.topics.withdrawalsRequested),
      (all) => all.some((e) => e.event.withdrawalId === 'wd-tx-d1'),
    );
    const ids = events.map((e) => e.event.withdrawalId).filter((id) => id.startsWith('wd-tx-'));
    expect(ids.sort()).toEqual(['wd-tx-b1', 'wd-tx-b2', 'wd-tx-d1']);
    const dead = await readTopic(kafka, env.topics.withdrawalsRejected);
    expect(dead.filter((r) => r.key?.toString().startsWith('idem-tx-'))).toEqual([]);
  });
});
