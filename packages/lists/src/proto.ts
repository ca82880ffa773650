/**
 * Maps the entity model to the `cordon.sanctions.v1.SanctionedEntity` proto and back: list-sync publishes with it,
 * screening and the replay tools rebuild with it. Pure. The two directions are exact inverses (absent optionals stay
 * absent), so an entity rebuilt from Kafka has the same entity hash and content hash as the one parsed.
 */
import {
  EntityFlag,
  EntityType,
  type ListSource,
  NameKind,
  NameStrength,
  SanctionedEntity,
  listSourceFromSlug,
  listSourceSlug,
} from '@cordon/contracts';
import { entityHash } from './hash.js';
import type { SanctionedEntity as ModelEntity, SourceKind } from './model.js';

type Model = ModelEntity;
type ModelName = Model['names'][number];
type Vessel = NonNullable<Model['vessel']>;

// Every top-level field the mapper carries. A model field missing here would be dropped silently and the
// version could no longer be rebuilt to its hash from Kafka, so such an entity is refused instead.
const MAPPED_FIELDS: ReadonlySet<string> = new Set<keyof Required<Model>>([
  'source',
  'id',
  'type',
  'names',
  'birthDates',
  'placesOfBirth',
  'nationalities',
  'citizenships',
  'addresses',
  'identifiers',
  'programs',
  'remarks',
  'digitalCurrencyAddresses',
  'flags',
  'gender',
  'title',
  'vessel',
]);

const VESSEL_FIELDS = ['callSign', 'vesselType', 'flag', 'owner', 'tonnage', 'grossRegisteredTonnage'] as const;

const TYPES: Readonly<Record<Model['type'], EntityType>> = {
  individual: EntityType.INDIVIDUAL,
  entity: EntityType.ENTITY,
  vessel: EntityType.VESSEL,
  aircraft: EntityType.AIRCRAFT,
  unknown: EntityType.UNKNOWN,
};

const NAME_KINDS: Readonly<Record<ModelName['kind'], NameKind>> = {
  primary: NameKind.PRIMARY,
  aka: NameKind.AKA,
  fka: NameKind.FKA,
  nka: NameKind.NKA,
  weak: NameKind.WEAK,
};

const STRENGTHS: Readonly<Record<ModelName['strength'], NameStrength>> = {
  strong: NameStrength.STRONG,
  weak: NameStrength.WEAK,
};

const FLAGS: Readonly<Record<Model['flags'][number], EntityFlag>> = {
  'remarks-truncated': EntityFlag.REMARKS_TRUNCATED,
  'address-fragment-dropped': EntityFlag.ADDRESS_FRAGMENT_DROPPED,
  'invalid-address': EntityFlag.INVALID_ADDRESS,
  'unparsed-fields': EntityFlag.UNPARSED_FIELDS,
};

function invert<K extends string, V extends number>(table: Readonly<Record<K, V>>): ReadonlyMap<V, K> {
  return new Map(Object.entries(table).map(([key, value]) => [value as V, key as K]));
}

const MODEL_TYPES = invert(TYPES);
const MODEL_NAME_KINDS = invert(NAME_KINDS);
const MODEL_STRENGTHS = invert(STRENGTHS);
const MODEL_FLAGS = invert(FLAGS);

function fromProtoEnum<V extends number, K>(table: ReadonlyMap<V, K>, value: V, what: string): K {
  const mapped = table.get(value);
  // A value this code does not know comes from a newer writer; guessing would change the entity's hash.
  if (mapped === undefined) throw new RangeError(`${what} ${value} has no counterpart in the lists model`);
  return mapped;
}

// Optional proto fields stay absent (not `undefined`-valued) in the model, so structural equality holds.
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function assertMapped(entity: Model): void {
  for (const field of Object.keys(entity)) {
    if (!MAPPED_FIELDS.has(field)) throw new RangeError(`entity field "${field}" has no proto counterpart`);
  }
  for (const field of Object.keys(entity.vessel ?? {})) {
    if (!(VESSEL_FIELDS as readonly string[]).includes(field)) {
      throw new RangeError(`vessel field "${field}" has no proto counterpart`);
    }
  }
}

function vesselFromProto(vessel: SanctionedEntity['vessel']): { vessel?: Vessel } {
  if (vessel === undefined) return {};
  const details: Vessel = {};
  for (const field of VESSEL_FIELDS) {
    if (vessel[field] !== undefined) details[field] = vessel[field];
  }
  return { vessel: details };
}

