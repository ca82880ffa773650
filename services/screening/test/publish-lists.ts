/**
 * Test helper: publishes a list version the way the contract documents it (list_sync.proto): the entities to
 * the compacted entities topic, then the snapshot chunks and the manifest on the snapshots topic keyed by
 * source, all in one Kafka transaction.
 */
import { randomUUID } from 'node:crypto';
import type { KafkaClient as Kafka } from '@cordon/platform';
import {
  EVENT_TYPES,
  listSourceSlug,
  sanctionsEntityKey,
  timestampFromMillis,
  type ListSource,
  type ListVersionManifest,
  type TopicNames,
} from '@cordon/contracts';
import { contentHash, protoListSource, toProtoEntity, type SanctionedEntity } from '@cordon/lists';
import { createTransactionalProducer, encodeEvent, type Logger } from '@cordon/platform';

const CHUNK_ENTITIES = 500;

/** What was published. */
export interface PublishedVersion {
  source: ListSource;
  contentHash: string;
  versionId: string;
}

/** Publishes `entities` as one version of their source (all entities must share it). */
export async function publishListVersion(
  kafka: Kafka,
  topics: TopicNames,
  logger: Logger,
  entities: readonly SanctionedEntity[],
  /** `entityCount`: what the manifest claims, when a test wants it to lie (default: the true count). */
  options: { versionId: string; previousContentHash?: string; fetchedAtMillis?: number; entityCount?: number },
): Promise<PublishedVersion> {
  const source = protoListSource(entities[0]!.source);
  const sourceKey = listSourceSlug(source);
  const hash = contentHash(entities);
  const sorted = [...entities].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const protos = sorted.map(toProtoEntity);
  const chunkCount = Math.max(1, Math.ceil(protos.length / CHUNK_ENTITIES));
  const producer = await createTransactionalProducer(kafka, `test-list-publisher-${randomUUID()}`, logger);
  try {
    await producer.inTransaction(async (tx) => {
      await tx.send(
        protos.map((proto) => {
          const { value, headers } = encodeEvent(EVENT_TYPES.sanctionedEntity, proto);
          return { topic: topics.sanctionsEntities, key: sanctionsEntityKey(source, proto.id), value, headers };
        }),
      );
      await tx.send(
        Array.from({ length: chunkCount }, (_, chunkIndex) => {
          const chunk = {
            source,
            contentHash: hash,
            chunkIndex,
            chunkCount,
            entities: protos.slice(chunkIndex * CHUNK_ENTITIES, (chunkIndex + 1) * CHUNK_ENTITIES),
          };
          const { value, headers } = encodeEvent(EVENT_TYPES.listSnapshotChunk, chunk);
          return { topic: topics.sanctionsSnapshots, key: sourceKey, value, headers };
        }),
      );
      const manifest: ListVersionManifest = {
        source,
        versionId: options.versionId,
        contentHash: hash,
        previousContentHash: options.previousContentHash ?? '',
        fetchedAt: timestampFromMillis(options.fetchedAtMillis ?? Date.now()),
        sourceUri: 'test',
        files: [],
        parserVersion: 'test',
        entityCount: options.entityCount ?? protos.length,
        countsByType: [],
        addressCount: protos.reduce((sum, proto) => sum + proto.digitalCurrencyAddresses.length, 0),
        addedCount: 0,
        removedCount: 0,
        changedCount: 0,
        // Screening reads chunks in topic order and does not use the location; the helper does not track it.
        snapshot: { topic: topics.sanctionsSnapshots, partition: 0, firstOffset: 0n, chunkCount },
      };
      const { value, headers } = encodeEvent(EVENT_TYPES.listVersionManifest, manifest);
      await tx.send([{ topic: topics.sanctionsSnapshots, key: sourceKey, value, headers }]);
    });
  } finally {
    await producer.close();
  }
  return { source, contentHash: hash, versionId: options.versionId };
}
