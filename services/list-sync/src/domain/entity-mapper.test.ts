import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntityType, SanctionedEntity } from '@cordon/contracts';
import { contentHash, entityHash, loadList, type SanctionedEntity as ModelEntity } from '@cordon/lists';
import { encodeEntity, toModelEntity, toProtoEntity } from './entity-mapper.js';

const text = fc.string({ maxLength: 12 });
const optionalText = fc.option(text, { nil: undefined });

// Optional model fields are absent rather than undefined-valued, as the parsers produce them.
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const modelEntity: fc.Arbitrary<ModelEntity> = fc
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
        .map(withoutUndefined),
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
        .map(withoutUndefined),
      { maxLength: 2 },
    ),
    placesOfBirth: fc.array(text, { maxLength: 2 }),
    nationalities: fc.array(text, { maxLength: 2 }),
    citizenships: fc.array(text, { maxLength: 2 }),
    addresses: fc.array(fc.record({ full: text, country: optionalText }).map(withoutUndefined), { maxLength: 2 }),
    identifiers: fc.array(
      fc.record({ type: text, value: text, country: optionalText, note: optionalText }).map(withoutUndefined),
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
        .map(withoutUndefined),
      { maxLength: 2 },
    ),
    flags: fc.array(
      fc.constantFrom('remarks-truncated', 'address-fragment-dropped', 'invalid-address', 'unparsed-fields' as const),
      { maxLength: 2 },
    ),
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
        .map(withoutUndefined),
      { nil: undefined },
    ),
  })
  .map(withoutUndefined);

describe('entity mapper', () => {
  it('round-trips any model entity through the proto and its wire bytes', () => {
    fc.assert(
      fc.property(modelEntity, (entity) => {
        const proto = toProtoEntity(entity);
        const decoded = SanctionedEntity.decode(encodeEntity(proto));
        expect(toModelEntity(decoded)).toStrictEqual(entity);
        expect(decoded.entityHash).toBe(entityHash(entity));
      }),
    );
  });

  it('keeps an empty remark distinct from an absent one', () => {
    const base = fc.sample(modelEntity, { numRuns: 1, seed: 7 })[0]!;
    const { remarks: _remarks, ...withoutRemarks } = base;
    const empty = { ...withoutRemarks, remarks: '' };
    const back = toModelEntity(SanctionedEntity.decode(encodeEntity(toProtoEntity(empty))));
    expect(back.remarks).toBe('');
    expect(toModelEntity(SanctionedEntity.decode(encodeEntity(toProtoEntity(withoutRemarks))))).not.toHaveProperty(
      'remarks',
    );
  });

  it('refuses proto enum values the model does not know, instead of guessing', () => {
    const proto = toProtoEntity(fc.sample(modelEntity, { numRuns: 1, seed: 3 })[0]!);
    expect(() => toModelEntity({ ...proto, type: 42 as EntityType })).toThrow(RangeError);
  });

  it('refuses a model field it does not carry, so no version is published that cannot be rebuilt', () => {
    const entity = fc.sample(modelEntity, { numRuns: 1, seed: 5 })[0]!;
    expect(() => toProtoEntity({ ...entity, aircraft: { tailNumber: 'X' } } as ModelEntity)).toThrow(/aircraft/);
  });

  it('round-trips the real 2019-01-15 OFAC SDN set to the same content hash', async () => {
    const path = fileURLToPath(new URL('../../../../../shared/datasets/ofac-sdn/2019-01-15/', import.meta.url));
    const list = await loadList('ofac-csv', path);
    const rebuilt = list.entities.map((e) => toModelEntity(SanctionedEntity.decode(encodeEntity(toProtoEntity(e)))));
    expect(rebuilt).toHaveLength(7379);
    expect(contentHash(rebuilt)).toBe(list.contentHash);
    expect(rebuilt).toStrictEqual(list.entities);
  }, 30_000);
});
