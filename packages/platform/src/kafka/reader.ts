/**
 * Readers that own their positions: no consumer group, no rebalance, no committed offsets. A reader is assigned
 * the partitions it reads at the offsets it asks for, so nothing (a broker roll, a session timeout, a crash of
 * the client) can move it back to the start behind its owner's back. Reads are read_committed by default:
 * librdkafka skips every aborted transaction (sorted by first offset, as the Java client does).
 *
 * Where a reader is: librdkafka's application position moves with what it hands over (records, and the
 * transaction markers it consumes internally), but not over the records of an aborted transaction, which it drops
 * whole. When such records lie just before the last stable offset (their abort marker after it, behind a
 * transaction still open), nothing is handed over that moves the position to the end: it stays at the first
 * aborted record for as long as the other transaction stays open. The reader therefore also listens to
 * librdkafka's end-of-partition event (`enable.partition.eof`): it is raised when the fetch position reaches the
 * end the broker serves (for read_committed the last stable offset), and it comes after every record below that
 * offset on the partition's queue, so its offset is a position too. "Caught up" is then "position >= end", by
 * offsets alone.
 */
import { KafkaJS, RdKafka } from '@confluentinc/kafka-javascript';
import { nativeConnection, type KafkaClient } from './client.js';
import { processThreadpool } from './threadpool.js';
import { endOffsets, OFFSETS_TIMEOUT_MILLIS } from './topics.js';

/** Headers of a consumed record: name -> value(s). */
export type RecordHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** A record as read from Kafka. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeaders;
  /** Broker or producer timestamp, milliseconds since the epoch, as a string (Kafka's own representation). */
  timestamp: string;
}

function toHeaders(headers: RdKafka.MessageHeader[] | undefined): RecordHeaders {
  const out: RecordHeaders = {};
  for (const header of headers ?? []) {
    for (const [name, value] of Object.entries(header)) {
      const existing = out[name];
      if (existing === undefined) out[name] = value;
      else out[name] = [...(Array.isArray(existing) ? existing : [existing]), value];
    }
  }
  return out;
}

/** Converts a librdkafka message to the platform's record. */
export function toRecord(message: RdKafka.Message): ConsumedRecord {
  const key = message.key === undefined || message.key === null ? null : Buffer.from(message.key as Buffer);
  return {
    topic: message.topic,
    partition: message.partition,
    offset: String(message.offset),
    key,
    value: message.value,
    headers: toHeaders(message.headers),
    timestamp: String(message.timestamp ?? 0),
  };
}

/** Options of {@link openReader}. */
export interface ReaderOptions {
  topic: string;
  /** Where to start, per partition (missing partitions start at the beginning); default: every partition's start. */
  from?: ReadonlyMap<number, bigint>;
  /** Only these partitions (default: all of the topic's). */
  partitions?: number[];
  /** Read aborted and open transactions' records too (forensics only). */
  readUncommitted?: boolean;
  /** Bytes per partition per fetch (default 16 MiB: list snapshots come in large chunks). */
  maxPartitionFetchBytes?: number;
}

/** A reader of one topic's partitions at positions it owns. */
export interface TopicReader {
  readonly topic: string;
  readonly partitions: number[];
  /** Up to `max` records, waiting at most `waitMillis` for the first one. */
  poll(max: number, waitMillis: number): Promise<ConsumedRecord[]>;
  /**
   * The next offset the reader will return per partition: past transaction markers it has read over, and past
   * aborted records it skipped once the fetch reached the partition's read_committed end.
   */
  positions(): Map<number, bigint>;
  close(): Promise<void>;
}

/** Opens a reader on `options.topic`, assigned (not subscribed: no group) at the requested offsets. */
export async function openReader(client: KafkaClient, options: ReaderOptions): Promise<TopicReader> {
  const ends = await endOffsets(client, options.topic);
  const partitions = options.partitions ?? ends.map((e) => e.partition);
  const lows = new Map(ends.map((e) => [e.partition, e.low]));
  const consumer = new RdKafka.KafkaConsumer(
    {
      ...nativeConnection(client),
      // librdkafka requires a group id for a consumer; nothing joins or commits with it (assign, no subscribe).
      'group.id': `${client.settings.clientId}-reader`,
      'enable.auto.commit': false,
      'enable.auto.offset.store': false,
      'isolation.level': options.readUncommitted ? 'read_uncommitted' : 'read_committed',
      'max.partition.fetch.bytes': options.maxPartitionFetchBytes ?? 16 * 1024 * 1024,
      'fetch.wait.max.ms': 100,
      // See the module comment: the end-of-partition event moves positions over skipped aborted records.
      'enable.partition.eof': true,
    },
    { 'auto.offset.reset': 'earliest' },
  );
  const lastPositions = new Map<number, bigint>();
  const advance = (partition: number, next: bigint) => {
    if (next > (lastPositions.get(partition) ?? 0n)) lastPositions.set(partition, next);
  };
  // Every record below the event's offset has been handed over (or skipped as aborted) before the event: the
  // binding emits it synchronously, in queue order, within the consume call that returns those records.
  consumer.on('partition.eof', (eof) => {
    if (eof.topic === options.topic && typeof eof.offset === 'number' && eof.offset >= 0)
      advance(eof.partition, BigInt(eof.offset));
  });
  await new Promise<void>((resolve, reject) => consumer.connect({}, (error) => (error ? reject(error) : resolve())));
  // Each poll waits on a thread of libuv's pool (threadpool.ts).
  const release = processThreadpool.hold(`reader of ${options.topic}`, client.logger);
  // A poll waits for its first record only, then takes what is already fetched: by default the binding waits the
  // timeout for every record, so a steady trickle would hold a poll until it had `max` records.
  (
    consumer as unknown as { setDefaultIsTimeoutOnlyForFirstMessage(value: boolean): void }
  ).setDefaultIsTimeoutOnlyForFirstMessage(true);
  const start = new Map<number, bigint>();
  for (const partition of partitions) {
    const requested = options.from?.get(partition);
    start.set(partition, requested ?? lows.get(partition) ?? 0n);
  }
  consumer.assign(
    partitions.map((partition) => ({ topic: options.topic, partition, offset: Number(start.get(partition)) })),
  );
  for (const [partition, offset] of start) advance(partition, offset);
  let closed = false;
  return {
    topic: options.topic,
    partitions,
    poll(max, waitMillis) {
      consumer.setDefaultConsumeTimeout(waitMillis);
      return new Promise((resolve, reject) =>
        consumer.consume(max, (error, messages) => {
          if (error) return reject(error);
          const records = messages.filter((m) => m.value !== undefined).map(toRecord);
          for (const r of records) advance(r.partition, BigInt(r.offset) + 1n);
          resolve(records);
        }),
      );
    },
    positions() {
      if (closed) return new Map(lastPositions);
      for (const p of consumer.position(partitions.map((partition) => ({ topic: options.topic, partition })))) {
        if (typeof p.offset === 'number' && p.offset >= 0) advance(p.partition, BigInt(p.offset));
      }
      return new Map(lastPositions);
    },
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
      release();
    },
  };
}

