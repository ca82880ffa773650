/**
 * Follows the snapshots topic: reads it from the beginning at start (every instance needs every source), hands
 * the latest complete version of each source over once the initial read has caught up, then every version
 * completed afterwards, one at a time, in publication order.
 *
 * The feed owns its position: its reader is assigned the partitions (no consumer group, nothing committed), so a
 * broker roll, a session timeout or a client reconnect never moves it back to the start. A rewound read would
 * re-read, not re-apply: versions carry their offset in the topic, and the lists in force never take a version
 * published before the one they hold.
 */
import {
  EVENT_TYPES,
  HEADERS,
  type ListSnapshotChunk,
  type ListSource,
  type ListVersionManifest,
} from '@cordon/contracts';
import {
  backoff,
  decodeEvent,
  endOffsets,
  openReader,
  sleep,
  type KafkaClient,
  type Logger,
  type RecordHeaders,
  type TopicReader,
} from '@cordon/platform';
import { VersionAssembler, type ListVersion } from '@cordon/screening-core/contract';

/** Options for {@link startListFeed}. */
export interface ListFeedOptions {
  kafka: KafkaClient;
  logger: Logger;
  topic: string;
  /**
   * The latest complete version per source once the topic has been read up to where it ended at start, and, for
   * each source whose latest version was never looked back (see `lookedBack`), that version with the one to look
   * back from: the newest looked-back version of the source before it, else the source's first version.
   */
  onInitial(versions: ListVersion[], missed: MissedLookback[]): Promise<void>;
  /**
   * Whether a version's lookback ran (its LookbackRun is committed). Without it no lookback is reported missed.
   */
  lookedBack?(contentHash: string): boolean;
  /** A version completed after the initial read. Retried (bounded) when it throws; then the feed fails. */
  onVersion(version: ListVersion): Promise<void>;
  /** A record that yields nothing (undecodable, or a manifest whose chunks are missing or do not match it). */
  onIgnored(reason: string, detail: string): void;
  /**
   * A manifest whose version was refused (the reason as for onIgnored), with its source and offset: the version in
   * force stays, and the source is degraded until a later version of it is applied.
   */
  onRefused?(refused: { source: ListSource; contentHash: string; reason: string; offset: bigint }): void;
  /** A record of another kind the feed does not assemble (e.g. a source's confirmation); default: ignored. */
  onOther?(record: { value: Buffer | null; headers: RecordHeaders; offset: bigint }): void;
}

/** A version in force whose lookback never ran, and the version whose successor's additions it must look back for. */
export interface MissedLookback {
  version: ListVersion;
  replaced: ListVersion;
}

/** A running list feed. */
export interface ListFeed {
  /** Resolves after `onInitial` has run. */
  initialLoaded: Promise<void>;
  /** Resolves (never rejects) if the feed stops for good. */
  failed: Promise<Error>;
  /** The next offset the feed will read, per partition. */
  positions(): Map<number, bigint>;
  stop(): Promise<void>;
}

function headerText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value[0] : value)?.toString();
}

type ListRecord =
  | { kind: 'chunk'; chunk: ListSnapshotChunk }
  | { kind: 'manifest'; manifest: ListVersionManifest }
  | { kind: 'other' }
  | { kind: 'undecodable'; detail: string };

function decodeListRecord(value: Buffer | null, headers: RecordHeaders): ListRecord {
  const type = headerText(headers[HEADERS.type]);
  try {
    if (type === EVENT_TYPES.listSnapshotChunk.typeName) {
      return { kind: 'chunk', chunk: decodeEvent(EVENT_TYPES.listSnapshotChunk, value, headers) };
    }
    if (type === undefined || type === EVENT_TYPES.listVersionManifest.typeName) {
      return { kind: 'manifest', manifest: decodeEvent(EVENT_TYPES.listVersionManifest, value, headers) };
    }
    return { kind: 'other' };
  } catch (error) {
    return { kind: 'undecodable', detail: `list record skipped: ${(error as Error).message}` };
  }
}

const RETRY = { initialRetryTime: 200, multiplier: 2, maxRetryTime: 10_000, retries: 12 };

