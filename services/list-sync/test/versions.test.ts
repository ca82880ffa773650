/**
 * list-sync against the real broker: two real OFAC SDN versions published from an air-gapped folder source, the
 * compacted entities view, the manifests' deltas, a restart, and rebuilding an old version from Kafka alone.
 */
import { join } from 'node:path';
import { credentials, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ListSource,
  ListSyncServiceClient,
  SyncOutcome,
  topicNames,
  type GetStatusResponse,
  type TriggerSyncResponse,
} from '@cordon/contracts';
import { contentHash, diffLists, entityHash, loadList, toModelEntity, type LoadedList } from '@cordon/lists';
import { createKafka } from '@cordon/platform';
import { bearer } from '../../../test/auth.js';
import { brokers, testLogger, uniqueName } from '../../../test/support.js';
import { startListSync, type RunningListSync } from '../src/app.js';
import { rebuildVersion } from '../src/adapters/kafka/snapshots.js';
import {
  compactedEntities,
  copyDataset,
  dataset,
  deleteTopics,
  manifests,
  tempFolder,
  testConfig,
  testIdentities,
} from './helpers.js';

const logger = testLogger('list-sync');
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('list-sync-test') }, logger);
const prefix = `${uniqueName('t')}.`;
const topics = topicNames(prefix);

