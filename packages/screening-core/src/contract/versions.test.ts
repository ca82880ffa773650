import { describe, expect, it } from 'vitest';
import { EntityType, ListSource, type ListSnapshotChunk, type ListVersionManifest } from '@cordon/contracts';
import { contentHash as hashOf, entityHash, toProtoEntity, type SanctionedEntity } from '@cordon/lists';
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

/** The real content hash of the entities with these ids (what list-sync computes and the assembler checks). */
const hashes = new Map<string, string>();
function chunks(label: string, ids: string[][], source = ListSource.OFAC_SDN): ListSnapshotChunk[] {
  const contentHash = hashOf(ids.flat().map(entity));
  hashes.set(label, contentHash);
  counts.set(label, ids.flat().length);
  return ids.map((group, chunkIndex) => ({
    source,
    contentHash,
    chunkIndex,
    chunkCount: ids.length,
    entities: group.map((id) => toProtoEntity(entity(id))),
  }));
}

const counts = new Map<string, number>();
function manifest(label: string, chunkCount: number, source = ListSource.OFAC_SDN): ListVersionManifest {
  return {
    source,
    versionId: `v-${label}`,
    contentHash: hashes.get(label) ?? label,
    previousContentHash: '',
    fetchedAt: undefined,
    sourceUri: '',
    files: [],
    parserVersion: '1',
    entityCount: counts.get(label) ?? 0,
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
    expect(outcome.version.contentHash).toBe(hashOf(['1', '2', '3'].map(entity)));
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

  it('refuses a version whose entity count differs from its manifest', () => {
    const assembler = new VersionAssembler();
    for (const chunk of chunks('h1', [['1', '2']])) assembler.addChunk(chunk);
    const announced = { ...manifest('h1', 1), entityCount: 3 };
    expect(assembler.addManifest(announced)).toEqual({ kind: 'ignored', reason: 'entity-count-mismatch' });
  });

  it('refuses a version whose entities are not the ones the manifest hashes (a changed entity, its hash kept)', () => {
    const assembler = new VersionAssembler();
    const [chunk] = chunks('h1', [['1', '2']]);
    const [first, second] = chunk!.entities;
    // Someone rewrote the program of entity 2 and recomputed its own hash: the content hash no longer matches.
    const altered = toProtoEntity({ ...entity('2'), programs: ['SDGT'] });
    assembler.addChunk({ ...chunk!, entities: [first!, altered] });
    expect(assembler.addManifest(manifest('h1', 1))).toEqual({ kind: 'ignored', reason: 'content-hash-mismatch' });
    // The same change with the old entity hash left in place is caught one step earlier.
    assembler.addChunk({ ...chunk!, entities: [first!, { ...altered, entityHash: second!.entityHash }] });
    expect(assembler.addManifest(manifest('h1', 1))).toEqual({ kind: 'ignored', reason: 'entity-hash-mismatch' });
  });

  it('stamps each version with the offset of its manifest (publication order)', () => {
    const assembler = new VersionAssembler();
    for (const chunk of chunks('h1', [['1']])) assembler.addChunk(chunk);
    const outcome = assembler.addManifest(manifest('h1', 1), 42n);
    expect(outcome.kind === 'complete' && outcome.version.sequence).toBe(42n);
  });
});
