import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SanctionedEntity as ProtoEntity } from '@cordon/contracts';
import { entityHash, loadList, type SanctionedEntity } from '@cordon/lists';
import { entityFromProto, entityToProto } from './entities.js';

const OFAC_2023 = fileURLToPath(new URL('../../../../../shared/datasets/ofac-sdn/2023-12-28', import.meta.url));

/** Through the proto and its wire encoding and back, as an entity travels list-sync -> Kafka -> screening. */
function throughKafka(entity: SanctionedEntity): SanctionedEntity {
  const bytes = ProtoEntity.encode(entityToProto(entity, entityHash(entity))).finish();
  return entityFromProto(ProtoEntity.decode(bytes));
}

const text = fc.string({ maxLength: 12 });
const optionalText = fc.option(text, { nil: undefined });

/** Drops undefined members, the way an entity parsed from a file has absent optionals. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const entityArbitrary: fc.Arbitrary<SanctionedEntity> = fc
  .record({
    source: fc.constantFrom('ofac-sdn', 'ofac-consolidated', 'un', 'uk', 'uk-ofsi', 'eu'),
    id: fc.string({ minLength: 1, maxLength: 8 }),
    type: fc.constantFrom('individual', 'entity', 'vessel', 'aircraft', 'unknown'),
    names: fc.array(
      fc
        .record({
          full: text,
          given: optionalText,
          family: optionalText,
          kind: fc.constantFrom('primary', 'aka', 'fka', 'nka', 'weak'),
          strength: fc.constantFrom('strong', 'weak'),
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
          fromYear: fc.option(fc.integer({ min: 1900, max: 2020 }), { nil: undefined }),
          toYear: fc.option(fc.integer({ min: 1900, max: 2020 }), { nil: undefined }),
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
    programs: fc.array(text, { maxLength: 2 }),
    remarks: optionalText,
    gender: optionalText,
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
    flags: fc.uniqueArray(
      fc.constantFrom('remarks-truncated', 'address-fragment-dropped', 'invalid-address', 'unparsed-fields'),
      { maxLength: 4 },
    ),
  })
  .map((entity) => compact(entity) as SanctionedEntity);

describe('entity mapping between the lists model and the proto', () => {
  it('round-trips any entity exactly, absent optionals staying absent', () => {
    fc.assert(
      fc.property(entityArbitrary, (entity) => {
        const back = throughKafka(entity);
        expect(back).toStrictEqual(entity);
        expect(entityHash(back)).toBe(entityHash(entity));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips every entity of the 2023-12-28 OFAC SDN set with its entity hash intact', async () => {
    const list = await loadList('ofac-csv', OFAC_2023);
    const changed = list.entities.filter((entity) => entityHash(throughKafka(entity)) !== entityHash(entity));
    expect(list.entities.length).toBeGreaterThan(13_000);
    expect(changed.map((entity) => entity.id)).toEqual([]);
  }, 60_000);
});
