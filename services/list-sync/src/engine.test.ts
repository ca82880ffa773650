import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import {
  ListSource,
  QuarantineReason,
  SyncOutcome,
  type ListQuarantined,
  type ListSourceConfirmation,
} from '@cordon/contracts';
import { contentHash, type LoadedList, type SanctionedEntity } from '@cordon/lists';
import { createLogger } from '@cordon/platform';
import { loadListSyncConfig, type SourceConfig } from './config.js';
import { ListSyncEngine, SyncFailedError, type SyncPorts } from './engine.js';
import type { VersionToPublish } from './adapters/kafka/publisher.js';
import { createListSyncMetrics } from './metrics.js';

const source: SourceConfig = loadListSyncConfig({
  KAFKA_BROKERS: 'unused:9092',
  AUTH_JWKS_FILE: 'unused.json',
  LIST_SYNC_SOURCES: JSON.stringify([{ source: 'un', format: 'un-xml', path: 'un.xml', intervalSeconds: 0 }]),
}).sources[0]!;

function entity(id: string): SanctionedEntity {
  return {
    source: 'un',
    id,
    type: 'individual',
    names: [{ full: `Person ${id}`, kind: 'primary', strength: 'strong', script: 'Latn' }],
    birthDates: [],
    placesOfBirth: [],
    nationalities: [],
    citizenships: [],
    addresses: [],
    identifiers: [],
    programs: [],
    digitalCurrencyAddresses: [],
    flags: [],
  };
}

function list(ids: string[], listSource: LoadedList['source'] = 'un'): LoadedList {
  const entities = ids.map(entity).map((e) => ({ ...e, source: listSource }));
  return { format: 'un-xml', source: listSource, entities, issues: [], contentHash: contentHash(entities) };
}

/** In-memory ports: a fixed file set, a queue of parse results, and what was published. */
function ports(parses: Array<LoadedList | Error>, options: { failPublish?: boolean; sha?: () => string } = {}) {
  const published: VersionToPublish[] = [];
  const alerts: ListQuarantined[] = [];
  const confirmations: ListSourceConfirmation[] = [];
  let parseCalls = 0;
  const impl: SyncPorts = {
    acquire: async () => ({
      kind: 'files',
      files: {
        parsePath: 'un.xml',
        files: [{ name: 'un.xml', sizeBytes: 1n, sha256: options.sha?.() ?? 'a' }],
        sourceUri: 'un.xml',
        validators: new Map(),
        dispose: async () => undefined,
      },
    }),
    parse: async () => {
      const next = parses[parseCalls++]!;
      if (next instanceof Error) throw next;
      return next;
    },
    publishVersion: async (version) => {
      if (options.failPublish) throw new Error('broker unavailable');
      published.push(version);
      return version.manifest;
    },
    publishAlert: async (alert) => {
      alerts.push(alert);
    },
    publishConfirmation: async (confirmation) => {
      confirmations.push(confirmation);
    },
  };
  return { impl, published, alerts, confirmations, parseCalls: () => parseCalls };
}

function engine(port: SyncPorts): ListSyncEngine {
  const metrics = createListSyncMetrics(
    new Registry(),
    () => new Map(),
    () => 0,
  );
  return new ListSyncEngine(
    { sources: [source], chunks: { maxEntities: 2, maxBytes: 900_000 }, parserVersion: 'test' },
    port,
    { now: () => 1_767_225_600_000 },
    createLogger('list-sync', { level: 'silent' }),
    metrics,
    new Map(),
  );
}

describe('ListSyncEngine', () => {
  it('publishes a first version, skips parsing identical files, and reports same content as unchanged', async () => {
    let sha = 'a';
    const fake = ports([list(['3', '1', '2']), list(['2', '3', '1'])], { sha: () => sha });
    const sync = engine(fake.impl);
    const first = await sync.trigger(ListSource.UN);
    expect(first.outcome).toBe(SyncOutcome.PUBLISHED);
    expect(fake.published[0]!.delta.added).toEqual(['1', '2', '3']);
    expect(fake.published[0]!.chunks).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 3 },
    ]);
    const again = await sync.trigger(ListSource.UN);
    expect(again.outcome).toBe(SyncOutcome.UNCHANGED);
    expect(fake.parseCalls()).toBe(1);
    // New bytes, same entities: parsed, then recognised by content hash; nothing is published.
    sha = 'b';
    expect((await sync.trigger(ListSource.UN)).outcome).toBe(SyncOutcome.UNCHANGED);
    expect(fake.parseCalls()).toBe(2);
    expect(fake.published).toHaveLength(1);
    // Each unchanged check says the version in force is current (screening measures list age from it).
    expect(fake.confirmations).toEqual([
      {
        source: ListSource.UN,
        contentHash: first.manifest!.contentHash,
        versionId: first.manifest!.versionId,
        confirmedAt: { seconds: 1_767_225_600n, nanos: 0 },
      },
      {
        source: ListSource.UN,
        contentHash: first.manifest!.contentHash,
        versionId: first.manifest!.versionId,
        confirmedAt: { seconds: 1_767_225_600n, nanos: 0 },
      },
    ]);
  });

  it('coalesces triggers that arrive while one is queued: a flood of TriggerSync costs one more attempt', async () => {
    const fake = ports([list(['1']), list(['1', '2']), list(['1', '2', '3'])], { sha: () => String(Math.random()) });
    const sync = engine(fake.impl);
    const first = sync.trigger(ListSource.UN);
    // Triggers before the first attempt started share it.
    expect(await sync.trigger(ListSource.UN)).toBe(await first);
    expect(fake.parseCalls()).toBe(1);
    const flood = Array.from({ length: 50 }, () => sync.trigger(ListSource.UN));
    const results = await Promise.all(flood);
    expect(new Set(results).size).toBe(1);
    expect(results[0]!.outcome).toBe(SyncOutcome.PUBLISHED);
    expect(fake.parseCalls()).toBe(2);
    // Once that attempt has started, a new trigger gets a fresh attempt.
    await sync.trigger(ListSource.UN);
    expect(fake.parseCalls()).toBe(3);
  });

  it('keeps the version in force when publishing fails, and says the attempt failed', async () => {
    const fake = ports([list(['1'])], { failPublish: true });
    const sync = engine(fake.impl);
    await expect(sync.trigger(ListSource.UN)).rejects.toBeInstanceOf(SyncFailedError);
    expect(sync.lastGood(ListSource.UN)).toBeUndefined();
    expect(sync.status()[0]!.lastOutcome).toBe(SyncOutcome.UNSPECIFIED);
  });

  it('quarantines a list of another source than configured', async () => {
    const fake = ports([list(['1'], 'eu')]);
    const result = await engine(fake.impl).trigger(ListSource.UN);
    expect(result.quarantine).toMatchObject({ reason: QuarantineReason.PARSE_FAILED });
    expect(result.quarantine!.detail).toContain('read a eu list');
    expect(fake.alerts).toHaveLength(1);
  });

  it('refuses triggers after stop', async () => {
    const sync = engine(ports([]).impl);
    await sync.stop();
    await expect(sync.trigger(ListSource.UN)).rejects.toThrow(/stopping/);
  });
});
