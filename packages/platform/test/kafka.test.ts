import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, IngestChannel, WithdrawalRequested } from '@cordon/contracts';
import {
  createKafka,
  createTransactionalProducer,
  decodeEvent,
  deadLetter,
  DecodeError,
  DLQ_HEADERS,
  encodeEvent,
  runExactlyOnce,
  type OutgoingRecord,
} from '@cordon/platform';
import { brokers, createTopics, readTopic, testLogger, uniqueName } from '../../../test/support.js';

const logger = testLogger();
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('platform-test') }, logger);
const requested = EVENT_TYPES.withdrawalRequested;

function withdrawal(id: string, amountMinor: bigint): WithdrawalRequested {
  return WithdrawalRequested.fromPartial({
    idempotencyKey: `idem-${id}`,
    withdrawalId: id,
    customer: { customerRef: 'cust-1', fullName: 'Test Customer' },
    chain: 'ethereum',
    amount: { asset: 'USDT', amountMinor },
    requestedAt: { seconds: 1_767_225_600n, nanos: 123_456_789 },
    channel: IngestChannel.GRPC,
    partitionKey: 'cust-1',
  });
}

function record(topic: string, message: WithdrawalRequested): OutgoingRecord {
  const { value, headers } = encodeEvent(requested, message);
  return { topic, key: message.customer?.customerRef ?? null, value, headers };
}

describe('Kafka transactions against the real broker', () => {
  const topic = uniqueName('platform-tx');
  let dropTopics: () => Promise<void>;

  beforeAll(async () => {
    dropTopics = await createTopics(kafka, [{ topic, partitions: 3 }]);
  });
  afterAll(async () => dropTopics());

  it('commits a protobuf event that a read_committed consumer decodes, 64-bit fields intact', async () => {
    const producer = await createTransactionalProducer(kafka, uniqueName('tx'), logger);
    const sent = withdrawal('w-commit', 2n ** 63n - 1n);
    await producer.inTransaction((tx) => tx.send([record(topic, sent)]));
    await producer.close();

    const records = await readTopic(kafka, topic);
    const decoded = records.map((r) => decodeEvent(requested, r.value, r.headers));
    expect(decoded.find((m) => m.withdrawalId === 'w-commit')).toEqual(sent);
  });

  it('never shows an aborted transaction to a read_committed consumer', async () => {
    const producer = await createTransactionalProducer(kafka, uniqueName('tx'), logger);
    await expect(
      producer.inTransaction(async (tx) => {
        await tx.send([record(topic, withdrawal('w-aborted', 1n))]);
        throw new Error('business failure after the send');
      }),
    ).rejects.toThrow('business failure');
    // The same producer keeps working after an abort.
    await producer.inTransaction((tx) => tx.send([record(topic, withdrawal('w-after-abort', 2n))]));
    await producer.close();

    const ids = (records: Awaited<ReturnType<typeof readTopic>>) =>
      records.map((r) => decodeEvent(requested, r.value, r.headers).withdrawalId);
    const committed = ids(await readTopic(kafka, topic));
    const uncommitted = ids(await readTopic(kafka, topic, { readUncommitted: true }));
    // The aborted record really reached the log: read_uncommitted sees it, read_committed must not.
    expect(uncommitted).toContain('w-aborted');
    expect(committed).not.toContain('w-aborted');
    expect(committed).toContain('w-after-abort');
  });
});

describe('exactly-once consume-transform-produce', () => {
  const input = uniqueName('eos-in');
  const output = uniqueName('eos-out');
  const dlq = uniqueName('eos-dlq');
  let dropTopics: () => Promise<void>;

  beforeAll(async () => {
    dropTopics = await createTopics(kafka, [
      { topic: input, partitions: 2 },
      { topic: output, partitions: 2 },
      { topic: dlq, partitions: 1 },
    ]);
  });
  afterAll(async () => dropTopics());

  it('writes one output per input, sends undecodable input to the dead-letter topic, and resumes after a restart without duplicates', async () => {
    const producer = await createTransactionalProducer(kafka, uniqueName('seed'), logger);
    const good = Array.from({ length: 50 }, (_, i) => record(input, withdrawal(`w-${i}`, BigInt(i))));
    const garbage: OutgoingRecord = {
      topic: input,
      key: 'cust-1',
      value: Buffer.from('not protobuf'),
      headers: { 'cordon-type': 'x.Y' },
    };
    await producer.inTransaction((tx) => tx.send([...good.slice(0, 25), garbage, ...good.slice(25)]));

    const groupId = uniqueName('eos-group');
    const start = () =>
      runExactlyOnce({
        kafka,
        logger,
        groupId,
        topics: [input],
        transactionalIdPrefix: groupId,
        async process(records) {
          return records.map((r) => {
            try {
              const message = decodeEvent(requested, r.value, r.headers);
              return record(output, { ...message, chain: 'processed' });
            } catch (error) {
              if (!(error instanceof DecodeError)) throw error;
              return deadLetter(r, dlq, 'platform-test', error.deadLetterReason, error.message);
            }
          });
        },
      });

    let consumer = await start();
    await consumer.ready;
    await waitFor(async () => (await readTopic(kafka, output, { idleMillis: 500 })).length >= 50);
    await consumer.stop();

    // More input after a restart: only the new records are processed.
    await producer.inTransaction((tx) => tx.send([record(input, withdrawal('w-late', 99n))]));
    await producer.close();
    consumer = await start();
    await consumer.ready;
    await waitFor(async () => (await readTopic(kafka, output, { idleMillis: 500 })).length >= 51);
    await consumer.stop();

    const outputs = (await readTopic(kafka, output)).map((r) => decodeEvent(requested, r.value, r.headers));
    const ids = outputs.map((m) => m.withdrawalId).sort();
    expect(ids).toEqual([...good.map((_, i) => `w-${i}`), 'w-late'].sort());
    expect(outputs.every((m) => m.chain === 'processed')).toBe(true);

    const deadLetters = await readTopic(kafka, dlq);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]!.value?.toString()).toBe('not protobuf');
    expect(deadLetters[0]!.headers[DLQ_HEADERS.reason]?.toString()).toBe('DEAD_LETTER_REASON_WRONG_TYPE');
    expect(deadLetters[0]!.headers[DLQ_HEADERS.originalTopic]?.toString()).toBe(input);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMillis = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('condition not met in time');
}
