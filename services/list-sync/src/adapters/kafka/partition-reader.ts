/**
 * Reads offset ranges of a topic's partitions as a read_committed consumer, for rebuilding list versions and
 * recovering state from the snapshots topic.
 */
import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka } from 'kafkajs';
import { CordonError } from '@cordon/platform';

/** The half-open offset range [from, to) of one partition. */
export interface PartitionRange {
  partition: number;
  from: bigint;
  to: bigint;
}

/** A record as the reader hands it over. */
export interface RangeRecord {
  partition: number;
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** Offsets of one partition: the first one still stored and the last stable offset (end for read_committed). */
export interface PartitionOffsets {
  partition: number;
  low: bigint;
  high: bigint;
}

/** Low and last stable offsets of every partition of `topic`. */
export async function partitionOffsets(kafka: Kafka, topic: string): Promise<PartitionOffsets[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // kafkajs' admin lists offsets as read_committed, so `high` is the last stable offset: a read_committed
    // reader can reach it even while another transaction is open.
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets
      .map(({ partition, low, high }) => ({ partition, low: BigInt(low), high: BigInt(high) }))
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Calls `visit` for every committed record in the ranges, in offset order per partition. `visit` returns true
 * when it needs nothing more from that record's partition. Resolves once every range is read or abandoned.
 *
 * A range's end is detected from kafkajs' end-of-batch event, which also fires for batches holding only
 * transaction markers or aborted records: a range ending on a commit marker would otherwise never be seen to end.
 */
export async function readRanges(
  kafka: Kafka,
  topic: string,
  ranges: readonly PartitionRange[],
  visit: (record: RangeRecord) => boolean | void,
  options: { timeoutMillis?: number } = {},
): Promise<void> {
  // `next` is the offset each partition's reading has reached, so that batches fetched from anywhere else (the
  // consumer's default position before the seek lands) are not taken for progress.
  const pending = new Map(
    ranges
      .filter((r) => r.from < r.to)
      .map((r): [number, { range: PartitionRange; next: bigint }] => [r.partition, { range: r, next: r.from }]),
  );
  if (pending.size === 0) return;
  const consumer = kafka.consumer({
    groupId: `list-sync-reader-${randomUUID()}`,
    readUncommitted: false,
    maxBytesPerPartition: 8 * 1024 * 1024,
    maxBytes: 32 * 1024 * 1024,
  });
  let settle: (error?: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  const finish = (partition: number): void => {
    if (!pending.delete(partition)) return;
    consumer.pause([{ topic, partitions: [partition] }]);
    if (pending.size === 0) settle();
  };
  const timer = setTimeout(
    () =>
      settle(new CordonError('SNAPSHOT_READ_TIMEOUT', `reading ${topic} did not finish in time`, { retriable: true })),
    options.timeoutMillis ?? 120_000,
  );

  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const state = pending.get(payload.partition);
    if (payload.topic !== topic || state === undefined) return;
    if (payload.firstOffset !== null && BigInt(payload.firstOffset) > state.next) return;
    state.next = BigInt(payload.lastOffset) + 1n;
    if (state.next >= state.range.to) finish(payload.partition);
  });
  // Seeking on every join (not once after run()): kafkajs restarts a consumer whose first join failed, for
  // instance while a new group's coordinator is still being elected, and a rejoin resumes where reading got to.
  consumer.on(consumer.events.GROUP_JOIN, () => {
    for (const { range, next } of pending.values())
      consumer.seek({ topic, partition: range.partition, offset: `${next}` });
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) settle(payload.error);
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const state = pending.get(batch.partition);
        const first = batch.firstOffset();
        if (state === undefined || first === null || BigInt(first) > state.next) return;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset < state.next) continue;
          if (offset >= state.range.to) break;
          const record = { partition: batch.partition, offset, key: message.key, value: message.value };
          let enough: boolean | void;
          try {
            enough = visit({ ...record, headers: message.headers ?? {} });
          } catch (error) {
            settle(error);
            return;
          }
          if (enough) {
            finish(batch.partition);
            return;
          }
        }
      },
    });
    await done;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
}
