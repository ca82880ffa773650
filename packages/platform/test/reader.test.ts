/**
 * readToEnd and readRange on partitions whose read_committed end is not a committed record: aborted records,
 * transaction markers, and aborted records just before an open transaction (the last stable offset). Real broker.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createKafka,
  createTransactionalProducer,
  endOffsets,
  openReader,
  processThreadpool,
  readRange,
  readToEnd,
  type ConsumedRecord,
  type OutgoingRecord,
  type TransactionalProducer,
} from '@cordon/platform';
import { brokers, createTopics, testLogger, uniqueName } from '../../../test/support.js';

const logger = testLogger();
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('reader-test') }, logger);
// Long enough for a healthy read on a loaded machine, short enough that a read that never ends fails the test.
const READ_TIMEOUT = 20_000;

function record(topic: string, partition: number, value: string): OutgoingRecord {
  return { topic, key: value, value: Buffer.from(value), partition };
}

const values = (records: ConsumedRecord[]) => records.map((r) => `${r.partition}:${r.value?.toString()}`);

/** A transaction left open (its records written, not yet decided) until `commit()` or `abort()`. */
async function openTransaction(producer: TransactionalProducer, records: OutgoingRecord[]) {
  let decide: (commit: boolean) => void = () => undefined;
  const decided = new Promise<boolean>((resolve) => (decide = resolve));
  let sent: () => void = () => undefined;
  const written = new Promise<void>((resolve) => (sent = resolve));
  const done = producer
    .inTransaction(async (tx) => {
      await tx.send(records);
      sent();
      if (!(await decided)) throw new Error('aborted by the test');
    })
    .catch((error: Error) => {
      if (error.message !== 'aborted by the test') throw error;
    });
  await Promise.race([written, done]);
  return {
    commit: async () => {
      decide(true);
      await done;
    },
    abort: async () => {
      decide(false);
      await done;
    },
  };
}

async function abortedTransaction(producer: TransactionalProducer, records: OutgoingRecord[]) {
  await (await openTransaction(producer, records)).abort();
}

