import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, IngestChannel, WithdrawalRequested } from '@cordon/contracts';
import {
  createIdempotentProducer,
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
import { brokers, createTopics, readTopic, readTopicWithJava, testLogger, uniqueName } from '../../../test/support.js';

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

describe('read_committed with interleaved transactions aborted out of order (regression: kafkajs delivered them)', () => {
  const topic = uniqueName('platform-interleaved');
  let dropTopics: () => Promise<void>;

  beforeAll(async () => {
    dropTopics = await createTopics(kafka, [{ topic, partitions: 1 }]);
  });
  afterAll(async () => dropTopics());

  it('shows none of three interleaved aborted transactions, whatever the abort order, to either reader', async () => {
    const producers = await Promise.all(
      [1, 2, 3].map((i) => createTransactionalProducer(kafka, uniqueName(`tx${i}`), logger)),
    );
    /** A step of the script below, opened by the driver once the previous one is done. */
    const gate = () => {
      let open: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => (open = resolve));
      return { opened, open };
    };
    const rounds = 3;
    const sendGates = producers.map(() => Array.from({ length: rounds }, gate));
    const sentGates = producers.map(() => Array.from({ length: rounds }, gate));
    const abortGates = producers.map(gate);
    // Three transactions open at once, each writing a record batch per round into the same partition: their batches
    // interleave (tx1 r0, tx2 r0, tx3 r0, tx1 r1, ...). Each then aborts when told.
    const running = producers.map((producer, i) =>
      producer
        .inTransaction(async (tx) => {
          for (let round = 0; round < rounds; round++) {
            await sendGates[i]![round]!.opened;
            await tx.send([record(topic, withdrawal(`aborted-${i + 1}-${round}`, BigInt(round)))]);
            sentGates[i]![round]!.open();
          }
          await abortGates[i]!.opened;
          throw new Error(`abort ${i + 1}`);
        })
        .catch((error: Error) => error.message),
    );
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < producers.length; i++) {
        sendGates[i]![round]!.open();
        await sentGates[i]![round]!.opened;
      }
    }
    // Aborted in another order than they started: the broker lists aborted transactions in abort order, and a
    // reader that does not sort them by first offset (kafkajs 2.2.4) delivers part of transaction 1.
    for (const i of [1, 2, 0]) {
      abortGates[i]!.open();
      expect(await running[i]).toBe(`abort ${i + 1}`);
    }
    await producers[0]!.inTransaction((tx) => tx.send([record(topic, withdrawal('committed', 7n))]));
    await Promise.all(producers.map((p) => p.close()));

    const uncommitted = (await readTopic(kafka, topic, { readUncommitted: true })).map(
      (r) => decodeEvent(requested, r.value, r.headers).withdrawalId,
    );
    expect(uncommitted.filter((id) => id.startsWith('aborted-'))).toHaveLength(9);
    const committed = (await readTopic(kafka, topic)).map(
      (r) => decodeEvent(requested, r.value, r.headers).withdrawalId,
    );
    expect(committed).toEqual(['committed']);
    // Apache Kafka's own Java consumer agrees.
    expect(readTopicWithJava(topic).map((r) => r.key)).toEqual(['cust-1']);
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
    await waitFor(async () => (await readTopic(kafka, output)).length >= 50);
    await consumer.stop();

    // More input after a restart: only the new records are processed.
    await producer.inTransaction((tx) => tx.send([record(input, withdrawal('w-late', 99n))]));
    await producer.close();
    consumer = await start();
    await consumer.ready;
    await waitFor(async () => (await readTopic(kafka, output)).length >= 51);
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

describe('exactly-once across rebalances: partitions moving between live members and back', () => {
  const input = uniqueName('eos-rebalance-in');
  const output = uniqueName('eos-rebalance-out');
  let dropTopics: () => Promise<void>;

  beforeAll(async () => {
    dropTopics = await createTopics(kafka, [
      { topic: input, partitions: 4 },
      { topic: output, partitions: 3 },
    ]);
  });
  afterAll(async () => dropTopics());

  it('keeps one output per input while members join and leave, and the first member keeps working after its partitions come back', async () => {
    const seed = await createIdempotentProducer(kafka);
    const groupId = uniqueName('eos-rebalance');
    let total = 0;
    const feed = async (count: number) => {
      const batch = Array.from({ length: count }, (_, i) => {
        const id = `w-${total + i}`;
        const { value, headers } = encodeEvent(requested, withdrawal(id, BigInt(total + i)));
        return { topic: input, key: `cust-${(total + i) % 17}`, value, headers };
      });
      total += count;
      await seed.send(batch);
    };
    const member = (name: string) =>
      runExactlyOnce({
        kafka: createKafka({ brokers: brokers(), clientId: `${groupId}-${name}` }, logger),
        logger,
        groupId,
        topics: [input],
        transactionalIdPrefix: groupId,
        maxBatchRecords: 20,
        partitionsConsumedConcurrently: 2,
        async process(records) {
          return records.map((r) => {
            const message = decodeEvent(requested, r.value, r.headers);
            return { ...record(output, message), key: message.withdrawalId };
          });
        },
      });
    const outputs = async () => (await readTopic(kafka, output)).length;

    const a = await member('a');
    await a.ready;
    await feed(300);
    await waitFor(async () => (await outputs()) >= 100);
    // b joins while a works: half of the partitions move to b.
    const b = await member('b');
    await b.ready;
    await feed(300);
    await waitFor(async () => (await outputs()) >= 450);
    // b leaves: its partitions come back to a, whose producers for them were fenced by b meanwhile.
    await b.stop();
    await feed(300);
    await waitFor(async () => (await outputs()) >= total, 90_000);
    await a.stop();
    await seed.close();

    const ids = (await readTopic(kafka, output)).map((r) => decodeEvent(requested, r.value, r.headers).withdrawalId);
    const expected = Array.from({ length: total }, (_, i) => `w-${i}`);
    expect(ids.length).toBe(total);
    expect([...new Set(ids)].sort()).toEqual(expected.sort());
    const java = readTopicWithJava(output).map((r) => r.key);
    expect(java.length).toBe(total);
    expect(new Set(java).size).toBe(total);
  });

  it('stops for good, and says so, when a partition keeps failing past its retry budget', async () => {
    const failingInput = uniqueName('eos-failing-in');
    const dropFailing = await createTopics(kafka, [{ topic: failingInput, partitions: 1 }]);
    const seed = await createIdempotentProducer(kafka);
    await seed.send([record(failingInput, withdrawal('poison', 1n))]);
    await seed.close();
    const groupId = uniqueName('eos-failing');
    let attempts = 0;
    const consumer = await runExactlyOnce({
      kafka,
      logger,
      groupId,
      topics: [failingInput],
      transactionalIdPrefix: groupId,
      producerRetry: { initialRetryTime: 10, multiplier: 1, retries: 2 },
      async process() {
        attempts++;
        throw new Error('downstream bug');
      },
    });
    const error = await consumer.failed;
    expect(error.message).toMatch(/failed 3 times in a row: downstream bug/);
    expect(attempts).toBe(3);
    // Nothing else is attempted once it has failed.
    await new Promise((r) => setTimeout(r, 500));
    expect(attempts).toBe(3);
    await consumer.stop();
    await dropFailing();
  });
});
