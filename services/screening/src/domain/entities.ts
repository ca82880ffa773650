/**
 * The sanctions entity as it travels on Kafka (the `cordon.sanctions.v1.SanctionedEntity` proto) mapped to and
 * from the lists package's model, which the screening core indexes. Pure.
 *
 * The two models mirror each other field for field; only enums differ (proto numbers vs lists strings) and
 * absent optionals (proto `undefined` vs a missing property). Absent stays absent in both directions so that
 * the lists package's entity hash of a mapped entity equals the hash list-sync computed.
 */
import {
  EntityFlag as ProtoFlag,
  EntityType as ProtoEntityType,
  ListSource,
  listSourceFromSlug,
  listSourceSlug,
  NameKind,
  NameStrength,
  type SanctionedEntity as ProtoEntity,
} from '@cordon/contracts';
import type { EntityFlag, EntityName, EntityType, SanctionedEntity, SourceKind } from '@cordon/lists';

const ENTITY_TYPES: ReadonlyArray<readonly [ProtoEntityType, EntityType]> = [
  [ProtoEntityType.INDIVIDUAL, 'individual'],
  [ProtoEntityType.ENTITY, 'entity'],
  [ProtoEntityType.VESSEL, 'vessel'],
  [ProtoEntityType.AIRCRAFT, 'aircraft'],
  [ProtoEntityType.UNKNOWN, 'unknown'],
];

const NAME_KINDS: ReadonlyArray<readonly [NameKind, EntityName['kind']]> = [
  [NameKind.PRIMARY, 'primary'],
  [NameKind.AKA, 'aka'],
  [NameKind.FKA, 'fka'],
  [NameKind.NKA, 'nka'],
  [NameKind.WEAK, 'weak'],
];

const FLAGS: ReadonlyArray<readonly [ProtoFlag, EntityFlag]> = [
  [ProtoFlag.REMARKS_TRUNCATED, 'remarks-truncated'],
  [ProtoFlag.ADDRESS_FRAGMENT_DROPPED, 'address-fragment-dropped'],
  [ProtoFlag.INVALID_ADDRESS, 'invalid-address'],
  [ProtoFlag.UNPARSED_FIELDS, 'unparsed-fields'],
];

function lookup<A, B>(pairs: ReadonlyArray<readonly [A, B]>, value: A, fallback: B): B {
  return pairs.find(([from]) => from === value)?.[1] ?? fallback;
}

function reverse<A, B>(pairs: ReadonlyArray<readonly [A, B]>, value: B, fallback: A): A {
  return pairs.find(([, to]) => to === value)?.[0] ?? fallback;
}

/** Copies `value` into `target[key]` only when it is defined, so absent optionals stay absent. */
function setDefined<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** The lists source kind of a proto list source; throws for UNSPECIFIED / unknown values. */
export function sourceKindOf(source: ListSource): SourceKind {
  return listSourceSlug(source);
}

/** The proto list source of a lists source kind. */
export function listSourceOf(kind: SourceKind): ListSource {
  const source = listSourceFromSlug(kind);
  if (source === undefined) throw new RangeError(`unknown list source kind ${kind}`);
  return source;
}

