import { describe, expect, it } from 'vitest';
import { EntityType, ListSource, type ListSnapshotChunk, type ListVersionManifest } from '@cordon/contracts';
import { entityHash, toProtoEntity, type SanctionedEntity } from '@cordon/lists';
import { VersionAssembler } from './versions.js';

function entity(id: string): SanctionedEntity {
  return {
    source: 'ofac-sdn',
    id,
    type: 'individual',
    names: [{ full: `PERSON ${id}`, kind: 'primary', strength: 'strong', script: 'Latn' }],
    birthDates: [],
    placesOfBirth: [],
    nationalities: [],
    citizenships: [],
    addresses: [],
    identifiers: [],
    programs: ['CYBER2'],
    digitalCurrencyAddresses: [],
    flags: [],
  };
}

function chunks(contentHash: string, ids: string[][], source = ListSource.OFAC_SDN): ListSnapshotChunk[] {
  return ids.map((group, chunkIndex) => ({
    source,
    contentHash,
    chunkIndex,
    chunkCount: ids.length,
    entities: group.map((id) => toProtoEntity(entity(id))),
  }));
}

function manifest(contentHash: string, chunkCount: number, source = ListSource.OFAC_SDN): ListVersionManifest {
  return {
    source,
    versionId: `v-${contentHash}`,
    contentHash,
    previousContentHash: '',
    fetchedAt: undefined,
    sourceUri: '',
    files: [],
    parserVersion: '1',
    entityCount: 0,
    countsByType: [],
    addressCount: 0,
    addedCount: 0,
    removedCount: 0,
    changedCount: 0,
    snapshot: { topic: 't', partition: 0, firstOffset: 0n, chunkCount },
  };
}

describe('version assembly from the snapshots topic', () => {
  it('completes a version once its manifest follows all of its chunks, entities in chunk order', () => {
    const assembler = new VersionAssembler();
    for (const chunk of chunks('h1', [['1', '2'], ['3']])) assembler.addChunk(chunk);
    const outcome = assembler.addManifest(manifest('h1', 2));
    expect(outcome.kind).toBe('complete');
    if (outcome.kind !== 'complete') return;
    expect(outcome.version.contentHash).toBe('h1');
    expect(outcome.version.versionId).toBe('v-h1');
    expect(outcome.version.entities.map((e) => e.id)).toEqual(['1', '2', '3']);
    expect(outcome.version.entityHashes.get('2')).toBe(entityHash(entity('2')));
    expect(assembler.pendingSources).toBe(0);
  });

  it('ignores a manifest whose chunks were never seen', () => {
    const assembler = new VersionAssembler();
    expect(assembler.addManifest(manifest('h1', 1))).toEqual({ kind: 'ignored', reason: 'chunks-missing' });
  });

  it('ignores a manifest when one of its chunks is missing', () => {
    const assembler = new VersionAssembler();
    const [first, , third] = chunks('h1', [['1'], ['2'], ['3']]);
    assembler.addChunk(first!);
    assembler.addChunk(third!);
    expect(assembler.addManifest(manifest('h1', 3))).toEqual({ kind: 'ignored', reason: 'chunk-count-mismatch' });
  });

  it('refuses a version with an entity this build cannot map, rather than guessing its type', () => {
    const assembler = new VersionAssembler();
    const [chunk] = chunks('h1', [['1', '2']]);
    const [first, second] = chunk!.entities;
    assembler.addChunk({ ...chunk!, entities: [first!, { ...second!, type: 99 as EntityType }] });
    expect(assembler.addManifest(manifest('h1', 1))).toEqual({ kind: 'ignored', reason: 'unmappable-entity' });
    expect(assembler.pendingSources).toBe(0);
  });

  it('drops the chunks of a version whose manifest never came when the next version starts', () => {
    const assembler = new VersionAssembler();
    for (const chunk of chunks('orphan', [['1'], ['2']])) assembler.addChunk(chunk);
    for (const chunk of chunks('h2', [['7']])) assembler.addChunk(chunk);
    expect(assembler.addManifest(manifest('orphan', 2)).kind).toBe('ignored');
    for (const chunk of chunks('h2', [['7']])) assembler.addChunk(chunk);
    const outcome = assembler.addManifest(manifest('h2', 1));
    expect(outcome.kind === 'complete' && outcome.version.entities.map((e) => e.id)).toEqual(['7']);
  });

  it('keeps the versions of different sources apart', () => {
    const assembler = new VersionAssembler();
    for (const chunk of chunks('sdn', [['1']])) assembler.addChunk(chunk);
    for (const chunk of chunks('un', [['9']], ListSource.UN)) assembler.addChunk(chunk);
    expect(assembler.pendingSources).toBe(2);
    expect(assembler.addManifest(manifest('un', 1, ListSource.UN)).kind).toBe('complete');
    expect(assembler.addManifest(manifest('sdn', 1)).kind).toBe('complete');
  });
});