function call<Req, Res>(
  method: (request: Req, callback: (error: Error | null, response: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method(request, (error, response) => (error ? reject(error) : resolve(response))),
  );
}

describe('list-sync publishes versions that Kafka alone can rebuild', () => {
  let drop: Awaited<ReturnType<typeof tempFolder>>;
  let service: RunningListSync;
  let client: ListSyncServiceClient;
  let v2019: LoadedList;
  let v2021: LoadedList;
  const config = () =>
    // 2019-01-15 to 2021-07-07 is two and a half years: 261 designations went, far more than a day's worth.
    testConfig(prefix, [
      { source: 'ofac-sdn', format: 'ofac-csv', path: join(drop.path, 'versions'), newest: true, maxRemovedCount: 300 },
    ]);

  beforeAll(async () => {
    drop = await tempFolder();
    [v2019, v2021] = await Promise.all([
      loadList('ofac-csv', dataset('ofac-sdn/2019-01-15')),
      loadList('ofac-csv', dataset('ofac-sdn/2021-07-07')),
    ]);
    service = await startListSync(config(), { logger, kafka });
    client = new ListSyncServiceClient(
      `127.0.0.1:${service.grpcPort}`,
      credentials.createInsecure(),
      bearer(await testIdentities.token('ops', ['operator'])),
    );
  });

  afterAll(async () => {
    client?.close();
    await service?.stop();
    await deleteTopics(kafka, prefix);
    await drop?.remove();
  });

  // Review F5: TriggerSync (a download of up to 4 x 256 MB and a publish) and GetStatus were open to anyone.
  it('refuses TriggerSync and GetStatus to callers who are not operators', async () => {
    const address = `127.0.0.1:${service.grpcPort}`;
    const anonymous = new ListSyncServiceClient(address, credentials.createInsecure());
    const producer = new ListSyncServiceClient(
      address,
      credentials.createInsecure(),
      bearer(await testIdentities.token('wallets', ['producer'])),
    );
    const trigger = (c: ListSyncServiceClient) =>
      call<{ source: ListSource }, TriggerSyncResponse>(c.triggerSync.bind(c), { source: ListSource.OFAC_SDN });
    await expect(trigger(anonymous)).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    await expect(trigger(producer)).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    await expect(
      call<{ sources: ListSource[] }, GetStatusResponse>(anonymous.getStatus.bind(anonymous), { sources: [] }),
    ).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    anonymous.close();
    producer.close();
    // Nothing was synchronised for them.
    expect(await manifests(kafka, topics.sanctionsSnapshots)).toHaveLength(0);
  });

  it('publishes 2019-01-15 then 2021-07-07 over gRPC; the compacted view is the 2021 list, removals tombstoned', async () => {
    await copyDataset('ofac-sdn/2019-01-15', join(drop.path, 'versions', '2019-01-15'));
    const first = await call<{ source: ListSource }, TriggerSyncResponse>(client.triggerSync.bind(client), {
      source: ListSource.OFAC_SDN,
    });
    expect(first.outcome).toBe(SyncOutcome.PUBLISHED);
    expect(first.manifest).toMatchObject({ contentHash: v2019.contentHash, entityCount: 7379, addedCount: 7379 });

    await copyDataset('ofac-sdn/2021-07-07', join(drop.path, 'versions', '2021-07-07'));
    const second = await call<{ source: ListSource }, TriggerSyncResponse>(client.triggerSync.bind(client), {
      source: ListSource.OFAC_SDN,
    });
    expect(second.outcome).toBe(SyncOutcome.PUBLISHED);

    const delta = diffLists(v2019.entities, v2021.entities);
    expect(second.manifest).toMatchObject({
      contentHash: v2021.contentHash,
      previousContentHash: v2019.contentHash,
      entityCount: v2021.entities.length,
      addedCount: delta.added.length,
      removedCount: delta.removed.length,
      changedCount: delta.changed.length,
    });
    expect(second.manifest!.files.map((f) => f.name)).toEqual(['add.csv', 'alt.csv', 'sdn.csv', 'sdn_comments.csv']);

    const view = await compactedEntities(kafka, topics.sanctionsEntities);
    const live = [...view].filter(([, entity]) => entity !== null);
    expect(new Set(live.map(([key]) => key))).toEqual(new Set(v2021.entities.map((e) => `ofac-sdn:${e.id}`)));
    const expectedHash = new Map(v2021.entities.map((e) => [`ofac-sdn:${e.id}`, entityHash(e)]));
    for (const [key, entity] of live) {
      expect(entity!.entityHash).toBe(expectedHash.get(key));
      expect(entityHash(toModelEntity(entity!))).toBe(entity!.entityHash);
    }
    for (const removed of delta.removed) expect(view.get(`ofac-sdn:${removed.id}`)).toBeNull();
    expect(delta.removed.length).toBeGreaterThan(0);

    const written = await manifests(kafka, topics.sanctionsSnapshots);
    expect(written.map((m) => m.contentHash)).toEqual([v2019.contentHash, v2021.contentHash]);
  });

  it('reports the version in force over gRPC and an unchanged re-check publishes nothing', async () => {
    const again = await call<{ source: ListSource }, TriggerSyncResponse>(client.triggerSync.bind(client), {
      source: ListSource.OFAC_SDN,
    });
    expect(again.outcome).toBe(SyncOutcome.UNCHANGED);
    const status = await call<{ sources: ListSource[] }, GetStatusResponse>(client.getStatus.bind(client), {
      sources: [],
    });
    expect(status.statuses).toHaveLength(1);
    expect(status.statuses[0]).toMatchObject({
      source: ListSource.OFAC_SDN,
      lastOutcome: SyncOutcome.UNCHANGED,
      lastGood: { contentHash: v2021.contentHash },
    });
    expect(status.statuses[0]!.lastAttemptAt).toBeDefined();
    await expect(call(client.triggerSync.bind(client), { source: ListSource.UN })).rejects.toMatchObject({ code: 5 });
    expect(await manifests(kafka, topics.sanctionsSnapshots)).toHaveLength(2);

    const metrics = await (await fetch(`http://127.0.0.1:${service.opsPort}/metrics`)).text();
    expect(metrics).toMatch(/list_sync_list_entities\{source="ofac-sdn"[^}]*\} 8976/);
    expect(metrics).toMatch(/list_sync_sync_outcomes_total\{[^}]*outcome="published"[^}]*\} 2/);
    expect(metrics).toMatch(/list_sync_list_freshness_seconds\{source="ofac-sdn"/);
  });

  it('recovers the version in force after a restart, neither republishing nor losing the baseline', async () => {
    await service.stop();
    client.close();
    service = await startListSync(config(), { logger, kafka });
    client = new ListSyncServiceClient(
      `127.0.0.1:${service.grpcPort}`,
      credentials.createInsecure(),
      bearer(await testIdentities.token('ops', ['operator'])),
    );

    const recovered = service.engine.lastGood(ListSource.OFAC_SDN);
    expect(recovered?.manifest.contentHash).toBe(v2021.contentHash);
    expect(recovered?.hashes.size).toBe(v2021.entities.length);
    expect(recovered?.hashes.get(v2021.entities[0]!.id)).toBe(entityHash(v2021.entities[0]!));

    const result = await service.engine.trigger(ListSource.OFAC_SDN);
    expect(result.outcome).toBe(SyncOutcome.UNCHANGED);
    expect(await manifests(kafka, topics.sanctionsSnapshots)).toHaveLength(2);
  });

  it('rebuilds the 2019-01-15 version from the snapshots topic alone, to the same content hash', async () => {
    const rebuilt = await rebuildVersion(kafka, topics, ListSource.OFAC_SDN, v2019.contentHash);
    expect(rebuilt.entities).toHaveLength(7379);
    expect(contentHash(rebuilt.entities)).toBe(v2019.contentHash);
    expect(rebuilt.entities).toStrictEqual(v2019.entities);
    expect(rebuilt.manifest.snapshot!.chunkCount).toBeGreaterThan(1);
    await expect(rebuildVersion(kafka, topics, ListSource.OFAC_SDN, 'f'.repeat(64))).rejects.toMatchObject({
      code: 'VERSION_NOT_FOUND',
    });
  });
});
