/**
 * Reading list versions back from the snapshots topic: the latest manifest of each source (list-sync's state after
 * a restart) and the full entity set of any version ever published (what a decision pinned), from Kafka alone.
 *
 * The topic's partition count must never change: a source's records stay in the partition its key maps to, which
 * is what makes "the latest manifest in the partition" the latest manifest of the source.
 */
import {
  EVENT_TYPES,
  HEADERS,
  ListSnapshotChunk,
  listSourceSlug,
  type ListSource,
  type ListVersionManifest,
  type SanctionedEntity,
  type TopicNames,
} from '@cordon/contracts';
import { contentHash, toModelEntity, type SanctionedEntity as ModelEntity } from '@cordon/lists';
import { CordonError, decodeEvent, type KafkaClient } from '@cordon/platform';
import { partitionOffsets, readRanges, type PartitionRange, type RangeRecord } from './partition-reader.js';

const MANIFEST = EVENT_TYPES.listVersionManifest;
const CHUNK = EVENT_TYPES.listSnapshotChunk;

function typeOf(record: RangeRecord): string | undefined {
  const value = record.headers[HEADERS.type];
  return value === undefined ? undefined : (Array.isArray(value) ? value[0] : value)?.toString();
}

/** How far back the first look for manifests reaches, per partition; each further look reaches four times as far. */
const FIRST_WINDOW = 512n;

/**
 * The latest manifest for each key that `keyOf` gives (undefined: not wanted), reading the snapshots topic
 * backwards in growing windows from its end, so start-up cost follows the size of the last versions, not of the
 * topic's whole history. Stops once `wanted` keys are found or the whole topic is read.
 */
export async function findLatestManifests(
  kafka: KafkaClient,
  topic: string,
  keyOf: (manifest: ListVersionManifest) => string | undefined,
  wanted: number,
): Promise<Map<string, ListVersionManifest>> {
  const found = new Map<string, ListVersionManifest>();
  const unread = new Map((await partitionOffsets(kafka, topic)).map((p) => [p.partition, p]));
  let window = FIRST_WINDOW;
  while (found.size < wanted) {
    const ranges: PartitionRange[] = [...unread.values()]
      .filter((p) => p.high > p.low)
      .map((p) => ({ partition: p.partition, from: p.high - window > p.low ? p.high - window : p.low, to: p.high }));
    if (ranges.length === 0) break;
    // Within one look, the last manifest of a key in its partition is the latest.
    const latest = new Map<string, ListVersionManifest>();
    await readRanges(kafka, topic, ranges, (record) => {
      if (typeOf(record) !== MANIFEST.typeName) return;
      const manifest = decodeEvent(MANIFEST, record.value, record.headers);
      const key = keyOf(manifest);
      if (key !== undefined && !found.has(key)) latest.set(key, manifest);
    });
    for (const [key, manifest] of latest) found.set(key, manifest);
    for (const range of ranges) unread.get(range.partition)!.high = range.from;
    window *= 4n;
  }
  return found;
}

/**
 * Reads the snapshot chunks of `manifest`'s version and hands each to `onChunk` once, in the order they were
 * written (index order). Throws CordonError SNAPSHOT_INCOMPLETE when chunks are missing.
 */
