/**
 * UK Sanctions List XML (FCDO): <Designation> records under <Designations>. Names are split into Name1..Name6
 * (Name6 the family name); non-Latin names, documents, ship and entity details hang under detail elements.
 */
import { toCountryCode } from '../countries.js';
import { parseBirthDate } from '../dates.js';
import { finishEntity, newEntity } from '../entity.js';
import { child, childText, children, type XmlElement } from '../io/xml.js';
import type { EntityName, EntityType, Identifier, PostalAddress, SanctionedEntity } from '../model.js';
import { joinNameParts, makeName } from '../names.js';
import { collapseWhitespace } from '../text.js';

/** The record elements of a UK list (the generation date sits beside them). */
export const UK_RECORDS: ReadonlySet<string> = new Set(['Designation', 'DateGenerated']);

function entityType(published: string | undefined): EntityType {
  switch ((published ?? '').trim().toLowerCase()) {
    case 'individual':
      return 'individual';
    case 'entity':
      return 'entity';
    case 'ship':
      return 'vessel';
    default:
      return 'unknown';
  }
}

// "Primary Name", "Primary Name Variation", "Alias" with an optional "Good/Low quality a.k.a" strength.
function nameKind(type: string | undefined, strength: string | undefined): EntityName['kind'] {
  if (/^primary name$/iu.test((type ?? '').trim())) return 'primary';
  if (/^low/iu.test((strength ?? '').trim())) return 'weak';
  return 'aka';
}

function name(element: XmlElement): EntityName | undefined {
  const given = joinNameParts(['Name1', 'Name2', 'Name3', 'Name4', 'Name5'].map((f) => childText(element, f)));
  const family = childText(element, 'Name6');
  return makeName(
    joinNameParts([given, family]),
    nameKind(childText(element, 'NameType'), childText(element, 'AliasStrength')),
    { given, family },
  );
}

function postalAddress(element: XmlElement): PostalAddress | undefined {
  const fields = ['1', '2', '3', '4', '5', '6']
    .map((n) => `AddressLine${n}`)
    .concat(['AddressPostalCode', 'AddressCountry']);
  const full = collapseWhitespace(
    fields
      .map((f) => childText(element, f))
      .filter((p): p is string => p !== undefined)
      .join(', '),
  );
  if (full === '') return undefined;
  const address: PostalAddress = { full };
  const country = childText(element, 'AddressCountry');
  if (country !== undefined) address.country = toCountryCode(country);
  return address;
}

/** Text of every `<item>` under every `<list>` child of `element`. */
function listTexts(element: XmlElement | undefined, list: string, item: string): string[] {
  return children(element, list).flatMap((l) =>
    children(l, item)
      .map((i) => collapseWhitespace(i.text))
      .filter(Boolean),
  );
}

function documents(
  details: XmlElement | undefined,
  list: string,
  item: string,
  type: string,
  number: string,
  info: string,
): Identifier[] {
  return children(details, list).flatMap((l) =>
    children(l, item).flatMap((d): Identifier[] => {
      const value = childText(d, number);
      if (value === undefined) return [];
      const id: Identifier = { type, value: collapseWhitespace(value) };
      const note = childText(d, info);
      if (note !== undefined) id.note = collapseWhitespace(note);
      return [id];
    }),
  );
}

function individualDetails(record: XmlElement, draft: ReturnType<typeof newEntity>): void {
  const individual = child(child(record, 'IndividualDetails'), 'Individual');
  if (!individual) return;
  draft.birthDates.push(...listTexts(individual, 'DOBs', 'DOB').map(parseBirthDate));
  draft.nationalities.push(...listTexts(individual, 'Nationalities', 'Nationality').map(toCountryCode));
  const gender = listTexts(individual, 'Genders', 'Gender')[0];
  if (gender !== undefined) draft.gender = gender;
  draft.identifiers.push(
    ...documents(
      individual,
      'PassportDetails',
      'Passport',
      'Passport',
      'PassportNumber',
      'PassportAdditionalInformation',
    ),
    ...documents(
      individual,
      'NationalIdentifierDetails',
      'NationalIdentifier',
      'National ID No.',
      'NationalIdentifierNumber',
      'NationalIdentifierAdditionalInformation',
    ),
  );
  for (const location of children(child(individual, 'BirthDetails'), 'Location')) {
    const where = ['TownOfBirth', 'CountryOfBirth']
      .map((f) => childText(location, f))
      .filter((p): p is string => p !== undefined)
      .join(', ');
    draft.placesOfBirth.push(collapseWhitespace(where));
  }
}

/** One <Designation> -> the entity; the id is the UK's UniqueID. */
export function ukEntity(record: XmlElement): SanctionedEntity {
  const draft = newEntity(
    'uk',
    childText(record, 'UniqueID') ?? '',
    entityType(childText(record, 'IndividualEntityShip')),
  );
  if (draft.type === 'unknown') draft.flags.push('unparsed-fields');
  for (const element of children(child(record, 'Names'), 'Name')) {
    const parsed = name(element);
    if (parsed) draft.names.push(parsed);
  }
  for (const element of children(child(record, 'NonLatinNames'), 'NonLatinName')) {
    const parsed = makeName(childText(element, 'NameNonLatinScript') ?? '', 'primary');
    if (parsed) draft.names.push(parsed);
  }
  const regime = childText(record, 'RegimeName');
  if (regime !== undefined) draft.programs.push(collapseWhitespace(regime));
  for (const element of children(child(record, 'Addresses'), 'Address')) {
    const address = postalAddress(element);
    if (address) draft.addresses.push(address);
  }
  const un = childText(record, 'UNReferenceNumber');
  if (un !== undefined) draft.identifiers.push({ type: 'UN Reference Number', value: un });
  const contacts: Array<[string, string, string]> = [
    ['PhoneNumbers', 'PhoneNumber', 'Phone Number'],
    ['EmailAddresses', 'EmailAddress', 'Email Address'],
    ['Websites', 'Website', 'Website'],
  ];
  for (const [list, item, type] of contacts) {
    draft.identifiers.push(...listTexts(record, list, item).map((value) => ({ type, value })));
  }
  individualDetails(record, draft);
  const entity = child(child(record, 'EntityDetails'), 'Entity');
  draft.identifiers.push(
    ...listTexts(entity, 'BusinessRegistrationNumbers', 'BusinessRegistrationNumber').map((value) => ({
      type: 'Business Registration Number',
      value,
    })),
  );
  const ship = child(child(record, 'ShipDetails'), 'Ship');
  draft.identifiers.push(...listTexts(ship, 'IMONumbers', 'IMONumber').map((value) => ({ type: 'IMO', value })));
  const remarks = childText(record, 'OtherInformation');
  if (remarks !== undefined) draft.remarks = collapseWhitespace(remarks);
  return finishEntity(draft);
}
