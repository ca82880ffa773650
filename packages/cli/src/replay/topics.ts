/**
 * What replay reads from Kafka, always with the platform's read_committed readers that own their positions (no
 * consumer group, nothing committed): the whole snapshots and policies topics (the catalogue pins resolve
 * against), the decisions topic over the range asked for, and the requested topic alongside it.
 */
import {
  EVENT_TYPES,
  HEADERS,
  listSourceSlug,
  timestampToMillis,
  type ListSource,
  type ScreeningDecision,
  type TopicNames,
} from '@cordon/contracts';
import {
  decodeEvent,
  endOffsets,
  offsetsAtTime,
  openReader,
  readToEnd,
  type ConsumedRecord,
  type KafkaClient,
  type TopicReader,
} from '@cordon/platform';
import { parsePolicy, policyHash, type Policy } from '@cordon/screening-core';
import { VersionAssembler, type ListVersion } from '@cordon/screening-core/contract';
import { confirmationKey, versionKey, type InputRecord, type RecordPosition, type ReplayCatalogue } from './verify.js';

/** A list version as the report lists it: when it was published and what it held. */
export interface VersionSummary {
  source: string;
  versionId: string;
  contentHash: string;
  fetchedAtMillis: number;
  entityCount: number;
  /** Offset of its manifest on the snapshots topic. */
  sequence: string;
}

/** The catalogue, plus what was read to make it. */
export interface LoadedCatalogue extends ReplayCatalogue {
  /** Every complete version, in publication order. */
  timeline: VersionSummary[];
  /** Records that yielded nothing (undecodable, incomplete or inconsistent versions, bad policies), with why. */
  ignored: string[];
}

function header(record: ConsumedRecord, name: string): string | undefined {
  const value = record.headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value[0] : value)?.toString();
}

const LONG_READ_MILLIS = 30 * 60_000;

/** Reads the snapshots and policies topics whole and assembles every list version and policy on them. */
export async function loadCatalogue(kafka: KafkaClient, topics: TopicNames): Promise<LoadedCatalogue> {
  const versions = new Map<string, ListVersion>();
  const confirmations = new Set<string>();
  const timeline: VersionSummary[] = [];
  const ignored: string[] = [];
  const assembler = new VersionAssembler();
  await readToEnd(kafka, {
    topic: topics.sanctionsSnapshots,
    timeoutMillis: LONG_READ_MILLIS,
    onRecords(records) {
      for (const record of records) {
        const type = header(record, HEADERS.type);
        try {
          if (type === EVENT_TYPES.listSnapshotChunk.typeName) {
            assembler.addChunk(decodeEvent(EVENT_TYPES.listSnapshotChunk, record.value, record.headers));
          } else if (type === EVENT_TYPES.listVersionManifest.typeName) {
            const manifest = decodeEvent(EVENT_TYPES.listVersionManifest, record.value, record.headers);
            const outcome = assembler.addManifest(manifest, BigInt(record.offset));
            if (outcome.kind === 'ignored') {
              ignored.push(`snapshots offset ${record.offset}: version ${manifest.contentHash} ${outcome.reason}`);
              continue;
            }
            const { version } = outcome;
            versions.set(versionKey(version.source, version.contentHash), version);
            timeline.push({
              source: listSourceSlug(version.source),
              versionId: version.versionId,
              contentHash: version.contentHash,
              fetchedAtMillis: manifest.fetchedAt ? timestampToMillis(manifest.fetchedAt) : 0,
              entityCount: version.entities.length,
              sequence: record.offset,
            });
          } else if (type === EVENT_TYPES.listSourceConfirmation.typeName) {
            const c = decodeEvent(EVENT_TYPES.listSourceConfirmation, record.value, record.headers);
            confirmations.add(
              confirmationKey(c.source, c.contentHash, c.confirmedAt ? timestampToMillis(c.confirmedAt) : 0),
            );
          }
        } catch (error) {
          ignored.push(`snapshots offset ${record.offset}: ${(error as Error).message}`);
        }
      }
    },
  });
  const policies = new Map<string, Policy>();
  await readToEnd(kafka, {
    topic: topics.screeningPolicies,
    timeoutMillis: LONG_READ_MILLIS,
    onRecords(records) {
      for (const record of records) {
        try {
          const published = decodeEvent(EVENT_TYPES.policyInForce, record.value, record.headers);
          const policy = parsePolicy(JSON.parse(published.policyJson));
          // A policy that does not hash to its key would let a decision resolve to rules it was not made under.
          if (policyHash(policy) !== published.policyHash) {
            ignored.push(`policies offset ${record.offset}: content does not hash to ${published.policyHash}`);
            continue;
          }
          policies.set(published.policyHash, policy);
        } catch (error) {
          ignored.push(`policies offset ${record.offset}: ${(error as Error).message}`);
        }
      }
    },
  });
  return { versions, policies, confirmations, timeline, ignored };
}