/** The proto list source of a model source kind. */
export function protoListSource(kind: SourceKind): ListSource {
  const source = listSourceFromSlug(kind);
  if (source === undefined) throw new RangeError(`list source "${kind}" has no proto counterpart`);
  return source;
}

/**
 * The proto of a model entity, with `entity_hash` set to the lists package's hash of the model entity. Throws
 * RangeError when the entity has a field this mapper does not carry (the lists model grew ahead of the proto).
 */
export function toProtoEntity(entity: Model): SanctionedEntity {
  assertMapped(entity);
  return {
    source: protoListSource(entity.source),
    id: entity.id,
    type: TYPES[entity.type],
    names: entity.names.map((name) => ({
      full: name.full,
      given: name.given,
      family: name.family,
      kind: NAME_KINDS[name.kind],
      strength: STRENGTHS[name.strength],
      script: name.script,
    })),
    birthDates: entity.birthDates.map((date) => ({ ...date })),
    placesOfBirth: [...entity.placesOfBirth],
    nationalities: [...entity.nationalities],
    citizenships: [...entity.citizenships],
    addresses: entity.addresses.map((address) => ({ full: address.full, country: address.country })),
    identifiers: entity.identifiers.map((id) => ({
      type: id.type,
      value: id.value,
      country: id.country,
      note: id.note,
    })),
    programs: [...entity.programs],
    remarks: entity.remarks,
    gender: entity.gender,
    title: entity.title,
    digitalCurrencyAddresses: entity.digitalCurrencyAddresses.map((address) => ({
      ticker: address.ticker,
      address: address.address,
      canonical: address.canonical,
      valid: address.valid,
      chains: [...address.chains],
      reason: address.reason,
    })),
    flags: entity.flags.map((flag) => FLAGS[flag]),
    entityHash: entityHash(entity),
    vessel: entity.vessel === undefined ? undefined : { ...entity.vessel },
  };
}

/**
 * The model entity of a proto entity (`entity_hash` is dropped: it is derived, not part of the model). Throws
 * RangeError for an enum value or list source the model does not know (a newer writer): mapping it to a guess
 * would change the entity and its hash.
 */
export function toModelEntity(entity: SanctionedEntity): Model {
  return {
    source: listSourceSlug(entity.source),
    id: entity.id,
    type: fromProtoEnum(MODEL_TYPES, entity.type, 'entity type'),
    names: entity.names.map((name) => ({
      full: name.full,
      ...optional('given', name.given),
      ...optional('family', name.family),
      kind: fromProtoEnum(MODEL_NAME_KINDS, name.kind, 'name kind'),
      strength: fromProtoEnum(MODEL_STRENGTHS, name.strength, 'name strength'),
      script: name.script,
    })),
    birthDates: entity.birthDates.map((date) => ({
      raw: date.raw,
      ...optional('date', date.date),
      ...optional('fromYear', date.fromYear),
      ...optional('toYear', date.toYear),
    })),
    placesOfBirth: [...entity.placesOfBirth],
    nationalities: [...entity.nationalities],
    citizenships: [...entity.citizenships],
    addresses: entity.addresses.map((address) => ({ full: address.full, ...optional('country', address.country) })),
    identifiers: entity.identifiers.map((id) => ({
      type: id.type,
      value: id.value,
      ...optional('country', id.country),
      ...optional('note', id.note),
    })),
    programs: [...entity.programs],
    ...optional('remarks', entity.remarks),
    digitalCurrencyAddresses: entity.digitalCurrencyAddresses.map((address) => ({
      ticker: address.ticker,
      address: address.address,
      canonical: address.canonical,
      valid: address.valid,
      chains: [...address.chains],
      ...optional('reason', address.reason),
    })),
    flags: entity.flags.map((flag) => fromProtoEnum(MODEL_FLAGS, flag, 'entity flag')),
    ...optional('gender', entity.gender),
    ...optional('title', entity.title),
    ...vesselFromProto(entity.vessel),
  };
}

/** Encodes a proto entity to its wire bytes. */
export function encodeProtoEntity(entity: SanctionedEntity): Uint8Array {
  return SanctionedEntity.encode(entity).finish();
}
