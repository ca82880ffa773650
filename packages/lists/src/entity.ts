/**
 * Assembling a SanctionedEntity: every parser fills an EntityDraft field by field, then `finishEntity` removes
 * duplicates and derives flags, so that every format yields the same normal form. Pure.
 */
import type {
  BirthDate,
  DigitalCurrencyAddress,
  EntityFlag,
  EntityName,
  EntityType,
  Identifier,
  PostalAddress,
  SanctionedEntity,
  SourceKind,
} from './model.js';

/** A SanctionedEntity under construction; identical in shape, but not yet de-duplicated or flagged. */
export type EntityDraft = SanctionedEntity;

/** An empty draft for one publisher record. */
export function newEntity(source: SourceKind, id: string, type: EntityType): EntityDraft {
  return {
    source,
    id,
    type,
    names: [],
    birthDates: [],
    placesOfBirth: [],
    nationalities: [],
    citizenships: [],
    addresses: [],
    identifiers: [],
    programs: [],
    digitalCurrencyAddresses: [],
    flags: [],
  };
}

// The order flags are listed in, so that the same problems always serialise the same way.
const FLAG_ORDER: readonly EntityFlag[] = [
  'remarks-truncated',
  'address-fragment-dropped',
  'invalid-address',
  'unparsed-fields',
];

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// The same written name listed twice (e.g. an a.k.a. repeating the primary name) is kept once, as its first kind.
const nameKey = (n: EntityName): string => `${n.full}\u0000${n.given ?? ''}\u0000${n.family ?? ''}`;
const birthKey = (b: BirthDate): string => b.raw;
const idKey = (i: Identifier): string => `${i.type}\u0000${i.value}\u0000${i.country ?? ''}\u0000${i.note ?? ''}`;
const postalKey = (a: PostalAddress): string => `${a.full}\u0000${a.country ?? ''}`;
const dcaKey = (d: DigitalCurrencyAddress): string => `${d.ticker}\u0000${d.address}`;
const text = (s: string): string => s;

const KIND_ORDER: readonly EntityName['kind'][] = ['primary', 'aka', 'nka', 'fka', 'weak'];

// Primary names keep the publisher's order and lead; aliases follow sorted by kind and text, so that a publisher
// re-numbering or re-ordering its aliases is not reported as a change.
function orderNames(names: EntityName[]): EntityName[] {
  const rank = (n: EntityName): number => KIND_ORDER.indexOf(n.kind);
  const primaries = names.filter((n) => n.kind === 'primary');
  const aliases = names
    .filter((n) => n.kind !== 'primary')
    .sort((a, b) => rank(a) - rank(b) || (a.full < b.full ? -1 : a.full > b.full ? 1 : 0));
  return [...primaries, ...aliases];
}

/**
 * The finished entity: empty strings dropped, duplicates removed (first occurrence wins, so publisher order is
 * kept, except for aliases: see orderNames), and the `invalid-address` flag derived from the address verdicts.
 */
export function finishEntity(draft: EntityDraft): SanctionedEntity {
  const digitalCurrencyAddresses = uniqueBy(draft.digitalCurrencyAddresses, dcaKey);
  const flags = new Set(draft.flags);
  if (digitalCurrencyAddresses.some((d) => !d.valid)) flags.add('invalid-address');
  const entity: SanctionedEntity = {
    source: draft.source,
    id: draft.id,
    type: draft.type,
    names: orderNames(uniqueBy(draft.names, nameKey)),
    birthDates: uniqueBy(draft.birthDates, birthKey),
    placesOfBirth: uniqueBy(draft.placesOfBirth.filter(Boolean), text),
    nationalities: uniqueBy(draft.nationalities.filter(Boolean), text),
    citizenships: uniqueBy(draft.citizenships.filter(Boolean), text),
    addresses: uniqueBy(
      draft.addresses.filter((a) => a.full !== ''),
      postalKey,
    ),
    // Sorted: a list's CSV (remarks order) and XML (id order) editions list them in different orders.
    identifiers: uniqueBy(
      draft.identifiers.filter((i) => i.value !== ''),
      idKey,
    ).sort((a, b) => (idKey(a) < idKey(b) ? -1 : idKey(a) > idKey(b) ? 1 : 0)),
    // Program order carries no meaning and differs between a list's CSV and XML editions.
    programs: uniqueBy(draft.programs.filter(Boolean), text).sort(),
    digitalCurrencyAddresses,
    flags: FLAG_ORDER.filter((f) => flags.has(f)),
  };
  if (draft.remarks !== undefined && draft.remarks !== '') entity.remarks = draft.remarks;
  if (draft.gender !== undefined) entity.gender = draft.gender;
  if (draft.title !== undefined && draft.title !== '') entity.title = draft.title;
  if (draft.vessel !== undefined && Object.keys(draft.vessel).length > 0) entity.vessel = draft.vessel;
  return entity;
}
