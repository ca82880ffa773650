import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EntityFlag,
  EntityType,
  ListSource,
  NameKind,
  NameStrength,
  SanctionedEntity as ProtoEntity,
} from '@cordon/contracts';
import { contentHash, entityHash } from './hash.js';
import { loadList } from './load.js';
import type { SanctionedEntity, SourceKind } from './model.js';
import { encodeProtoEntity, protoListSource, toModelEntity, toProtoEntity } from './proto.js';
import { datasetPath } from './test-paths.js';

/** Through the proto and its wire encoding and back, as an entity travels list-sync -> Kafka -> screening. */
function throughKafka(entity: SanctionedEntity): SanctionedEntity {
  return toModelEntity(ProtoEntity.decode(encodeProtoEntity(toProtoEntity(entity))));
}

const text = fc.string({ maxLength: 12 });
const optionalText = fc.option(text, { nil: undefined });

/** Drops undefined members, the way an entity parsed from a file has absent optionals. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const entityArbitrary: fc.Arbitrary<SanctionedEntity> = fc
  .record({
    source: fc.constantFrom('ofac-sdn', 'ofac-consolidated', 'un', 'uk', 'uk-ofsi', 'eu' as const),
    id: fc.string({ minLength: 1, maxLength: 8 }),
    type: fc.constantFrom('individual', 'entity', 'vessel', 'aircraft', 'unknown' as const),
    names: fc.array(
      fc
        .record({
          full: text,
          given: optionalText,
          family: optionalText,
          kind: fc.constantFrom('primary', 'aka', 'fka', 'nka', 'weak' as const),
          strength: fc.constantFrom('strong', 'weak' as const),
          script: fc.constantFrom('Latn', 'Cyrl', 'Arab'),
        })
        .map(compact),
      { maxLength: 3 },
    ),
    birthDates: fc.array(
      fc
        .record({
          raw: text,
          date: optionalText,
          fromYear: fc.option(fc.integer({ min: 1900, max: 2030 }), { nil: undefined }),
          toYear: fc.option(fc.integer({ min: 1900, max: 2030 }), { nil: undefined }),
        })
        .map(compact),
      { maxLength: 2 },
    ),
    placesOfBirth: fc.array(text, { maxLength: 2 }),
    nationalities: fc.array(text, { maxLength: 2 }),
    citizenships: fc.array(text, { maxLength: 2 }),
    addresses: fc.array(fc.record({ full: text, country: optionalText }).map(compact), { maxLength: 2 }),
    identifiers: fc.array(
      fc.record({ type: text, value: text, country: optionalText, note: optionalText }).map(compact),
      { maxLength: 2 },
    ),
    programs: fc.array(text, { maxLength: 3 }),
    remarks: optionalText,
    digitalCurrencyAddresses: fc.array(
      fc
        .record({
          ticker: text,
          address: text,
          canonical: text,
          valid: fc.boolean(),
          chains: fc.array(text, { maxLength: 2 }),
          reason: optionalText,
        })
        .map(compact),
      { maxLength: 2 },
    ),
    flags: fc.array(
      fc.constantFrom('remarks-truncated', 'address-fragment-dropped', 'invalid-address', 'unparsed-fields' as const),
      { maxLength: 4 },
    ),
    gender: optionalText,
    title: optionalText,
    vessel: fc.option(
      fc
        .record({
          callSign: optionalText,
          vesselType: optionalText,
          flag: optionalText,
          owner: optionalText,
          tonnage: optionalText,
          grossRegisteredTonnage: optionalText,
        })
        .map(compact),
      { nil: undefined },
    ),
  })
  .map(compact);

const sample = (seed: number): SanctionedEntity => fc.sample(entityArbitrary, { numRuns: 1, seed })[0]!;

describe('mapping between the entity model and the SanctionedEntity proto', () => {
  it('round-trips any entity exactly through the wire bytes, absent optionals staying absent', () => {
    fc.assert(
      fc.property(entityArbitrary, (entity) => {
        const decoded = ProtoEntity.decode(encodeProtoEntity(toProtoEntity(entity)));
        const back = toModelEntity(decoded);
        expect(back).toStrictEqual(entity);
        expect(decoded.entityHash).toBe(entityHash(entity));
        expect(entityHash(back)).toBe(entityHash(entity));
      }),
      { numRuns: 300 },
    );
  });

  it('carries each enum to its own proto value', () => {
    const entity: SanctionedEntity = {
      ...sample(11),
      source: 'uk-ofsi',
      type: 'aircraft',
      names: [{ full: 'A', kind: 'nka', strength: 'weak', script: 'Latn' }],
      flags: ['invalid-address', 'remarks-truncated'],
    };
    const proto = toProtoEntity(entity);
    expect(proto.source).toBe(ListSource.UK_OFSI);
    expect(proto.type).toBe(EntityType.AIRCRAFT);
    expect(proto.names.map((n) => [n.kind, n.strength])).toEqual([[NameKind.NKA, NameStrength.WEAK]]);
    expect(proto.flags).toEqual([EntityFlag.INVALID_ADDRESS, EntityFlag.REMARKS_TRUNCATED]);
  });

  it('keeps vessel details, and an entity without them has no vessel', () => {
    const { vessel: _vessel, ...plain } = sample(13);
    const vessel = { callSign: 'UVXC', flag: 'Panama', grossRegisteredTonnage: '1,200 GRT' };
    expect(throughKafka({ ...plain, type: 'vessel', vessel }).vessel).toStrictEqual(vessel);
    expect(throughKafka({ ...plain, type: 'vessel', vessel: {} }).vessel).toStrictEqual({});
    expect(throughKafka(plain)).not.toHaveProperty('vessel');
  });

  it('keeps an empty remark distinct from an absent one', () => {
    const { remarks: _remarks, ...withoutRemarks } = sample(7);
    expect(throughKafka({ ...withoutRemarks, remarks: '' }).remarks).toBe('');
    expect(throughKafka(withoutRemarks)).not.toHaveProperty('remarks');
  });

  it.each([
    ['entity type', { type: 42 as EntityType }],
    [
      'name kind',
      { names: [{ full: 'A', kind: NameKind.UNSPECIFIED, strength: NameStrength.STRONG, script: 'Latn' }] },
    ],
    ['name strength', { names: [{ full: 'A', kind: NameKind.AKA, strength: 9 as NameStrength, script: 'Latn' }] }],
    ['entity flag', { flags: [EntityFlag.UNSPECIFIED] }],
    ['list source', { source: ListSource.UNSPECIFIED }],
  ])('refuses a proto %s the model does not know, instead of guessing', (_what, change) => {
    const proto = toProtoEntity(sample(3));
    expect(() => toModelEntity({ ...proto, ...change })).toThrow(RangeError);
  });

  it('refuses a model field it does not carry, so no version is published that cannot be rebuilt', () => {
    const entity = sample(5);
    expect(() => toProtoEntity({ ...entity, aircraft: { tailNumber: 'X' } } as SanctionedEntity)).toThrow(/aircraft/);
    expect(() => toProtoEntity({ ...entity, vessel: { imo: '1' } } as SanctionedEntity)).toThrow(/imo/);
  });

  it('names the proto list source of every source kind, and refuses an unknown one', () => {
    const kinds: SourceKind[] = ['ofac-sdn', 'ofac-consolidated', 'un', 'uk', 'uk-ofsi', 'eu'];
    expect(kinds.map(protoListSource)).toEqual([
      ListSource.OFAC_SDN,
      ListSource.OFAC_CONSOLIDATED,
      ListSource.UN,
      ListSource.UK,
      ListSource.UK_OFSI,
      ListSource.EU,
    ]);
    expect(() => protoListSource('ofac' as SourceKind)).toThrow(RangeError);
  });

  // Entity counts of the OFAC SDN sets as pinned in datasets.test.ts (grep -c '^[0-9]' sdn.csv).
  it.each([
    ['ofac-csv', 'ofac-sdn/2019-01-15', 7379],
    ['ofac-csv', 'ofac-sdn/2023-12-28', 13821],
    ['ofac-xml', 'ofac-consolidated/2026-01-08/CONSOLIDATED.XML', 442],
    ['un-xml', 'un/2026-01-28/consolidated.xml', 999],
    ['uk-xml', 'uk/uk-sanctions-list/2026-09-10_excerpt/sample_uk_sanctions.xml', 5],
    ['uk-ofsi-csv', 'uk/ofsi-conlist/2018-04-13/sanctionsconlist.csv', undefined],
    ['eu-csv', 'eu/2018-07-04-excerpt/EUSanctionsShort.csv', undefined],
  ])(
    'round-trips the real %s set %s to the same entities and content hash',
    async (format, path, count) => {
      const list = await loadList(format, datasetPath(path));
      const rebuilt = list.entities.map(throughKafka);
      if (count !== undefined) expect(rebuilt).toHaveLength(count);
      expect(rebuilt.length).toBeGreaterThan(0);
      expect(contentHash(rebuilt)).toBe(list.contentHash);
      expect(rebuilt).toStrictEqual(list.entities);
    },
    60_000,
  );
});
