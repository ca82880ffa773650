import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntityType, ListSnapshotChunk, ListSource, SanctionedEntity, timestampToMillis } from '@cordon/contracts';
import { diffLists, loadList, toModelEntity } from '@cordon/lists';
import {
  buildManifest,
  computeDelta,
  encodeChunk,
  encodeEntities,
  entityHashes,
  planChunks,
  type VersionFacts,
} from './version.js';

const datasets = (path: string) => fileURLToPath(new URL(`../../../../../shared/datasets/${path}`, import.meta.url));

describe('computeDelta', () => {
  it('agrees with diffLists on the real OFAC SDN sets of 2019-01-15 and 2021-07-07', async () => {
    const [from, to] = await Promise.all([
      loadList('ofac-csv', datasets('ofac-sdn/2019-01-15')),
      loadList('ofac-csv', datasets('ofac-sdn/2021-07-07')),
    ]);
    const expected = diffLists(from.entities, to.entities);
    const delta = computeDelta(entityHashes(encodeEntities(from.entities)), encodeEntities(to.entities));
    expect(delta.added).toEqual(expected.added.map((e) => e.id));
    expect(delta.removed).toEqual(expected.removed.map((e) => e.id));
    expect(delta.changed).toEqual(expected.changed.map((c) => c.id));
    expect(delta.unchanged).toBe(expected.unchanged);
    expect(delta.added.length).toBeGreaterThan(0);
    expect(delta.removed.length).toBeGreaterThan(0);
    expect(delta.changed.length).toBeGreaterThan(0);
  }, 60_000);

  it('partitions every id into exactly one of added, removed, changed or unchanged', () => {
    const versions = fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.constantFrom('h1', 'h2', 'h3'));
    fc.assert(
      fc.property(versions, versions, (before, after) => {
        const previous = new Map(Object.entries(before));
        const current = Object.entries(after).map(([id, entityHash]) => ({ id, entityHash }));
        const delta = computeDelta(previous, current);
        const ids = (list: string[]) => new Set(list);
        expect(ids(delta.removed)).toEqual(new Set([...previous.keys()].filter((id) => !(id in after))));
        expect(ids(delta.added)).toEqual(new Set(current.filter((e) => !previous.has(e.id)).map((e) => e.id)));
        expect(ids(delta.changed)).toEqual(
          new Set(current.filter((e) => previous.has(e.id) && previous.get(e.id) !== e.entityHash).map((e) => e.id)),
        );
        expect(delta.added.length + delta.changed.length + delta.unchanged).toBe(current.length);
      }),
    );
  });

  it('treats every entity of a first version as added', () => {
    const delta = computeDelta(undefined, [
      { id: 'b', entityHash: 'x' },
      { id: 'a', entityHash: 'y' },
    ]);
    expect(delta).toEqual({ added: ['a', 'b'], removed: [], changed: [], unchanged: 0 });
  });
});

describe('planChunks and encodeChunk', () => {
  it('cover every entity in order, within the entity and byte bounds once encoded', () => {
    const sizes = fc.array(fc.integer({ min: 0, max: 3_000 }), { maxLength: 120 });
    const limits = fc.record({
      maxEntities: fc.integer({ min: 1, max: 20 }),
      maxBytes: fc.integer({ min: 3_200, max: 20_000 }),
    });
    fc.assert(
      fc.property(sizes, limits, (entitySizes, bounds) => {
        const ranges = planChunks(entitySizes, bounds);
        expect(ranges[0]!.start).toBe(0);
        expect(ranges[ranges.length - 1]!.end).toBe(entitySizes.length);
        ranges.forEach((range, index) => {
          if (index > 0) expect(range.start).toBe(ranges[index - 1]!.end);
          if (entitySizes.length > 0) expect(range.end).toBeGreaterThan(range.start);
          expect(range.end - range.start).toBeLessThanOrEqual(bounds.maxEntities);
          const bodies = entitySizes.slice(range.start, range.end).map((size) => new Uint8Array(size));
          const header = { source: ListSource.UN, contentHash: 'f'.repeat(64), chunkIndex: 99_999, chunkCount: 99_999 };
          expect(encodeChunk(header, bodies).length).toBeLessThanOrEqual(bounds.maxBytes);
        });
      }),
    );
  });

  it('refuses an entity that alone exceeds the byte bound', () => {
    expect(() => planChunks([10, 5_000], { maxEntities: 10, maxBytes: 4_000 })).toThrow(RangeError);
  });

  it('encode chunks that decode to the entities spliced in', async () => {
    const list = await loadList('ofac-csv', datasets('ofac-sdn/2019-01-15'));
    const encoded = encodeEntities(list.entities.slice(0, 40));
    const bytes = encodeChunk(
      { source: ListSource.OFAC_SDN, contentHash: list.contentHash, chunkIndex: 2, chunkCount: 3 },
      encoded.map((e) => e.bytes),
    );
    const chunk = ListSnapshotChunk.decode(bytes);
    expect(chunk).toMatchObject({
      source: ListSource.OFAC_SDN,
      contentHash: list.contentHash,
      chunkIndex: 2,
      chunkCount: 3,
    });
    expect(chunk.entities.map(toModelEntity)).toStrictEqual(list.entities.slice(0, 40));
    expect(chunk.entities.map((e: SanctionedEntity) => e.entityHash)).toEqual(encoded.map((e) => e.entityHash));
  }, 30_000);
});

describe('buildManifest', () => {
  it('counts entities by type in type order, addresses, and the delta', () => {
    const facts: VersionFacts = {
      source: ListSource.OFAC_SDN,
      versionId: '01/15/2019',
      contentHash: 'c'.repeat(64),
      previousContentHash: 'p'.repeat(64),
      fetchedAtMillis: 1_700_000_000_123,
      sourceUri: 'file:ofac-sdn/2019-01-15',
      files: [{ name: 'sdn.csv', sizeBytes: 10n, sha256: 'a'.repeat(64) }],
      parserVersion: '0.1.0',
    };
    const entities = [
      { type: EntityType.VESSEL, addressCount: 0 },
      { type: EntityType.INDIVIDUAL, addressCount: 2 },
      { type: EntityType.INDIVIDUAL, addressCount: 1 },
    ];
    const manifest = buildManifest(facts, entities, { added: ['1'], removed: ['2', '3'], changed: [], unchanged: 2 });
    expect(manifest.countsByType).toEqual([
      { type: EntityType.INDIVIDUAL, count: 2 },
      { type: EntityType.VESSEL, count: 1 },
    ]);
    expect(manifest).toMatchObject({
      entityCount: 3,
      addressCount: 3,
      addedCount: 1,
      removedCount: 2,
      changedCount: 0,
    });
    expect(timestampToMillis(manifest.fetchedAt!)).toBe(facts.fetchedAtMillis);
    expect(manifest.snapshot).toBeUndefined();
  });
});
