/**
 * UN Security Council Consolidated List XML (sc-sanctions.xsd): <INDIVIDUAL> and <ENTITY> records under
 * <CONSOLIDATED_LIST>. Older and current generations differ only in optional elements, which are read if present.
 */
import { toCountryCode } from '../countries.js';
import { parseBirthDate } from '../dates.js';
import { finishEntity, newEntity } from '../entity.js';
import { childText, children, type XmlElement } from '../io/xml.js';
import type { BirthDate, EntityName, Identifier, PostalAddress, SanctionedEntity } from '../model.js';
import { joinNameParts, makeName } from '../names.js';
import { collapseWhitespace } from '../text.js';

/** The record elements of a UN list. */
export const UN_RECORDS: ReadonlySet<string> = new Set(['INDIVIDUAL', 'ENTITY']);

// The UN qualifies aliases as Good / Low quality (individuals) or a.k.a. / f.k.a. (entities).
function aliasKind(quality: string | undefined): EntityName['kind'] {
  switch ((quality ?? '').trim().toLowerCase()) {
    case 'low':
      return 'weak';
    case 'f.k.a.':
      return 'fka';
    default:
      return 'aka';
  }
}

function birthDate(element: XmlElement): BirthDate | undefined {
  const kind = (childText(element, 'TYPE_OF_DATE') ?? '').toUpperCase();
  const point = childText(element, 'DATE') ?? childText(element, 'YEAR');
  const from = childText(element, 'FROM_YEAR');
  const to = childText(element, 'TO_YEAR');
  if (kind === 'BETWEEN' && from !== undefined && to !== undefined) return parseBirthDate(`${from} to ${to}`);
  if (point === undefined) return undefined;
  return parseBirthDate(kind === 'APPROXIMATELY' ? `circa ${point}` : point);
}

function place(element: XmlElement, fields: readonly string[]): string {
  return collapseWhitespace(
    fields
      .map((f) => childText(element, f))
      .filter((p): p is string => p !== undefined)
      .join(', '),
  );
}

function postalAddress(element: XmlElement): PostalAddress | undefined {
  const full = place(element, ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE', 'COUNTRY']);
  if (full === '') return undefined;
  const address: PostalAddress = { full };
  const country = childText(element, 'COUNTRY');
  if (country !== undefined) address.country = toCountryCode(country);
  return address;
}

function document(element: XmlElement): Identifier | undefined {
  const value = childText(element, 'NUMBER');
  if (value === undefined) return undefined;
  const type = [childText(element, 'TYPE_OF_DOCUMENT'), childText(element, 'TYPE_OF_DOCUMENT2')]
    .filter((t): t is string => t !== undefined)
    .join(' / ');
  const id: Identifier = { type: collapseWhitespace(type) || 'Document', value: collapseWhitespace(value) };
  const country = childText(element, 'ISSUING_COUNTRY') ?? childText(element, 'COUNTRY_OF_ISSUE');
  if (country !== undefined) id.country = collapseWhitespace(country);
  const note = childText(element, 'NOTE');
  if (note !== undefined) id.note = collapseWhitespace(note);
  return id;
}

const values = (record: XmlElement, name: string): string[] =>
  children(record, name).flatMap((list) =>
    children(list, 'VALUE')
      .map((v) => v.text.trim())
      .filter(Boolean),
  );

/** One <INDIVIDUAL> or <ENTITY> -> the entity; the id is the UN's DATAID, the reference number is an identifier. */
export function unEntity(record: XmlElement): SanctionedEntity {
  const individual = record.name === 'INDIVIDUAL';
  const prefix = individual ? 'INDIVIDUAL' : 'ENTITY';
  const draft = newEntity('un', childText(record, 'DATAID') ?? '', individual ? 'individual' : 'entity');
  // A few records name two bodies designated together, "A (X) ; B (Y)": the first is the primary name, the
  // others are names the record is also known by.
  const [first, ...others] = joinNameParts(
    ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((f) => childText(record, f)),
  ).split(';');
  const primary = makeName(first ?? '', 'primary');
  if (primary) draft.names.push(primary);
  for (const other of others) {
    const name = makeName(other, 'aka');
    if (name) draft.names.push(name);
  }
  const original = makeName(childText(record, 'NAME_ORIGINAL_SCRIPT') ?? '', 'primary');
  if (original) draft.names.push(original);
  for (const alias of children(record, `${prefix}_ALIAS`)) {
    // The UN often puts several spellings into one <ALIAS_NAME>, separated by semicolons
    // ("Mohammad Bakr Zolqadr; Mohammad Bakr Zolkadr"): each is a name of its own.
    const kind = aliasKind(childText(alias, 'QUALITY'));
    for (const spelling of (childText(alias, 'ALIAS_NAME') ?? '').split(';')) {
      const name = makeName(spelling, kind);
      if (name) draft.names.push(name);
    }
  }
  const reference = childText(record, 'REFERENCE_NUMBER');
  if (reference !== undefined) draft.identifiers.push({ type: 'UN Reference Number', value: reference });
  const program = childText(record, 'UN_LIST_TYPE');
  if (program !== undefined) draft.programs.push(program);
  for (const element of children(record, `${prefix}_DATE_OF_BIRTH`)) {
    const date = birthDate(element);
    if (date) draft.birthDates.push(date);
  }
  for (const element of children(record, `${prefix}_PLACE_OF_BIRTH`)) {
    draft.placesOfBirth.push(place(element, ['CITY', 'STATE_PROVINCE', 'COUNTRY']));
  }
  draft.nationalities.push(...values(record, 'NATIONALITY').map(toCountryCode));
  for (const element of children(record, `${prefix}_ADDRESS`)) {
    const address = postalAddress(element);
    if (address) draft.addresses.push(address);
  }
  for (const element of children(record, `${prefix}_DOCUMENT`)) {
    const id = document(element);
    if (id) draft.identifiers.push(id);
  }
  const gender = childText(record, 'GENDER');
  if (gender !== undefined) draft.gender = gender;
  const remarks = childText(record, 'COMMENTS1');
  if (remarks !== undefined) draft.remarks = collapseWhitespace(remarks);
  return finishEntity(draft);
}