/** Starts following the snapshots topic. */
export async function startListFeed(options: ListFeedOptions): Promise<ListFeed> {
  const { kafka, logger, topic } = options;
  const assembler = new VersionAssembler();
  const latest = new Map<ListSource, ListVersion>();
  // Per source, during the initial read: the newest looked-back version, else the first one (one version kept).
  const base = new Map<ListSource, ListVersion>();
  const ends = new Map((await endOffsets(kafka, topic)).map((e) => [e.partition, e.end]));
  const reader: TopicReader = await openReader(kafka, { topic });
  let initialDone = false;
  let stopped = false;
  let resolveInitial: () => void = () => undefined;
  let rejectInitial: (error: Error) => void = () => undefined;
  const initialLoaded = new Promise<void>((resolve, reject) => {
    resolveInitial = resolve;
    rejectInitial = reject;
  });
  // Callers attach their handler once this function returns; a failure before that must not count as unhandled.
  initialLoaded.catch(() => undefined);
  let signalFailed: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => {
    signalFailed = resolve;
  });

  const caughtUp = () => {
    const positions = reader.positions();
    return reader.partitions.every((p) => (positions.get(p) ?? 0n) >= (ends.get(p) ?? 0n));
  };

  const deliver = async (version: ListVersion) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await options.onVersion(version);
        return;
      } catch (error) {
        if (attempt > (RETRY.retries ?? 0)) throw error;
        logger.warn(
          { err: error, source: version.source, contentHash: version.contentHash, attempt },
          'list version not handled; retrying',
        );
        await sleep(backoff(RETRY, attempt));
      }
    }
  };

  const handle = async (value: Buffer | null, headers: RecordHeaders, offset: bigint) => {
    const record = decodeListRecord(value, headers);
    if (record.kind === 'undecodable') {
      logger.warn({ topic, offset: String(offset) }, record.detail);
      options.onIgnored('undecodable', record.detail);
    } else if (record.kind === 'other') {
      options.onOther?.({ value, headers, offset });
    } else if (record.kind === 'chunk') {
      assembler.addChunk(record.chunk);
    } else {
      const outcome = assembler.addManifest(record.manifest, offset);
      if (outcome.kind === 'ignored') {
        options.onIgnored(outcome.reason, `manifest ${record.manifest.contentHash} at offset ${offset}`);
        options.onRefused?.({
          source: record.manifest.source,
          contentHash: record.manifest.contentHash,
          reason: outcome.reason,
          offset,
        });
      } else if (initialDone) {
        await deliver(outcome.version);
      } else {
        const { version } = outcome;
        if (options.lookedBack && (!base.has(version.source) || options.lookedBack(version.contentHash)))
          base.set(version.source, version);
        latest.set(version.source, version);
      }
    }
  };

  const finishInitial = async () => {
    initialDone = true;
    const missed: MissedLookback[] = [];
    for (const [source, version] of latest) {
      const from = base.get(source);
      if (
        from &&
        from !== version &&
        from.contentHash !== version.contentHash &&
        !options.lookedBack?.(version.contentHash)
      )
        missed.push({ version, replaced: from });
    }
    await options.onInitial([...latest.values()], missed);
    latest.clear();
    base.clear();
    resolveInitial();
  };

  const loop = async () => {
    let pollFailures = 0;
    while (!stopped) {
      if (!initialDone && caughtUp()) await finishInitial();
      let records;
      try {
        records = await reader.poll(200, initialDone ? 500 : 100);
        pollFailures = 0;
      } catch (error) {
        pollFailures++;
        if (pollFailures > (RETRY.retries ?? 0)) throw error;
        logger.warn({ err: error, topic, attempt: pollFailures }, 'list feed poll failed; retrying');
        await sleep(backoff(RETRY, pollFailures));
        continue;
      }
      for (const r of records) {
        if (stopped) return;
        await handle(r.value, r.headers, BigInt(r.offset));
      }
    }
  };

  const running = loop().catch((error: Error) => {
    logger.error({ err: error, topic }, 'list feed stopped');
    rejectInitial(error);
    signalFailed(error);
  });

  return {
    initialLoaded,
    failed,
    positions: () => reader.positions(),
    async stop() {
      stopped = true;
      await running;
      await reader.close();
    },
  };
}
