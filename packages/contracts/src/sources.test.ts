import { describe, expect, it } from 'vitest';
import type * as Model from '../../lists/src/model.js';
import { EntityFlag, ListSource, SanctionedEntity } from './gen/cordon/sanctions/v1/entity.js';
import { listSourceFromSlug, listSourceSlug, type ListSourceSlug } from './sources.js';

// Written against the lists package's model: adding a source or entity field there breaks the type check here
// until the proto follows.
const MODEL_SOURCES: Record<Model.SourceKind, true> & Record<ListSourceSlug, true> = {
  'ofac-sdn': true,
  'ofac-consolidated': true,
  un: true,
  uk: true,
  'uk-ofsi': true,
  eu: true,
};

const MODEL_ENTITY: Required<Model.SanctionedEntity> = {
  source: 'ofac-sdn',
  id: '1',
  type: 'individual',
  names: [],
  birthDates: [],
  placesOfBirth: [],
  nationalities: [],
  citizenships: [],
  addresses: [],
  identifiers: [],
  programs: [],
  remarks: '',
  digitalCurrencyAddresses: [],
  flags: [],
  gender: '',
  title: '',
  vessel: {},
};

const MODEL_FLAGS: Record<Model.EntityFlag, true> = {
  'remarks-truncated': true,
  'address-fragment-dropped': true,
  'invalid-address': true,
  'unparsed-fields': true,
};

const KNOWN_SOURCES = Object.values(ListSource).filter(
  (v): v is ListSource => typeof v === 'number' && v !== ListSource.UNSPECIFIED && v !== ListSource.UNRECOGNIZED,
);

describe('list sources', () => {
  it('have one slug per source of the lists model', () => {
    expect(KNOWN_SOURCES.map(listSourceSlug).sort()).toEqual(Object.keys(MODEL_SOURCES).sort());
  });

  it('derive each slug from the proto enum name', () => {
    for (const source of KNOWN_SOURCES) {
      expect(listSourceSlug(source)).toBe(ListSource[source].toLowerCase().replaceAll('_', '-'));
    }
  });

  it('map slugs back to their source', () => {
    for (const source of KNOWN_SOURCES) expect(listSourceFromSlug(listSourceSlug(source))).toBe(source);
    expect(listSourceFromSlug('ofac')).toBeUndefined();
  });

  it.each([ListSource.UNSPECIFIED, ListSource.UNRECOGNIZED, 99 as ListSource])('give no slug to %d', (source) => {
    expect(() => listSourceSlug(source)).toThrow(RangeError);
  });
});

describe('SanctionedEntity mirrors the lists model', () => {
  it('has a field for every model field', () => {
    const protoFields = new Set(Object.keys(SanctionedEntity.create()));
    expect(Object.keys(MODEL_ENTITY).filter((field) => !protoFields.has(field))).toEqual([]);
  });

  it('has a flag for every model flag', () => {
    const protoFlags = Object.keys(EntityFlag)
      .filter((name) => name !== 'UNSPECIFIED' && name !== 'UNRECOGNIZED' && Number.isNaN(Number(name)))
      .map((name) => name.toLowerCase().replaceAll('_', '-'));
    expect(protoFlags.sort()).toEqual(Object.keys(MODEL_FLAGS).sort());
  });
});