/** Waits until the read_committed end of every partition is the high watermark (markers written). */
async function settled(topic: string) {
  const admin = await kafka.admin();
  for (let i = 0; i < 100; i++) {
    const [ends, high] = await Promise.all([endOffsets(kafka, topic), admin.fetchTopicOffsets(topic)]);
    if (high.every((h) => ends.find((e) => e.partition === h.partition)?.end === BigInt(h.high))) return ends;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${topic} never settled`);
}

describe('readToEnd and readRange at a read_committed end that is not a committed record', () => {
  const producers: TransactionalProducer[] = [];
  const drops: Array<() => Promise<void>> = [];
  const producer = async () => {
    const p = await createTransactionalProducer(kafka, uniqueName('reader-tx'), logger);
    producers.push(p);
    return p;
  };
  const topic = async (partitions: number) => {
    const name = uniqueName('reader');
    drops.push(await createTopics(kafka, [{ topic: name, partitions }]));
    return name;
  };

  beforeAll(async () => {
    await kafka.admin();
  });
  afterEach(async () => {
    await Promise.all(producers.splice(0).map((p) => p.close().catch(() => undefined)));
  });
  afterAll(async () => {
    for (const drop of drops) await drop();
    await kafka.close();
  });

  it('reads committed records followed by an aborted transaction at the tail', async () => {
    const t = await topic(1);
    const tx = await producer();
    await tx.inTransaction((s) => s.send([record(t, 0, 'a'), record(t, 0, 'b')]));
    await abortedTransaction(tx, [record(t, 0, 'x'), record(t, 0, 'y')]);
    const [end] = await settled(t);
    expect(end!.end).toBe(6n); // a, b, commit marker, x, y, abort marker

    expect(values(await readToEnd(kafka, { topic: t, timeoutMillis: READ_TIMEOUT }))).toEqual(['0:a', '0:b']);
    const read: ConsumedRecord[] = [];
    await readRange(kafka, {
      topic: t,
      ranges: new Map([[0, { from: 0n, to: end!.end }]]),
      timeoutMillis: READ_TIMEOUT,
      onRecords: (records) => void read.push(...records),
    });
    expect(values(read)).toEqual(['0:a', '0:b']);
  });

  it('reads a partition whose tail is only a commit marker, and one holding only an aborted transaction', async () => {
    const t = await topic(2);
    const tx = await producer();
    await tx.inTransaction((s) => s.send([record(t, 0, 'a')]));
    await abortedTransaction(tx, [record(t, 1, 'x')]);
    const ends = await settled(t);
    expect(ends.map((e) => e.end)).toEqual([2n, 2n]);

    expect(values(await readToEnd(kafka, { topic: t, timeoutMillis: READ_TIMEOUT }))).toEqual(['0:a']);
    const read: ConsumedRecord[] = [];
    await readRange(kafka, {
      topic: t,
      ranges: new Map(ends.map((e) => [e.partition, { from: 0n, to: e.end }])),
      timeoutMillis: READ_TIMEOUT,
      onRecords: (records) => void read.push(...records),
    });
    expect(values(read)).toEqual(['0:a']);
  });

  it('reads several partitions of which only one ends aborted (and one is empty)', async () => {
    const t = await topic(3);
    const tx = await producer();
    await tx.inTransaction((s) => s.send([record(t, 0, 'a'), record(t, 1, 'b'), record(t, 1, 'c')]));
    await abortedTransaction(tx, [record(t, 1, 'x')]);
    await tx.inTransaction((s) => s.send([record(t, 0, 'd')]));
    await settled(t);

    const read = await readToEnd(kafka, { topic: t, timeoutMillis: READ_TIMEOUT });
    expect(values(read)).toEqual(['0:a', '0:d', '1:b', '1:c']);
  });

  it('ends at the last stable offset when aborted records lie just before an open transaction', async () => {
    // a (committed) | x y (aborted; their abort marker comes after b) | b (open) | abort marker of x y
    // The read_committed end is b's offset, 4: records 2 and 3 are skipped and their marker is past the end, so
    // librdkafka hands nothing over that would move the application's position from 2 to 4.
    const t = await topic(2);
    const committer = await producer();
    await committer.inTransaction((s) => s.send([record(t, 0, 'a'), record(t, 1, 'p')]));
    const aborted = await openTransaction(await producer(), [record(t, 0, 'x'), record(t, 0, 'y')]);
    const open = await openTransaction(await producer(), [record(t, 0, 'b')]);
    await aborted.abort();
    // Once the abort marker is written, the end is b's offset.
    let ends = await endOffsets(kafka, t);
    for (let i = 0; i < 100 && ends[0]!.end !== 4n; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ends = await endOffsets(kafka, t);
    }
    expect(ends.map((e) => e.end)).toEqual([4n, 2n]);

    try {
      expect(values(await readToEnd(kafka, { topic: t, timeoutMillis: READ_TIMEOUT }))).toEqual(['0:a', '1:p']);
      const read: ConsumedRecord[] = [];
      await readRange(kafka, {
        topic: t,
        ranges: new Map([[0, { from: 0n, to: 4n }]]),
        timeoutMillis: READ_TIMEOUT,
        onRecords: (records) => void read.push(...records),
      });
      expect(values(read)).toEqual(['0:a']);
      // A range that stops inside the skipped records ends too.
      await readRange(kafka, {
        topic: t,
        ranges: new Map([[0, { from: 1n, to: 3n }]]),
        timeoutMillis: READ_TIMEOUT,
        onRecords: () => undefined,
      });

      // The reader's positions say where a follow-up read starts: past the skipped records, at the end.
      const reader = await openReader(kafka, { topic: t });
      try {
        const seen: ConsumedRecord[] = [];
        const deadline = Date.now() + READ_TIMEOUT;
        while ((reader.positions().get(0) ?? 0n) < 4n && Date.now() < deadline)
          seen.push(...(await reader.poll(100, 200)));
        expect(reader.positions().get(0)).toBe(4n);
        expect(values(seen).filter((v) => v.startsWith('0:'))).toEqual(['0:a']);
      } finally {
        await reader.close();
      }
    } finally {
      await open.commit();
    }
    // Once the open transaction is committed, its record is read, and nothing of the aborted one.
    await settled(t);
    expect(values(await readToEnd(kafka, { topic: t, timeoutMillis: READ_TIMEOUT }))).toEqual(['0:a', '0:b', '1:p']);
  });

  it("holds a thread of libuv's pool while open and gives it back when closed", async () => {
    const t = await topic(1);
    const before = processThreadpool.consumers;
    const reader = await openReader(kafka, { topic: t });
    try {
      expect(processThreadpool.consumers).toBe(before + 1);
    } finally {
      await reader.close();
    }
    expect(processThreadpool.consumers).toBe(before);
  });

  it('never stops before committed records that follow aborted ones below the end', async () => {
    const t = await topic(1);
    const tx = await producer();
    const other = await producer();
    for (let i = 0; i < 5; i++) {
      await abortedTransaction(tx, [record(t, 0, `x${i}`), record(t, 0, `y${i}`)]);
      await other.inTransaction((s) => s.send([record(t, 0, `c${i}`)]));
    }
    await settled(t);
    const read = await readToEnd(kafka, { topic: t, timeoutMillis: READ_TIMEOUT });
    expect(values(read)).toEqual(['0:c0', '0:c1', '0:c2', '0:c3', '0:c4']);
  });
});