/** The part of the decisions topic to replay. */
export type DecisionRange =
  | { kind: 'all' }
  | { kind: 'time'; fromMillis?: number; toMillis?: number }
  | { kind: 'offsets'; from?: bigint; to?: bigint; partitions?: number[] };

/** Start (inclusive) and end (exclusive) offset per partition of `range`. */
export async function resolveRange(
  kafka: KafkaClient,
  topic: string,
  range: DecisionRange,
): Promise<Map<number, { from: bigint; to: bigint }>> {
  const ends = await endOffsets(kafka, topic);
  const out = new Map<number, { from: bigint; to: bigint }>();
  const froms =
    range.kind === 'time' && range.fromMillis !== undefined
      ? await offsetsAtTime(kafka, topic, range.fromMillis)
      : undefined;
  const tos =
    range.kind === 'time' && range.toMillis !== undefined
      ? await offsetsAtTime(kafka, topic, range.toMillis)
      : undefined;
  for (const { partition, low, end } of ends) {
    if (range.kind === 'offsets' && range.partitions && !range.partitions.includes(partition)) continue;
    let from = low;
    let to = end;
    if (range.kind === 'offsets') {
      if (range.from !== undefined && range.from > from) from = range.from;
      if (range.to !== undefined && range.to < to) to = range.to;
    } else if (range.kind === 'time') {
      from = froms?.get(partition) ?? low;
      to = tos?.get(partition) ?? end;
      if (from < low) from = low;
      if (to > end) to = end;
    }
    if (to > from) out.set(partition, { from, to });
  }
  return out;
}

/** One decision record of the range, decoded (or why not). */
export type DecisionRecord =
  | { kind: 'decision'; decision: ScreeningDecision; at: RecordPosition; bytes: Uint8Array }
  | { kind: 'undecodable'; at: RecordPosition; withdrawalId: string; reason: string };

function position(record: ConsumedRecord): RecordPosition {
  return { partition: record.partition, offset: record.offset, timestampMillis: Number(record.timestamp) };
}

/** Reads the decisions of `range` (per partition in offset order), handing them over a batch at a time. */
export async function readDecisions(
  kafka: KafkaClient,
  topic: string,
  range: Map<number, { from: bigint; to: bigint }>,
  onBatch: (records: DecisionRecord[]) => Promise<void>,
): Promise<void> {
  if (range.size === 0) return;
  const reader: TopicReader = await openReader(kafka, {
    topic,
    partitions: [...range.keys()],
    from: new Map([...range].map(([p, r]) => [p, r.from])),
  });
  try {
    const done = () => {
      const positions = reader.positions();
      return [...range].every(([p, r]) => (positions.get(p) ?? 0n) >= r.to);
    };
    while (!done()) {
      const records = await reader.poll(5_000, 200);
      const batch: DecisionRecord[] = [];
      for (const record of records) {
        if (BigInt(record.offset) >= (range.get(record.partition)?.to ?? 0n)) continue;
        try {
          const decision = decodeEvent(EVENT_TYPES.screeningDecision, record.value, record.headers);
          batch.push({ kind: 'decision', decision, at: position(record), bytes: record.value! });
        } catch (error) {
          batch.push({
            kind: 'undecodable',
            at: position(record),
            withdrawalId: record.key?.toString() ?? '',
            reason: (error as Error).message,
          });
        }
      }
      if (batch.length > 0) await onBatch(batch);
    }
  } finally {
    await reader.close();
  }
}