/** Options of {@link readToEnd}. */
export interface ReadToEndOptions extends ReaderOptions {
  /** Called with each polled batch; when given, records are not collected. */
  onRecords?(records: ConsumedRecord[]): void | Promise<void>;
  /** Give up (throw) after this long (default 60 s). */
  timeoutMillis?: number;
  /**
   * Wait up to this long for transactions open at the start to be decided before taking the ends (default 0):
   * right after a commit returns, its markers may not be written yet, and the last stable offset trails.
   */
  settleMillis?: number;
}

/** Read_committed ends once they reach the high watermarks (nothing open), or after `millis`. */
async function settledEnds(client: KafkaClient, topic: string, millis: number): Promise<Map<number, bigint>> {
  const deadline = Date.now() + millis;
  for (;;) {
    const committed = await endOffsets(client, topic);
    const ends = new Map(committed.map((e) => [e.partition, e.end]));
    if (Date.now() >= deadline) return ends;
    const admin = await client.admin();
    const high = await admin.fetchTopicOffsets(topic, {
      isolationLevel: KafkaJS.IsolationLevel.READ_UNCOMMITTED,
      timeout: OFFSETS_TIMEOUT_MILLIS,
    });
    if (high.every((h) => BigInt(h.high) <= (ends.get(h.partition) ?? 0n))) return ends;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Reads `topic` from the requested positions up to its read_committed end as it is now (the last stable offset of
 * each partition when the call starts), and returns what it read (or hands it to `onRecords`).
 */
export async function readToEnd(client: KafkaClient, options: ReadToEndOptions): Promise<ConsumedRecord[]> {
  const ends = await settledEnds(client, options.topic, options.settleMillis ?? 0);
  const reader = await openReader(client, options);
  const collected: ConsumedRecord[] = [];
  const deadline = Date.now() + (options.timeoutMillis ?? 60_000);
  try {
    const caughtUp = () => {
      const positions = reader.positions();
      return reader.partitions.every((p) => (positions.get(p) ?? 0n) >= (ends.get(p) ?? 0n));
    };
    while (!caughtUp()) {
      if (Date.now() > deadline) throw new Error(`timed out reading ${options.topic} to its end`);
      const records = await reader.poll(5_000, 200);
      if (records.length === 0) continue;
      if (options.onRecords) await options.onRecords(records);
      else collected.push(...records);
    }
  } finally {
    await reader.close();
  }
  return collected.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** Options of {@link readRange}. */
export interface ReadRangeOptions {
  topic: string;
  /** Per partition, the first offset to read and the offset to stop before; partitions with `from >= to` are skipped. */
  ranges: ReadonlyMap<number, { from: bigint; to: bigint }>;
  /** Called with each polled batch (records of the ranges only, in offset order per partition). */
  onRecords(records: ConsumedRecord[]): void | Promise<void>;
  /** Give up (throw) after this long (default 60 s). */
  timeoutMillis?: number;
}

/**
 * Reads, read_committed, each partition of `ranges` from its `from` up to (not including) its `to`, which must be
 * at most the partition's last stable offset (a committed consumer offset is). Ends when every partition's position
 * has reached its `to`: by offsets, never by an idle timer, so a slow broker makes it slower, never shorter.
 */
export async function readRange(client: KafkaClient, options: ReadRangeOptions): Promise<void> {
  const ranges = new Map([...options.ranges].filter(([, range]) => range.from < range.to));
  if (ranges.size === 0) return;
  const reader = await openReader(client, {
    topic: options.topic,
    partitions: [...ranges.keys()],
    from: new Map([...ranges].map(([partition, range]) => [partition, range.from])),
  });
  const deadline = Date.now() + (options.timeoutMillis ?? 60_000);
  try {
    const done = () => {
      const positions = reader.positions();
      return [...ranges].every(([partition, range]) => (positions.get(partition) ?? 0n) >= range.to);
    };
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out reading ${options.topic} to the requested offsets`);
      const records = (await reader.poll(5_000, 200)).filter(
        (record) => BigInt(record.offset) < (ranges.get(record.partition)?.to ?? 0n),
      );
      if (records.length > 0) await options.onRecords(records);
    }
  } finally {
    await reader.close();
  }
}
