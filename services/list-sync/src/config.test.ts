import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ListSource } from '@cordon/contracts';
import { BUNDLED_LISTS, loadListSyncConfig } from './config.js';

// Callers are authenticated against a JWKS (cordon up: the local key in .cordon/auth).
const BROKERS = { KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092', AUTH_JWKS_FILE: '/keys/jwks.json' };

describe('loadListSyncConfig', () => {
  it('needs only the brokers, and then syncs every bundled list folder that is there', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'list-sync-config-'));
    try {
      for (const folder of ['ofac-sdn', 'un']) mkdirSync(join(dataDir, folder));
      const config = loadListSyncConfig({ ...BROKERS, LIST_SYNC_DATA_DIR: dataDir });
      expect(config.kafka).toMatchObject({ brokers: ['kafka-0:9092', 'kafka-1:9092'], clientId: 'list-sync' });
      expect([config.grpc.port, config.ops.port, config.topicPrefix]).toEqual([50_052, 9_102, 'cordon.']);
      expect(config.sources).toEqual([
        expect.objectContaining({
          source: ListSource.OFAC_SDN,
          format: 'ofac-csv',
          location: { kind: 'path', path: join(dataDir, 'ofac-sdn'), newest: true },
          // The bundled set has no comments file: its cut remarks are accepted knowingly (see its SOURCES.md).
          policy: {
            maxShrinkFraction: 0.05,
            maxRemovedCount: 50,
            maxParseErrorFraction: 0.01,
            allowTruncatedRemarks: true,
          },
        }),
        expect.objectContaining({
          source: ListSource.UN,
          format: 'un-xml',
          location: { kind: 'path', path: join(dataDir, 'un'), newest: true },
        }),
      ]);
      expect(Object.isFrozen(config)).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('by default screens every official list the repository bundles, each with its provenance', () => {
    const config = loadListSyncConfig(BROKERS);
    expect(config.sources.map((s) => [s.slug, s.format])).toEqual(
      BUNDLED_LISTS.map(({ source, format }) => [source, format]),
    );
    for (const source of config.sources) {
      const path = (source.location as { path: string }).path;
      const versions = readdirSync(path).filter((name) => /^\d{4}-\d{2}-\d{2}$/.test(name));
      expect(versions.length, path).toBeGreaterThan(0);
      for (const version of versions) expect(existsSync(join(path, version, 'SOURCES.md')), version).toBe(true);
    }
  });

  it('runs without sources when the bundled folder is absent', () => {
    const config = loadListSyncConfig({ ...BROKERS, LIST_SYNC_DATA_DIR: join(tmpdir(), 'no-such-folder-here') });
    expect(config.sources).toEqual([]);
  });

  it('reads JSON sources with their schedule and thresholds', () => {
    const config = loadListSyncConfig({
      ...BROKERS,
      LIST_SYNC_SOURCES: JSON.stringify([
        { source: 'un', format: 'un-xml', url: 'https://lists.example/un.xml', maxShrinkFraction: 0.25 },
        { source: 'eu', format: 'eu-csv', path: '/lists/eu.csv', intervalSeconds: 0 },
      ]),
    });
    expect(config.sources.map((s) => [s.source, s.location, s.intervalMillis, s.policy.maxShrinkFraction])).toEqual([
      [ListSource.UN, { kind: 'http', urls: ['https://lists.example/un.xml'] }, 3_600_000, 0.25],
      [ListSource.EU, { kind: 'path', path: '/lists/eu.csv', newest: false }, 0, 0.05],
    ]);
  });

  it.each([
    ['an unknown source', [{ source: 'ofac', format: 'ofac-csv', path: '/x' }], /unknown list source/],
    ['an unknown format', [{ source: 'un', format: 'un-json', path: '/x' }], /format/],
    ['no location', [{ source: 'un', format: 'un-xml' }], /exactly one of url, urls or path/],
    ['two locations', [{ source: 'un', format: 'un-xml', path: '/x', url: 'https://a/b' }], /exactly one/],
    ['a non-HTTP URL', [{ source: 'un', format: 'un-xml', url: 'ftp://a/b' }], /must be an https URL/],
    ['a plain http URL', [{ source: 'un', format: 'un-xml', url: 'http://lists.example/un.xml' }], /https/],
    [
      'a negative removal threshold',
      [{ source: 'un', format: 'un-xml', path: '/x', maxRemovedCount: -1 }],
      /maxRemovedCount/,
    ],
    [
      'a repeated source',
      [
        { source: 'un', format: 'un-xml', path: '/x' },
        { source: 'un', format: 'un-xml', path: '/y' },
      ],
      /once/,
    ],
    ['a shrink above 1', [{ source: 'un', format: 'un-xml', path: '/x', maxShrinkFraction: 2 }], /maxShrinkFraction/],
    ['an unexpected key', [{ source: 'un', format: 'un-xml', path: '/x', shrink: 0.2 }], /shrink/],
  ])('refuses %s, naming the problem', (_, sources, message) => {
    expect(() => loadListSyncConfig({ ...BROKERS, LIST_SYNC_SOURCES: JSON.stringify(sources) })).toThrow(message);
  });

  it('takes the absolute removal threshold and the truncated-remarks flag per source, and http to loopback only', () => {
    const config = loadListSyncConfig({
      ...BROKERS,
      LIST_SYNC_SOURCES: JSON.stringify([
        { source: 'ofac-sdn', format: 'ofac-csv', path: '/l', maxRemovedCount: 200, allowTruncatedRemarks: true },
        { source: 'un', format: 'un-xml', url: 'http://127.0.0.1:8080/un.xml' },
      ]),
    });
    expect(config.sources.map((s) => s.policy)).toEqual([
      { maxShrinkFraction: 0.05, maxRemovedCount: 200, maxParseErrorFraction: 0.01, allowTruncatedRemarks: true },
      { maxShrinkFraction: 0.05, maxRemovedCount: 50, maxParseErrorFraction: 0.01, allowTruncatedRemarks: false },
    ]);
  });

  it('refuses snapshot chunks larger than the Kafka client can write', () => {
    expect(loadListSyncConfig({ ...BROKERS, LIST_SYNC_CHUNK_MAX_BYTES: '990000' }).chunks.maxBytes).toBe(990_000);
    expect(() => loadListSyncConfig({ ...BROKERS, LIST_SYNC_CHUNK_MAX_BYTES: '2000000' })).toThrow(
      /LIST_SYNC_CHUNK_MAX_BYTES/,
    );
  });

  it('refuses sources that are not JSON and a missing broker list', () => {
    expect(() => loadListSyncConfig({ ...BROKERS, LIST_SYNC_SOURCES: '[{' })).toThrow(/not JSON/);
    expect(() => loadListSyncConfig({})).toThrow(/KAFKA_BROKERS/);
  });

  // Review F5/T4: with nothing configured, TriggerSync was open to anyone; now list-sync refuses to start.
  it('refuses to start without a way to authenticate operators, unless told it is development', () => {
    expect(() => loadListSyncConfig({ KAFKA_BROKERS: 'k:9092' })).toThrow(
      /AUTH_JWKS_URL[\s\S]*CORDON_INSECURE_DEV_NO_AUTH/,
    );
    expect(loadListSyncConfig({ KAFKA_BROKERS: 'k:9092', CORDON_INSECURE_DEV_NO_AUTH: '1' }).auth).toEqual({
      insecureNoAuth: true,
    });
    expect(loadListSyncConfig(BROKERS).auth.jwt).toMatchObject({ jwks: { file: '/keys/jwks.json' } });
  });
});
