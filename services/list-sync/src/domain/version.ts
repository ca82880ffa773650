/**
 * Turns a parsed list version into what list-sync publishes: each entity's wire bytes and hash, the delta against
 * the previous good version, the snapshot chunks and the manifest. Pure.
 */
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import {
  EntityType,
  ListSnapshotChunk,
  timestampFromMillis,
  type ListSource,
  type ListVersionManifest,
  type SourceFile,
} from '@cordon/contracts';
import { encodeProtoEntity, toProtoEntity, type SanctionedEntity as ModelEntity } from '@cordon/lists';

/** One entity of a version, ready to publish. */
export interface EncodedEntity {
  /** The publisher's id. */
  id: string;
  /** Hex SHA-256 of the model entity (the proto's `entity_hash`). */
  entityHash: string;
  /** The entity's type, for the manifest's counts. */
  type: EntityType;
  /** How many digital currency addresses it lists. */
  addressCount: number;
  /** The `SanctionedEntity` proto's wire bytes. */
  bytes: Uint8Array;
}

/** Maps and encodes each entity once; the same bytes serve the entities topic and the snapshot chunks. */
export function encodeEntities(entities: readonly ModelEntity[]): EncodedEntity[] {
  return entities.map((entity) => {
    const proto = toProtoEntity(entity);
    return {
      id: proto.id,
      entityHash: proto.entityHash,
      type: proto.type,
      addressCount: proto.digitalCurrencyAddresses.length,
      bytes: encodeProtoEntity(proto),
    };
  });
}

/** The entity hashes of a version by entity id: all a later version needs to compute its delta. */
export type EntityHashes = ReadonlyMap<string, string>;

/** Which entities a version adds, removes and changes against the previous good version, by id, sorted. */
export interface VersionDelta {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The delta of `current` against `previous` (undefined for the first version: everything is added). Entities are
 * matched by id and compared by entity hash, which changes whenever any field changes.
 */
export function computeDelta(
  previous: EntityHashes | undefined,
  current: readonly Pick<EncodedEntity, 'id' | 'entityHash'>[],
): VersionDelta {
  const delta: VersionDelta = { added: [], removed: [], changed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const { id, entityHash } of current) {
    seen.add(id);
    const before = previous?.get(id);
    if (before === undefined) delta.added.push(id);
    else if (before === entityHash) delta.unchanged += 1;
    else delta.changed.push(id);
  }
  for (const id of previous?.keys() ?? []) if (!seen.has(id)) delta.removed.push(id);
  delta.added.sort(byCodeUnit);
  delta.removed.sort(byCodeUnit);
  delta.changed.sort(byCodeUnit);
  return delta;
}

/** How many of the previous version's entities (by id) `current` no longer has. */
export function removedDesignations(previous: EntityHashes, current: readonly { id: string }[]): number {
  const ids = new Set(current.map((entity) => entity.id));
  let removed = 0;
  for (const id of previous.keys()) if (!ids.has(id)) removed += 1;
  return removed;
}

/** The entity hashes of a version, for the next delta. */
export function entityHashes(entities: readonly Pick<EncodedEntity, 'id' | 'entityHash'>[]): EntityHashes {
  return new Map(entities.map((e) => [e.id, e.entityHash]));
}

/** Bounds on one snapshot chunk. */
export interface ChunkLimits {
  /** Most entities in one chunk. */
  maxEntities: number;
  /** Most bytes of one encoded chunk; keep it under the broker's record limit (1 MB by default). */
  maxBytes: number;
}

/** A half-open range [start, end) of a version's entities. */
export interface ChunkRange {
  start: number;
  end: number;
}

// Room for the chunk's own fields (source, 64-character hash, index and count) beside its entities.
const CHUNK_HEADER_RESERVE = 128;

function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    length += 1;
  }
  return length;
}

/** Bytes an entity of `size` bytes takes inside a chunk: its field tag, length prefix and body. */
function framedLength(size: number): number {
  return 1 + varintLength(size) + size;
}

/**
 * Splits entities of the given encoded sizes into consecutive chunks within `limits`. A version with no entities
 * still has one (empty) chunk, so every manifest points at something. Throws RangeError when one entity alone
 * exceeds the byte limit: such a record could never be written.
 */
export function planChunks(sizes: readonly number[], limits: ChunkLimits): ChunkRange[] {
  const budget = limits.maxBytes - CHUNK_HEADER_RESERVE;
  const ranges: ChunkRange[] = [];
  let start = 0;
  let bytes = 0;
  sizes.forEach((size, index) => {
    const framed = framedLength(size);
    if (framed > budget) {
      throw new RangeError(`entity #${index} encodes to ${size} bytes, above the chunk limit of ${limits.maxBytes}`);
    }
    if (index > start && (index - start >= limits.maxEntities || bytes + framed > budget)) {
      ranges.push({ start, end: index });
      start = index;
      bytes = 0;
    }
    bytes += framed;
  });
  ranges.push({ start, end: sizes.length });
  return ranges;
}

// Field 5 (entities) of ListSnapshotChunk, length-delimited: (5 << 3) | 2.
const CHUNK_ENTITIES_TAG = 42;

/**
 * The wire bytes of one snapshot chunk. The entities' bytes are spliced in as they are (a nested message is
 * encoded exactly like a bytes field), so a version's entities are encoded once, not once per use.
 */
export function encodeChunk(
  header: Pick<ListSnapshotChunk, 'source' | 'contentHash' | 'chunkIndex' | 'chunkCount'>,
  entities: readonly Uint8Array[],
): Uint8Array {
  const writer: BinaryWriter = ListSnapshotChunk.encode({ ...header, entities: [] });
  for (const bytes of entities) writer.uint32(CHUNK_ENTITIES_TAG).bytes(bytes);
  return writer.finish();
}

/** What is known about a version besides its entities. */
export interface VersionFacts {
  source: ListSource;
  /** The publisher's label for the version, or '' when it gives none. */
  versionId: string;
  contentHash: string;
  /** content_hash of the last good version, or '' for the first one. */
  previousContentHash: string;
  fetchedAtMillis: number;
  sourceUri: string;
  files: SourceFile[];
  parserVersion: string;
}

/** The manifest of a version; the adapter fills in `snapshot` once the broker has placed chunk 0. */
export function buildManifest(
  facts: VersionFacts,
  entities: readonly Pick<EncodedEntity, 'type' | 'addressCount'>[],
  delta: VersionDelta,
): ListVersionManifest {
  const byType = new Map<EntityType, number>();
  let addressCount = 0;
  for (const entity of entities) {
    byType.set(entity.type, (byType.get(entity.type) ?? 0) + 1);
    addressCount += entity.addressCount;
  }
  return {
    source: facts.source,
    versionId: facts.versionId,
    contentHash: facts.contentHash,
    previousContentHash: facts.previousContentHash,
    fetchedAt: timestampFromMillis(facts.fetchedAtMillis),
    sourceUri: facts.sourceUri,
    files: facts.files,
    parserVersion: facts.parserVersion,
    entityCount: entities.length,
    countsByType: [...byType].sort(([a], [b]) => a - b).map(([type, count]) => ({ type, count })),
    addressCount,
    addedCount: delta.added.length,
    removedCount: delta.removed.length,
    changedCount: delta.changed.length,
    snapshot: undefined,
  };
}
