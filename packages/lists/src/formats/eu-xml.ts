/**
 * EU Financial Sanctions Files XML (FSF schema 1.1, namespace http://eu.europa.ec/fpi/fsd/export):
 * <sanctionEntity> records under <export>, their details in attributes.
 */
import { toCountryCode } from '../countries.js';
import { parseBirthDate } from '../dates.js';
import { finishEntity, newEntity } from '../entity.js';
import { children, type XmlElement } from '../io/xml.js';
import type { BirthDate, Identifier, PostalAddress, SanctionedEntity } from '../model.js';
import { joinNameParts, makeName } from '../names.js';
import { collapseWhitespace } from '../text.js';
import { euEntityType, euGender } from './eu-csv.js';

/** The record elements of an EU FSF XML file. */
export const EU_RECORDS: ReadonlySet<string> = new Set(['sanctionEntity']);

const attr = (element: XmlElement | undefined, name: string): string =>
  collapseWhitespace(element?.attributes[name] ?? '');

// The FSF schema gives both an ISO code and a description; "00" is its code for an unknown country.
function country(element: XmlElement): string | undefined {
  const iso = attr(element, 'countryIso2Code').toUpperCase();
  if (/^[A-Z]{2}$/u.test(iso)) return iso;
  const description = attr(element, 'countryDescription');
  return description === '' || description.toUpperCase() === 'UNKNOWN' ? undefined : toCountryCode(description);
}

function birthDate(element: XmlElement): BirthDate | undefined {
  const circa = attr(element, 'circa') === 'true' ? 'circa ' : '';
  const from = attr(element, 'yearRangeFrom');
  const to = attr(element, 'yearRangeTo');
  if (from !== '' && to !== '') return parseBirthDate(`${circa}${from} to ${to}`);
  const full = attr(element, 'birthdate');
  if (full !== '') return parseBirthDate(`${circa}${full}`);
  const year = attr(element, 'year');
  if (year === '') return undefined;
  const month = attr(element, 'monthOfYear');
  const day = attr(element, 'dayOfMonth');
  const pad = (n: string): string => n.padStart(2, '0');
  const partial = month === '' ? year : day === '' ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(day)}`;
  return parseBirthDate(`${circa}${partial}`);
}

function postalAddress(element: XmlElement): PostalAddress | undefined {
  const parts = ['street', 'poBox', 'zipCode', 'city', 'region', 'place', 'countryDescription']
    .map((a) => attr(element, a))
    .filter((p) => p !== '' && p.toUpperCase() !== 'UNKNOWN');
  if (parts.length === 0) return undefined;
  const address: PostalAddress = { full: parts.join(', ') };
  const code = country(element);
  if (code !== undefined) address.country = code;
  return address;
}

function identification(element: XmlElement): Identifier | undefined {
  const value = attr(element, 'number') || attr(element, 'latinNumber');
  if (value === '') return undefined;
  const type =
    attr(element, 'identificationTypeDescription') || attr(element, 'identificationTypeCode') || 'Identification';
  const id: Identifier = { type, value };
  const code = country(element);
  if (code !== undefined) id.country = code;
  const notes = ['knownFalse', 'knownExpired', 'reportedLost', 'revokedByIssuer', 'diplomatic']
    .filter((flag) => attr(element, flag) === 'true')
    .concat(attr(element, 'validTo') === '' ? [] : [`valid to ${attr(element, 'validTo')}`]);
  if (notes.length > 0) id.note = notes.join('; ');
  return id;
}

/** One <sanctionEntity> -> the entity; the id is the EU logical id. The first name alias is the primary name. */
export function euXmlEntity(record: XmlElement): SanctionedEntity {
  const subject = children(record, 'subjectType')[0];
  const draft = newEntity('eu', attr(record, 'logicalId'), euEntityType(attr(subject, 'classificationCode')));
  if (draft.type === 'unknown') draft.flags.push('unparsed-fields');
  for (const alias of children(record, 'nameAlias')) {
    const given = joinNameParts([attr(alias, 'firstName'), attr(alias, 'middleName')]);
    const family = attr(alias, 'lastName');
    const kind = draft.names.length === 0 ? 'primary' : attr(alias, 'strong') === 'false' ? 'weak' : 'aka';
    const name = makeName(attr(alias, 'wholeName') || joinNameParts([given, family]), kind, { given, family });
    if (name) draft.names.push(name);
    draft.gender ??= euGender(attr(alias, 'gender'));
  }
  for (const regulation of children(record, 'regulation')) draft.programs.push(attr(regulation, 'programme'));
  for (const element of children(record, 'citizenship')) {
    const code = country(element);
    if (code !== undefined) draft.citizenships.push(code);
  }
  for (const element of children(record, 'birthdate')) {
    const date = birthDate(element);
    if (date) draft.birthDates.push(date);
    const place = [attr(element, 'city') || attr(element, 'place'), attr(element, 'countryDescription')]
      .filter((p) => p !== '' && p.toUpperCase() !== 'UNKNOWN')
      .join(', ');
    if (place !== '') draft.placesOfBirth.push(place);
  }
  for (const element of children(record, 'address')) {
    const address = postalAddress(element);
    if (address) draft.addresses.push(address);
  }
  for (const element of children(record, 'identification')) {
    const id = identification(element);
    if (id) draft.identifiers.push(id);
  }
  const reference = attr(record, 'euReferenceNumber');
  if (reference !== '') draft.identifiers.push({ type: 'EU Reference Number', value: reference });
  const un = attr(record, 'unitedNationId');
  if (un !== '') draft.identifiers.push({ type: 'UN Reference Number', value: un });
  const remarks = children(record, 'remark')
    .map((r) => collapseWhitespace(r.text))
    .filter(Boolean)
    .join(' ');
  if (remarks !== '') draft.remarks = remarks;
  return finishEntity(draft);
}
