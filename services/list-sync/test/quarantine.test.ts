/**
 * list-sync refusing broken versions against the real broker: an HTTP source that fails, hangs, cuts the download
 * short, serves garbage or a shrunken list; a truncated XML file; and a publish that fails mid-transaction. The last
 * good version stays in force, the alert names the reason, and a read_committed reader sees nothing of the refused
 * version.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListSource, QuarantineReason, SyncOutcome, topicNames } from '@cordon/contracts';
import { loadList, type LoadedList } from '@cordon/lists';
import { createKafka, ensureTopics } from '@cordon/platform';
import { brokers, readTopic, testLogger, uniqueName } from '../../../test/support.js';
import { startListSync, type RunningListSync } from '../src/app.js';
import { partitionOffsets } from '../src/adapters/kafka/partition-reader.js';
import {
  alerts,
  committedRecords,
  compactedEntities,
  copyDataset,
  dataset,
  deleteTopics,
  manifests,
  startListServer,
  tempFolder,
  testConfig,
  writeShrunkOfacSet,
  type ListServer,
  type ServeMode,
} from './helpers.js';

const logger = testLogger('list-sync');
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('list-sync-test') }, logger);
const OFAC_FILES = ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'];
const FAST_HTTP = {
  LIST_SYNC_HTTP_TIMEOUT_MS: '700',
  LIST_SYNC_HTTP_ATTEMPTS: '2',
  LIST_SYNC_HTTP_BACKOFF_MS: '20',
  LIST_SYNC_HTTP_BACKOFF_MAX_MS: '50',
};

describe('a broken version is quarantined and the last good one stays in force', () => {
  const prefix = `${uniqueName('t')}.`;
  const topics = topicNames(prefix);
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let server: ListServer;
  let service: RunningListSync;
  let baseline: LoadedList;
  let unPath: string;

  beforeAll(async () => {
    folder = await tempFolder();
    await copyDataset('ofac-sdn/2019-01-15', join(folder.path, 'served'));
    unPath = join(folder.path, 'un', 'consolidated.xml');
    await mkdir(join(folder.path, 'un'));
    await copyFile(dataset('un/2018-10-29/consolidated.xml'), unPath);
    server = await startListServer(join(folder.path, 'served'));
    baseline = await loadList('ofac-csv', dataset('ofac-sdn/2019-01-15'));
    const sources = [
      { source: 'ofac-sdn', format: 'ofac-csv', urls: OFAC_FILES.map((name) => server.url(name)) },
      { source: 'un', format: 'un-xml', path: unPath },
    ];
    service = await startListSync(testConfig(prefix, sources, FAST_HTTP), { logger, kafka });
    expect((await service.engine.trigger(ListSource.OFAC_SDN)).outcome).toBe(SyncOutcome.PUBLISHED);
  });

  afterAll(async () => {
    await service?.stop();
    await server?.close();
    await deleteTopics(kafka, prefix);
    await folder?.remove();
  });

  it('asks the server with the ETag it accepted and takes a 304 as unchanged', async () => {
    server.requests.length = 0;
    const result = await service.engine.trigger(ListSource.OFAC_SDN);
    expect(result.outcome).toBe(SyncOutcome.UNCHANGED);
    expect(server.requests).toEqual(OFAC_FILES.map(() => 'not-modified'));
  });

  it.each([
    ['error-500', QuarantineReason.FETCH_FAILED, /HTTP 500 after 2 attempts/],
    ['hang', QuarantineReason.TIMEOUT, /within 700 ms after 2 attempts/],
    ['truncate', QuarantineReason.TRUNCATED, /of \d+ bytes after 2 attempts/],
    ['garbage', QuarantineReason.PARSE_FAILED, /\.csv: /],
  ] as Array<[ServeMode, QuarantineReason, RegExp]>)(
    'server mode %s: quarantined as reason %i, nothing of it published',
    async (mode, reason, detail) => {
      server.mode = mode;
      server.requests.length = 0;
      try {
        const result = await service.engine.trigger(ListSource.OFAC_SDN);
        expect(result.outcome).toBe(SyncOutcome.QUARANTINED);
        expect(result.quarantine).toMatchObject({ reason, lastGoodContentHash: baseline.contentHash });
        expect(result.quarantine!.detail).toMatch(detail);
      } finally {
        server.mode = 'ok';
      }
      // Retries are bounded: at most two tries of the first file, then the attempt gives up.
      expect(server.requests.length).toBeLessThanOrEqual(mode === 'garbage' ? OFAC_FILES.length : 2);
      expect(service.engine.lastGood(ListSource.OFAC_SDN)?.manifest.contentHash).toBe(baseline.contentHash);
    },
  );

  it('refuses a list that lost 60 designations, under 1% of it (more than the 50 a source may lose at once)', async () => {
    await writeShrunkOfacSet('ofac-sdn/2019-01-15', join(folder.path, 'served'), 7_319);
    const result = await service.engine.trigger(ListSource.OFAC_SDN);
    expect(result.outcome).toBe(SyncOutcome.QUARANTINED);
    expect(result.quarantine).toMatchObject({ reason: QuarantineReason.SHRUNK, attemptedEntityCount: 7_319 });
    expect(result.quarantine!.detail).toContain('60 of the 7379 designations in force are gone (-0.8%');
    expect(service.engine.lastGood(ListSource.OFAC_SDN)?.manifest.contentHash).toBe(baseline.contentHash);
  });

  it('refuses a list that shrank by more than 10%', async () => {
    await writeShrunkOfacSet('ofac-sdn/2019-01-15', join(folder.path, 'served'), 6_000);
    const result = await service.engine.trigger(ListSource.OFAC_SDN);
    expect(result.outcome).toBe(SyncOutcome.QUARANTINED);
    expect(result.quarantine).toMatchObject({
      reason: QuarantineReason.SHRUNK,
      attemptedEntityCount: 6_000,
      lastGoodEntityCount: 7_379,
    });
    expect(result.quarantine!.detail).toContain('1379 of the 7379 designations in force are gone (-18.7%');
    expect(result.quarantine!.attemptedContentHash).not.toBe(baseline.contentHash);
  });

  it('refuses a truncated XML file after a good version from the same path', async () => {
    expect((await service.engine.trigger(ListSource.UN)).outcome).toBe(SyncOutcome.PUBLISHED);
    const whole = await readFile(unPath);
    await writeFile(unPath, whole.subarray(0, 800_000));
    const result = await service.engine.trigger(ListSource.UN);
    expect(result.quarantine).toMatchObject({ reason: QuarantineReason.TRUNCATED, source: ListSource.UN });
    expect(service.engine.status([ListSource.UN])[0]).toMatchObject({
      lastOutcome: SyncOutcome.QUARANTINED,
      lastError: { reason: QuarantineReason.TRUNCATED },
    });
  });

  it('left the alerts on Kafka and nothing of the refused versions on the entity and snapshot topics', async () => {
    const published = await alerts(kafka, topics.sanctionsAlerts);
    expect(published.map((a) => [a.source, a.reason])).toEqual([
      [ListSource.OFAC_SDN, QuarantineReason.FETCH_FAILED],
      [ListSource.OFAC_SDN, QuarantineReason.TIMEOUT],
      [ListSource.OFAC_SDN, QuarantineReason.TRUNCATED],
      [ListSource.OFAC_SDN, QuarantineReason.PARSE_FAILED],
      [ListSource.OFAC_SDN, QuarantineReason.SHRUNK],
      [ListSource.OFAC_SDN, QuarantineReason.SHRUNK],
      [ListSource.UN, QuarantineReason.TRUNCATED],
    ]);
    const versions = await manifests(kafka, topics.sanctionsSnapshots, { readUncommitted: true });
    expect(versions.map((m) => [m.source, m.entityCount])).toEqual(
      expect.arrayContaining([
        [ListSource.OFAC_SDN, 7_379],
        [ListSource.UN, 1_093],
      ]),
    );
    expect(versions).toHaveLength(2);
    const view = await compactedEntities(kafka, topics.sanctionsEntities);
    expect([...view.keys()].filter((key) => key.startsWith('ofac-sdn:'))).toHaveLength(7_379);
    expect([...view.values()].every((entity) => entity !== null)).toBe(true);

    const metrics = await (await fetch(`http://127.0.0.1:${service.opsPort}/metrics`)).text();
    expect(metrics).toMatch(/list_sync_sync_outcomes_total\{[^}]*outcome="quarantined",reason="timeout"[^}]*\} 1/);
    expect(metrics).toMatch(/list_sync_quarantined\{source="un"[^}]*\} 1/);
  });
});

describe('a publish that fails mid-transaction', () => {
  const prefix = `${uniqueName('t')}.`;
  const topics = topicNames(prefix);
  let service: RunningListSync;

  beforeAll(async () => {
    // A snapshots topic that refuses records above 20 kB: the entity records of the version are written, then the
    // first snapshot chunk is refused by the broker, inside the transaction.
    await ensureTopics(kafka, [
      { topic: topics.sanctionsSnapshots, partitions: 1, config: { 'max.message.bytes': '20000' } },
    ]);
    const sources = [{ source: 'ofac-sdn', format: 'ofac-csv', path: dataset('ofac-sdn/2019-01-15') }];
    const config = testConfig(prefix, sources, { LIST_SYNC_SNAPSHOT_COMPRESSION: 'none' });
    service = await startListSync(config, { logger, kafka });
  });

  afterAll(async () => {
    await service?.stop();
    await deleteTopics(kafka, prefix);
  });

  it('leaves nothing visible to a read_committed reader and no version in force', async () => {
    await expect(service.engine.trigger(ListSource.OFAC_SDN)).rejects.toThrow(/sync of ofac-sdn failed/);
    const uncommitted = await readTopic(kafka, topics.sanctionsEntities, { readUncommitted: true });
    // The aborted records did reach the log: only the transaction keeps them from readers.
    expect(uncommitted.length).toBeGreaterThan(0);
    expect(await readTopic(kafka, topics.sanctionsEntities)).toHaveLength(0);
    // The snapshots partition holds the abort marker only: a reader must see it end, and see nothing.
    const offsets = await partitionOffsets(kafka, topics.sanctionsSnapshots);
    expect(offsets.map((p) => p.high)).toEqual([1n]);
    expect(await committedRecords(kafka, topics.sanctionsSnapshots)).toEqual([]);
    expect(service.engine.lastGood(ListSource.OFAC_SDN)).toBeUndefined();
  });
});

describe('remarks cut at the CSV limit with no comments file', () => {
  const prefix = `${uniqueName('t')}.`;
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let service: RunningListSync | undefined;

  beforeAll(async () => {
    folder = await tempFolder();
    // The real 2023-12-28 set: no SDN_COMMENTS.CSV, 17 remarks cut at 1000 characters, 15 of them with addresses.
    await copyDataset('ofac-sdn/2023-12-28', join(folder.path, 'set'));
  });
  afterAll(async () => {
    await service?.stop();
    await deleteTopics(kafka, prefix);
    await folder.remove();
  });

  it('quarantine the version unless the source accepts them', async () => {
    const spec = { source: 'ofac-sdn', format: 'ofac-csv', path: join(folder.path, 'set') };
    service = await startListSync(testConfig(prefix, [spec]), { logger, kafka });
    const refused = await service.engine.trigger(ListSource.OFAC_SDN);
    expect(refused.outcome).toBe(SyncOutcome.QUARANTINED);
    expect(refused.quarantine).toMatchObject({ reason: QuarantineReason.TRUNCATED, attemptedEntityCount: 13_821 });
    expect(refused.quarantine!.detail).toContain('17 entities have remarks cut');
    await service.stop();
    service = await startListSync(testConfig(prefix, [{ ...spec, allowTruncatedRemarks: true }]), { logger, kafka });
    expect((await service.engine.trigger(ListSource.OFAC_SDN)).outcome).toBe(SyncOutcome.PUBLISHED);
  });
});