/** Maps a proto entity (from a snapshot chunk) to the lists model. */
export function entityFromProto(proto: ProtoEntity): SanctionedEntity {
  const entity: SanctionedEntity = {
    source: sourceKindOf(proto.source),
    id: proto.id,
    type: lookup(ENTITY_TYPES, proto.type, 'unknown'),
    names: proto.names.map((name) => {
      const mapped: EntityName = {
        full: name.full,
        kind: lookup(NAME_KINDS, name.kind, 'aka'),
        strength: name.strength === NameStrength.WEAK ? 'weak' : 'strong',
        script: name.script,
      };
      setDefined(mapped, 'given', name.given);
      setDefined(mapped, 'family', name.family);
      return mapped;
    }),
    birthDates: proto.birthDates.map((birth) => {
      const mapped: SanctionedEntity['birthDates'][number] = { raw: birth.raw };
      setDefined(mapped, 'date', birth.date);
      setDefined(mapped, 'fromYear', birth.fromYear);
      setDefined(mapped, 'toYear', birth.toYear);
      return mapped;
    }),
    placesOfBirth: [...proto.placesOfBirth],
    nationalities: [...proto.nationalities],
    citizenships: [...proto.citizenships],
    addresses: proto.addresses.map((address) => {
      const mapped: SanctionedEntity['addresses'][number] = { full: address.full };
      setDefined(mapped, 'country', address.country);
      return mapped;
    }),
    identifiers: proto.identifiers.map((identifier) => {
      const mapped: SanctionedEntity['identifiers'][number] = { type: identifier.type, value: identifier.value };
      setDefined(mapped, 'country', identifier.country);
      setDefined(mapped, 'note', identifier.note);
      return mapped;
    }),
    programs: [...proto.programs],
    digitalCurrencyAddresses: proto.digitalCurrencyAddresses.map((address) => {
      const mapped: SanctionedEntity['digitalCurrencyAddresses'][number] = {
        ticker: address.ticker,
        address: address.address,
        canonical: address.canonical,
        valid: address.valid,
        chains: [...address.chains],
      };
      setDefined(mapped, 'reason', address.reason);
      return mapped;
    }),
    flags: proto.flags.map((flag) => lookup(FLAGS, flag, 'unparsed-fields')),
  };
  setDefined(entity, 'remarks', proto.remarks);
  setDefined(entity, 'gender', proto.gender);
  if (proto.vessel !== undefined) {
    const vessel: NonNullable<SanctionedEntity['vessel']> = {};
    setDefined(vessel, 'callSign', proto.vessel.callSign);
    setDefined(vessel, 'vesselType', proto.vessel.vesselType);
    setDefined(vessel, 'flag', proto.vessel.flag);
    setDefined(vessel, 'owner', proto.vessel.owner);
    setDefined(vessel, 'tonnage', proto.vessel.tonnage);
    setDefined(vessel, 'grossRegisteredTonnage', proto.vessel.grossRegisteredTonnage);
    entity.vessel = vessel;
  }
  return entity;
}

/**
 * Maps a lists entity to the proto, with the entity hash list-sync computed for it. Screening only needs this
 * direction to publish list versions in tests; list-sync owns the production mapping.
 */
export function entityToProto(entity: SanctionedEntity, entityHash: string): ProtoEntity {
  return {
    source: listSourceOf(entity.source),
    id: entity.id,
    type: reverse(ENTITY_TYPES, entity.type, ProtoEntityType.UNKNOWN),
    names: entity.names.map((name) => ({
      full: name.full,
      given: name.given,
      family: name.family,
      kind: reverse(NAME_KINDS, name.kind, NameKind.UNSPECIFIED),
      strength: name.strength === 'weak' ? NameStrength.WEAK : NameStrength.STRONG,
      script: name.script,
    })),
    birthDates: entity.birthDates.map((birth) => ({
      raw: birth.raw,
      date: birth.date,
      fromYear: birth.fromYear,
      toYear: birth.toYear,
    })),
    placesOfBirth: [...entity.placesOfBirth],
    nationalities: [...entity.nationalities],
    citizenships: [...entity.citizenships],
    addresses: entity.addresses.map((address) => ({ full: address.full, country: address.country })),
    identifiers: entity.identifiers.map((identifier) => ({
      type: identifier.type,
      value: identifier.value,
      country: identifier.country,
      note: identifier.note,
    })),
    programs: [...entity.programs],
    remarks: entity.remarks,
    gender: entity.gender,
    digitalCurrencyAddresses: entity.digitalCurrencyAddresses.map((address) => ({
      ticker: address.ticker,
      address: address.address,
      canonical: address.canonical,
      valid: address.valid,
      chains: [...address.chains],
      reason: address.reason,
    })),
    flags: entity.flags.map((flag) => reverse(FLAGS, flag, ProtoFlag.UNSPECIFIED)),
    vessel: entity.vessel === undefined ? undefined : { ...entity.vessel },
    entityHash,
  };
}