export async function readVersionChunks(
  kafka: KafkaClient,
  manifest: ListVersionManifest,
  onChunk: (chunk: ListSnapshotChunk) => void,
): Promise<void> {
  const location = manifest.snapshot;
  if (location === undefined) {
    throw new CordonError('SNAPSHOT_INCOMPLETE', `manifest ${manifest.contentHash} has no snapshot location`, {
      retriable: false,
    });
  }
  const end = (await partitionOffsets(kafka, location.topic)).find((p) => p.partition === location.partition);
  const seen = new Set<number>();
  await readRanges(
    kafka,
    location.topic,
    [{ partition: location.partition, from: location.firstOffset, to: end?.high ?? location.firstOffset }],
    (record) => {
      if (typeOf(record) !== CHUNK.typeName) return false;
      const chunk = decodeEvent(CHUNK, record.value, record.headers);
      if (chunk.contentHash !== manifest.contentHash || chunk.source !== manifest.source) return false;
      // The same content may have been published again later (a list reverted): its chunks are skipped.
      if (seen.has(chunk.chunkIndex)) return false;
      seen.add(chunk.chunkIndex);
      onChunk(chunk);
      return seen.size === location.chunkCount;
    },
  );
  if (seen.size !== location.chunkCount) {
    throw new CordonError(
      'SNAPSHOT_INCOMPLETE',
      `version ${manifest.contentHash}: found ${seen.size} of ${location.chunkCount} snapshot chunks`,
      { retriable: false },
    );
  }
}

/** A list version rebuilt from Kafka. */
export interface RebuiltVersion {
  manifest: ListVersionManifest;
  /** The version's entities in the lists package's model, sorted by id as when they were published. */
  entities: ModelEntity[];
}

/**
 * Rebuilds the version of `manifest` from its snapshot chunks and checks it against the manifest's content hash.
 * Throws CordonError SNAPSHOT_MISMATCH when the entities do not hash to it.
 */
export async function rebuildFromManifest(kafka: KafkaClient, manifest: ListVersionManifest): Promise<RebuiltVersion> {
  const chunks: ListSnapshotChunk[] = [];
  await readVersionChunks(kafka, manifest, (chunk) => chunks.push(chunk));
  chunks.sort((a, b) => a.chunkIndex - b.chunkIndex);
  const entities = chunks.flatMap((chunk) => chunk.entities.map((entity: SanctionedEntity) => toModelEntity(entity)));
  const actual = contentHash(entities);
  if (actual !== manifest.contentHash) {
    throw new CordonError(
      'SNAPSHOT_MISMATCH',
      `rebuilt version hashes to ${actual}, its manifest says ${manifest.contentHash}`,
      { retriable: false },
    );
  }
  return { manifest, entities };
}

/**
 * Rebuilds the version of `source` whose content hash is `hash` (the latest publication of that content) from the
 * snapshots topic alone. Throws CordonError VERSION_NOT_FOUND when no such version was ever published.
 */
export async function rebuildVersion(
  kafka: KafkaClient,
  topics: Pick<TopicNames, 'sanctionsSnapshots'>,
  source: ListSource,
  hash: string,
): Promise<RebuiltVersion> {
  const found = await findLatestManifests(
    kafka,
    topics.sanctionsSnapshots,
    (m) => (m.source === source && m.contentHash === hash ? hash : undefined),
    1,
  );
  const manifest = found.get(hash);
  if (manifest === undefined) {
    throw new CordonError('VERSION_NOT_FOUND', `no ${listSourceSlug(source)} version with content hash ${hash}`, {
      retriable: false,
    });
  }
  return rebuildFromManifest(kafka, manifest);
}

/** The version in force for a source, as recovered at start-up: its manifest and entity hashes by id. */
export interface RecoveredVersion {
  manifest: ListVersionManifest;
  hashes: Map<string, string>;
}

/** The last good version of each of `sources` that was ever published, from the snapshots topic. */
export async function recoverLastGood(
  kafka: KafkaClient,
  topic: string,
  sources: readonly ListSource[],
): Promise<Map<ListSource, RecoveredVersion>> {
  const wanted = new Set(sources);
  const manifests = await findLatestManifests(
    kafka,
    topic,
    (m) => (wanted.has(m.source) ? String(m.source) : undefined),
    wanted.size,
  );
  const recovered = new Map<ListSource, RecoveredVersion>();
  for (const manifest of manifests.values()) {
    const hashes = new Map<string, string>();
    await readVersionChunks(kafka, manifest, (chunk) => {
      for (const entity of chunk.entities) hashes.set(entity.id, entity.entityHash);
    });
    recovered.set(manifest.source, { manifest, hashes });
  }
  return recovered;
}
