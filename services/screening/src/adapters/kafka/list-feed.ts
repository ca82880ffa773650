/**
 * Follows the snapshots topic: reads it from the beginning at start (every instance needs every source, so the
 * consumer group is private to this process and never commits), hands the latest complete version of each
 * source over once the initial read has caught up, then every version completed afterwards, one at a time.
 */
import type { IHeaders, Kafka } from 'kafkajs';
import {
  EVENT_TYPES,
  HEADERS,
  type ListSnapshotChunk,
  type ListSource,
  type ListVersionManifest,
} from '@cordon/contracts';
import { decodeEvent, type Logger } from '@cordon/platform';
import { VersionAssembler, type ListVersion } from '../../domain/versions.js';

/** Options for {@link startListFeed}. */
export interface ListFeedOptions {
  kafka: Kafka;
  logger: Logger;
  topic: string;
  /** The consumer group id, private to this process (it never commits offsets). */
  groupId: string;
  /** The latest complete version per source once the topic has been read up to where it ended at start. */
  onInitial(versions: ListVersion[]): Promise<void>;
  /** A version completed after the initial read. */
  onVersion(version: ListVersion): Promise<void>;
  /** A record that yields nothing (undecodable, or a manifest whose chunks are missing). */
  onIgnored(reason: string, detail: string): void;
}

/** A running list feed. */
export interface ListFeed {
  /** Resolves after `onInitial` has run. */
  initialLoaded: Promise<void>;
  stop(): Promise<void>;
}

function headerText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value[0] : value)?.toString();
}

type ListRecord =
  | { kind: 'chunk'; chunk: ListSnapshotChunk }
  | { kind: 'manifest'; manifest: ListVersionManifest }
  | { kind: 'undecodable'; detail: string };

function decodeListRecord(value: Buffer | null, headers: IHeaders | undefined): ListRecord {
  try {
    if (headerText(headers?.[HEADERS.type]) === EVENT_TYPES.listSnapshotChunk.typeName) {
      return { kind: 'chunk', chunk: decodeEvent(EVENT_TYPES.listSnapshotChunk, value, headers) };
    }
    return { kind: 'manifest', manifest: decodeEvent(EVENT_TYPES.listVersionManifest, value, headers) };
  } catch (error) {
    return { kind: 'undecodable', detail: `list record skipped: ${(error as Error).message}` };
  }
}

/** The read_committed end (last stable offset) of every non-empty partition of `topic`. */
async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.filter((o) => o.high !== o.low).map((o) => [o.partition, BigInt(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** Starts following the snapshots topic. */
export async function startListFeed(options: ListFeedOptions): Promise<ListFeed> {
  const { kafka, logger, topic } = options;
  const assembler = new VersionAssembler();
  const latest = new Map<ListSource, ListVersion>();
  const remaining = await endOffsets(kafka, topic);
  let initialDone = false;
  let resolveInitial: () => void = () => undefined;
  let rejectInitial: (error: Error) => void = () => undefined;
  const initialLoaded = new Promise<void>((resolve, reject) => {
    resolveInitial = resolve;
    rejectInitial = reject;
  });

  const finishInitial = async () => {
    if (initialDone) return;
    initialDone = true;
    await options.onInitial([...latest.values()]);
    latest.clear();
    resolveInitial();
  };

  const consumer = kafka.consumer({
    groupId: options.groupId,
    readUncommitted: false,
    maxBytesPerPartition: 16 * 1024 * 1024,
  });
  // Progress is tracked on batch ends, which kafkajs also reports for batches holding only transaction
  // markers: a partition whose last record is a commit marker would otherwise never look caught up.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (initialDone) return;
    const end = remaining.get(payload.partition);
    if (end !== undefined && BigInt(payload.lastOffset) + 1n >= end) remaining.delete(payload.partition);
    if (remaining.size === 0) finishInitial().catch(rejectInitial);
  });
  // kafkajs restarts itself after a retriable crash; only a crash it gives up on fails the initial load.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) rejectInitial(payload.error);
  });
  // Callers attach their handler once this function returns; a crash before that must not count as unhandled.
  initialLoaded.catch(() => undefined);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, heartbeat }) => {
      for (const message of batch.messages) {
        const record = decodeListRecord(message.value, message.headers);
        if (record.kind === 'undecodable') {
          logger.warn({ topic, partition: batch.partition, offset: message.offset }, record.detail);
          options.onIgnored('undecodable', record.detail);
        } else if (record.kind === 'chunk') {
          assembler.addChunk(record.chunk);
        } else {
          const outcome = assembler.addManifest(record.manifest);
          if (outcome.kind === 'ignored') {
            options.onIgnored(outcome.reason, `manifest ${record.manifest.contentHash} at offset ${message.offset}`);
          } else if (initialDone) {
            await options.onVersion(outcome.version);
          } else {
            latest.set(outcome.version.source, outcome.version);
          }
        }
      }
      await heartbeat();
    },
  });
  if (remaining.size === 0) await finishInitial();
  return {
    initialLoaded,
    stop: () => consumer.disconnect(),
  };
}