/** Options of {@link InputIndex}. */
export interface InputIndexOptions {
  /** Start reading requests this long before the first decision's screened_at (default 10 minutes). */
  lookbehindMillis?: number;
  /** Read requests up to this long past a decision's screened_at before looking its input up (default 60 s). */
  lookaheadMillis?: number;
  /** Most requests kept in the window; the oldest go first (default 500,000). */
  maxPending?: number;
}

/**
 * The requested topic read alongside the decisions. A request is written before its decision, and a decision's
 * screened_at is its withdrawal's ingest time, so requests are read a little past the later of the two and kept
 * until their decision comes, bounded in number (the oldest go first).
 */
export class InputIndex {
  private reader: TopicReader | undefined;
  private ends = new Map<number, bigint>();
  private readonly pending = new Map<string, InputRecord[]>();
  private readonly latest = new Map<number, number>();
  private readonly options: Required<InputIndexOptions>;
  /** Requests that left the window because `maxPending` was reached (their decisions, if later, lack input). */
  evicted = 0;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly topic: string,
    options: InputIndexOptions = {},
  ) {
    this.options = {
      lookbehindMillis: options.lookbehindMillis ?? 10 * 60_000,
      lookaheadMillis: options.lookaheadMillis ?? 60_000,
      maxPending: options.maxPending ?? 500_000,
    };
  }

  private async open(firstMillis: number): Promise<TopicReader> {
    this.ends = new Map((await endOffsets(this.kafka, this.topic)).map((e) => [e.partition, e.end]));
    const from = await offsetsAtTime(this.kafka, this.topic, firstMillis - this.options.lookbehindMillis);
    this.reader = await openReader(this.kafka, { topic: this.topic, from });
    return this.reader;
  }

  /**
   * Reads requests until every partition is past `millis` plus the lookahead, or at its end. The first call opens
   * the reader at `startMillis` less the lookbehind.
   */
  async advanceTo(millis: number, startMillis = millis): Promise<void> {
    const reader = this.reader ?? (await this.open(startMillis));
    const target = millis + this.options.lookaheadMillis;
    const done = () => {
      const positions = reader.positions();
      return reader.partitions.every(
        (p) => (positions.get(p) ?? 0n) >= (this.ends.get(p) ?? 0n) || (this.latest.get(p) ?? -Infinity) > target,
      );
    };
    while (!done()) {
      for (const record of await reader.poll(5_000, 200)) {
        if (BigInt(record.offset) >= (this.ends.get(record.partition) ?? 0n) || record.value === null) continue;
        const timestampMillis = Number(record.timestamp);
        this.latest.set(record.partition, Math.max(this.latest.get(record.partition) ?? -Infinity, timestampMillis));
        const id = withdrawalIdOf(record.value);
        if (id === '') continue;
        const entry = { partition: record.partition, offset: record.offset, timestampMillis, value: record.value };
        const list = this.pending.get(id);
        if (list) list.push(entry);
        else this.pending.set(id, [entry]);
        if (this.pending.size > this.options.maxPending) {
          this.pending.delete(this.pending.keys().next().value!);
          this.evicted++;
        }
      }
    }
  }

  /**
   * The requests with this withdrawal id read so far. They stay in the window (a duplicate decision of the same
   * withdrawal is replayed against the same input, not reported as missing one) until it moves past them.
   */
  take(withdrawalId: string): InputRecord[] {
    return this.pending.get(withdrawalId) ?? [];
  }

  /** Requests in the window. */
  get size(): number {
    return this.pending.size;
  }

  async close(): Promise<void> {
    await this.reader?.close();
  }
}

/** The withdrawal id of a requested-withdrawal record; empty when it does not decode (replay reports it then). */
function withdrawalIdOf(value: Buffer): string {
  try {
    return EVENT_TYPES.withdrawalRequested.codec.decode(value).withdrawalId;
  } catch {
    return '';
  }
}

/** The versions of `source` in publication order (for lookback's "what did this version add"). */
export function versionsOf(catalogue: LoadedCatalogue, source: ListSource): ListVersion[] {
  return [...catalogue.versions.values()]
    .filter((v) => v.source === source)
    .sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0));
}
