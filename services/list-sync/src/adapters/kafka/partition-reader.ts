/**
 * Reads offset ranges of a topic's partitions as a read_committed reader, for rebuilding list versions and
 * recovering state from the snapshots topic. Built on the platform's readers, which are assigned at the offsets
 * asked for (no consumer group) and whose positions move past transaction markers and aborted records.
 */
import { CordonError, endOffsets, openReader, type KafkaClient, type RecordHeaders } from '@cordon/platform';

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
  headers: RecordHeaders;
}

/** Offsets of one partition: the first one still stored and the last stable offset (end for read_committed). */
export interface PartitionOffsets {
  partition: number;
  low: bigint;
  high: bigint;
}

/** Low and last stable offsets of every partition of `topic`, by partition. */
export async function partitionOffsets(kafka: KafkaClient, topic: string): Promise<PartitionOffsets[]> {
  // Last stable offsets: a read_committed reader reaches them even while another transaction is open.
  return (await endOffsets(kafka, topic)).map(({ partition, low, end }) => ({ partition, low, high: end }));
}

/**
 * Calls `visit` for every committed record in the ranges, in offset order per partition. `visit` returns true
 * when it needs nothing more from that record's partition. Resolves once every range is read or abandoned; throws
 * CordonError SNAPSHOT_READ_TIMEOUT when that takes longer than `timeoutMillis` (default 120 s).
 *
 * A range ends when the reader's position reaches its end, which also happens when the range ends on transaction
 * markers or aborted records that no record delivered to `visit` stands for.
 */
export async function readRanges(
  kafka: KafkaClient,
  topic: string,
  ranges: readonly PartitionRange[],
  visit: (record: RangeRecord) => boolean | void,
  options: { timeoutMillis?: number } = {},
): Promise<void> {
  const pending = new Map(ranges.filter((r) => r.from < r.to).map((r) => [r.partition, r]));
  if (pending.size === 0) return;
  const reader = await openReader(kafka, {
    topic,
    partitions: [...pending.keys()],
    from: new Map([...pending].map(([partition, range]) => [partition, range.from])),
  });
  const deadline = Date.now() + (options.timeoutMillis ?? 120_000);
  try {
    while (pending.size > 0) {
      if (Date.now() > deadline)
        throw new CordonError('SNAPSHOT_READ_TIMEOUT', `reading ${topic} did not finish in time`, { retriable: true });
      for (const record of await reader.poll(500, 200)) {
        const range = pending.get(record.partition);
        const offset = BigInt(record.offset);
        if (range === undefined || offset < range.from) continue;
        if (offset >= range.to) {
          pending.delete(record.partition);
          continue;
        }
        const { partition, key, value, headers } = record;
        if (visit({ partition, offset, key, value, headers })) pending.delete(partition);
      }
      // Every record below a position has been handed over: a partition whose position reached its range's end
      // is done, whether its last offsets were records or markers.
      const positions = reader.positions();
      for (const [partition, range] of pending) {
        if ((positions.get(partition) ?? range.from) >= range.to) pending.delete(partition);
      }
    }
  } finally {
    await reader.close();
  }
}
