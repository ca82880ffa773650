/**
 * Reassembles list versions from the snapshots topic: `ListSnapshotChunk` records followed by their
 * `ListVersionManifest`, all keyed by source (hence in one partition, in order). Pure state machine: the Kafka
 * adapter feeds it records in offset order and applies what it returns.
 *
 * A version is complete when its manifest arrives after every one of its chunks. Chunks whose manifest never
 * comes (list-sync writes both in one transaction, so that only happens for hand-made or damaged topics) are
 * dropped as soon as the next version of the same source starts, so memory holds at most one pending version per
 * source beside the versions in force.
 */
import type {
  ListSnapshotChunk,
  ListSource,
  ListVersionManifest,
  SanctionedEntity as ProtoEntity,
} from '@cordon/contracts';
import { contentHash, entityHash, toModelEntity, type SanctionedEntity } from '@cordon/lists';

/** One complete list version, ready to index. */
export interface ListVersion {
  source: ListSource;
  /** The version's identity, pinned by every decision made against it. */
  contentHash: string;
  /** The publisher's label, for people. */
  versionId: string;
  /** The manifest as published. */
  manifest: ListVersionManifest;
  /**
   * Where the manifest sits in the snapshots topic (its offset): the order in which versions were published. A
   * version is never replaced by one published before it.
   */
  sequence: bigint;
  /** Entities in chunk order (id order, as list-sync writes them). */
  entities: SanctionedEntity[];
  /** entity_hash of each entity by id, as list-sync computed it; hits cite the exact entity version by it. */
  entityHashes: ReadonlyMap<string, string>;
}

/** What feeding a manifest did. */
export type ManifestOutcome =
  | { kind: 'complete'; version: ListVersion }
  | {
      kind: 'ignored';
      reason:
        | 'chunks-missing'
        | 'chunk-count-mismatch'
        | 'unmappable-entity'
        | 'entity-count-mismatch'
        | 'entity-hash-mismatch'
        | 'content-hash-mismatch';
    };

interface Pending {
  contentHash: string;
  chunkCount: number;
  chunks: Map<number, ListSnapshotChunk>;
}

// An enum value or source this build does not know (a newer list-sync) would have to be guessed, which changes the
// entity that decisions cite by list-sync's hash; the version is refused instead and the one in force stays.
function modelEntity(proto: ProtoEntity): SanctionedEntity | undefined {
  try {
    return toModelEntity(proto);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Collects chunks per source and turns a manifest into a complete version when all of its chunks were seen. */
export class VersionAssembler {
  private readonly pending = new Map<ListSource, Pending>();

  /** Records one chunk. A chunk of another version than the one pending for its source starts over. */
  addChunk(chunk: ListSnapshotChunk): void {
    let pending = this.pending.get(chunk.source);
    if (pending === undefined || pending.contentHash !== chunk.contentHash) {
      pending = { contentHash: chunk.contentHash, chunkCount: chunk.chunkCount, chunks: new Map() };
      this.pending.set(chunk.source, pending);
    }
    pending.chunks.set(chunk.chunkIndex, chunk);
  }

  /**
   * Completes the version `manifest` announces, when every chunk it counts has been seen and what they hold is
   * what the manifest says: as many entities as it counts, each entity's hash recomputed equal to the one it
   * carries, and the content hash of the whole recomputed equal to the manifest's. Anything else is refused: the
   * version decisions would pin must be the version screened against. `sequence`: the manifest's offset.
   */
  addManifest(manifest: ListVersionManifest, sequence = 0n): ManifestOutcome {
    const pending = this.pending.get(manifest.source);
    if (pending === undefined || pending.contentHash !== manifest.contentHash) {
      return { kind: 'ignored', reason: 'chunks-missing' };
    }
    this.pending.delete(manifest.source);
    const count = manifest.snapshot?.chunkCount ?? pending.chunkCount;
    if (count !== pending.chunkCount || pending.chunks.size !== count) {
      return { kind: 'ignored', reason: 'chunk-count-mismatch' };
    }
    const entities: SanctionedEntity[] = [];
    const entityHashes = new Map<string, string>();
    for (let index = 0; index < count; index++) {
      const chunk = pending.chunks.get(index);
      if (chunk === undefined) return { kind: 'ignored', reason: 'chunks-missing' };
      for (const entity of chunk.entities) {
        const mapped = modelEntity(entity);
        if (mapped === undefined) return { kind: 'ignored', reason: 'unmappable-entity' };
        if (entityHash(mapped) !== entity.entityHash) return { kind: 'ignored', reason: 'entity-hash-mismatch' };
        entities.push(mapped);
        entityHashes.set(entity.id, entity.entityHash);
      }
    }
    if (entities.length !== manifest.entityCount) return { kind: 'ignored', reason: 'entity-count-mismatch' };
    if (contentHash(entities) !== manifest.contentHash) return { kind: 'ignored', reason: 'content-hash-mismatch' };
    return {
      kind: 'complete',
      version: {
        source: manifest.source,
        contentHash: manifest.contentHash,
        versionId: manifest.versionId,
        manifest,
        sequence,
        entities,
        entityHashes,
      },
    };
  }

  /** Number of sources with chunks still waiting for their manifest. */
  get pendingSources(): number {
    return this.pending.size;
  }
}
