/**
 * Writes list versions and alerts to Kafka. A version is one transaction: the changed entities and tombstones on
 * the compacted entities topic, then the snapshot chunks, then the manifest pointing at them. A read_committed
 * reader sees all of it or none of it.
 */
import {
  EVENT_TYPES,
  HEADERS,
  ListVersionManifest,
  recordKey,
  sanctionsEntityKey,
  type ListQuarantined,
  type ListSource,
  type TopicNames,
} from '@cordon/contracts';
import { CordonError, encodeEvent, type OutgoingRecord, type TransactionalProducer } from '@cordon/platform';
import type { ChunkRange, EncodedEntity, VersionDelta } from '../../domain/version.js';
import { encodeChunk } from '../../domain/version.js';

/** The topics list-sync writes. */
export type ListSyncTopics = Pick<TopicNames, 'sanctionsEntities' | 'sanctionsSnapshots' | 'sanctionsAlerts'>;

/** A checked version, ready to publish. */
export interface VersionToPublish {
  source: ListSource;
  /** The manifest without its snapshot location (known only once chunk 0 is written). */
  manifest: ListVersionManifest;
  /** The version's entities, sorted by id. */
  entities: readonly EncodedEntity[];
  delta: VersionDelta;
  chunks: readonly ChunkRange[];
}

// Entity records go out in sends of about this many bytes, awaited one after the other, far below the broker's
// record-batch limit (the client may still split a send into several batches).
const ENTITY_SEND_BYTES = 512 * 1024;

const ENTITY_HEADERS = Object.freeze({
  [HEADERS.type]: EVENT_TYPES.sanctionedEntity.typeName,
  [HEADERS.schemaVersion]: String(EVENT_TYPES.sanctionedEntity.schemaVersion),
});
const CHUNK_HEADERS = Object.freeze({
  [HEADERS.type]: EVENT_TYPES.listSnapshotChunk.typeName,
  [HEADERS.schemaVersion]: String(EVENT_TYPES.listSnapshotChunk.schemaVersion),
});

// A view, not a copy: a version's bytes are tens of megabytes.
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function entityRecords(topic: string, version: VersionToPublish): OutgoingRecord[] {
  const upserts = new Set([...version.delta.added, ...version.delta.changed]);
  const records: OutgoingRecord[] = version.entities
    .filter((entity) => upserts.has(entity.id))
    .map((entity) => ({
      topic,
      key: sanctionsEntityKey(version.source, entity.id),
      value: asBuffer(entity.bytes),
      headers: { ...ENTITY_HEADERS },
    }));
  // A null value is a tombstone: compaction then removes the entity for good.
  for (const id of version.delta.removed) {
    records.push({ topic, key: sanctionsEntityKey(version.source, id), value: null, headers: { ...ENTITY_HEADERS } });
  }
  return records;
}

function inSends(records: OutgoingRecord[]): OutgoingRecord[][] {
  const sends: OutgoingRecord[][] = [];
  let current: OutgoingRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = (record.value?.length ?? 0) + 64;
    if (current.length > 0 && bytes + size > ENTITY_SEND_BYTES) {
      sends.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) sends.push(current);
  return sends;
}

/**
 * Publishes a version in one transaction; resolves with its manifest, snapshot location filled in. Compression
 * (list-sync's `LIST_SYNC_SNAPSHOT_COMPRESSION`) is the producer's, set when it is created.
 */
export async function publishVersion(
  producer: TransactionalProducer,
  topics: ListSyncTopics,
  version: VersionToPublish,
): Promise<ListVersionManifest> {
  const slug = recordKey(EVENT_TYPES.listVersionManifest, version.manifest);
  return producer.inTransaction(async (tx) => {
    for (const records of inSends(entityRecords(topics.sanctionsEntities, version))) {
      await tx.send(records);
    }
    let location: { partition: number; firstOffset: bigint } | undefined;
    for (const [index, range] of version.chunks.entries()) {
      const header = {
        source: version.source,
        contentHash: version.manifest.contentHash,
        chunkIndex: index,
        chunkCount: version.chunks.length,
      };
      const bytes = encodeChunk(
        header,
        version.entities.slice(range.start, range.end).map((e) => e.bytes),
      );
      // One chunk per send: each is close to the record size limit on its own. A send of one record says that
      // record's own offset (however the client batches), which is where the snapshot starts.
      const [written] = await tx.send([
        { topic: topics.sanctionsSnapshots, key: slug, value: asBuffer(bytes), headers: { ...CHUNK_HEADERS } },
      ]);
      if (index === 0) {
        const firstOffset = BigInt(written?.baseOffset ?? '-1');
        // Without its offset the manifest could not point at the snapshot: abort rather than publish it.
        if (firstOffset < 0n)
          throw new CordonError('SNAPSHOT_LOCATION_UNKNOWN', 'the broker did not say where the first chunk landed', {
            retriable: true,
          });
        location = { partition: written!.partition, firstOffset };
      }
    }
    const manifest = ListVersionManifest.fromPartial({
      ...version.manifest,
      snapshot: {
        topic: topics.sanctionsSnapshots,
        partition: location!.partition,
        firstOffset: location!.firstOffset,
        chunkCount: version.chunks.length,
      },
    });
    const { value, headers } = encodeEvent(EVENT_TYPES.listVersionManifest, manifest);
    await tx.send([{ topic: topics.sanctionsSnapshots, key: slug, value, headers }]);
    return manifest;
  });
}

/** Publishes a quarantine alert on the alerts topic (its own small transaction). */
export async function publishAlert(
  producer: TransactionalProducer,
  topic: string,
  alert: ListQuarantined,
): Promise<void> {
  const { value, headers } = encodeEvent(EVENT_TYPES.listQuarantined, alert);
  await producer.inTransaction((tx) =>
    tx.send([{ topic, key: recordKey(EVENT_TYPES.listQuarantined, alert), value, headers }]),
  );
}
