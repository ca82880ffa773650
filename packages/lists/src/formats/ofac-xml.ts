/**
 * OFAC's XML in the `sdnList` schema (SDN.XML and CONSOLIDATED.XML): the 2018 namespace (tempuri.org) and the
 * current one (the sanctions list service's exports namespace) have the same elements, so elements are read by
 * local name. Digital currency addresses are ids of type "Digital Currency Address - <TICKER>".
 */
import { toCountryCode } from '../countries.js';
import { toDigitalCurrencyAddress } from '../crypto-addresses.js';
import { parseBirthDate } from '../dates.js';
import { finishEntity, newEntity } from '../entity.js';
import { child, childText, children, type XmlElement } from '../io/xml.js';
import type { EntityName, Identifier, PostalAddress, SanctionedEntity, SourceKind, VesselDetails } from '../model.js';
import { makeName } from '../names.js';
import { collapseWhitespace } from '../text.js';
import { ofacAliasKind, ofacEntityType, ofacPrograms } from './ofac-common.js';
import { isInformationalKey } from './ofac-remarks.js';

/** Namespaces OFAC has published the sdnList schema under; any other is reported, then read the same way. */
export const OFAC_XML_NAMESPACES: readonly string[] = [
  'http://tempuri.org/sdnList.xsd',
  'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML',
];

function fullName(element: XmlElement): { full: string; given?: string; family?: string } {
  const family = childText(element, 'lastName');
  const given = childText(element, 'firstName');
  if (family && given) return { full: `${family}, ${given}`, given, family };
  return { full: family ?? given ?? '' };
}

function name(element: XmlElement, kind: EntityName['kind'], individual: boolean): EntityName | undefined {
  const parts = fullName(element);
  return makeName(parts.full, kind, individual ? parts : {});
}

// The CSV's one "City/State/Province/Postal Code" column reads "Rome, RM 00187"; the XML's parts are joined the same
// way so that both formats give the same address.
function cityLine(element: XmlElement): string | undefined {
  const city = [childText(element, 'city'), childText(element, 'stateOrProvince')].filter(Boolean).join(', ');
  const line = [city, childText(element, 'postalCode')].filter(Boolean).join(' ');
  return line === '' ? undefined : line;
}

function postalAddress(element: XmlElement): PostalAddress | undefined {
  const parts = [
    childText(element, 'address1'),
    childText(element, 'address2'),
    childText(element, 'address3'),
    cityLine(element),
    childText(element, 'country'),
  ].filter((p): p is string => p !== undefined);
  if (parts.length === 0) return undefined;
  const address: PostalAddress = { full: collapseWhitespace(parts.join(', ')) };
  const country = childText(element, 'country');
  if (country !== undefined) address.country = toCountryCode(country);
  return address;
}

function identifier(element: XmlElement): Identifier | undefined {
  const type = collapseWhitespace(childText(element, 'idType') ?? '');
  const value = collapseWhitespace(childText(element, 'idNumber') ?? '');
  if (type === '' || value === '') return undefined;
  const id: Identifier = { type, value };
  const country = childText(element, 'idCountry');
  if (country !== undefined) id.country = collapseWhitespace(country);
  const notes = [
    childText(element, 'issueDate') && `issued ${childText(element, 'issueDate')}`,
    childText(element, 'expirationDate') && `expires ${childText(element, 'expirationDate')}`,
  ].filter(Boolean);
  if (notes.length > 0) id.note = notes.join('; ');
  return id;
}

function vesselDetails(element: XmlElement): VesselDetails {
  const fields: Array<[keyof VesselDetails, string]> = [
    ['callSign', 'callSign'],
    ['vesselType', 'vesselType'],
    ['tonnage', 'tonnage'],
    ['grossRegisteredTonnage', 'grossRegisteredTonnage'],
    ['flag', 'vesselFlag'],
    ['owner', 'vesselOwner'],
  ];
  const vessel: VesselDetails = {};
  for (const [key, name] of fields) {
    const value = childText(element, name);
    if (value !== undefined) vessel[key] = collapseWhitespace(value);
  }
  return vessel;
}

/** Whether a record is the `sdnEntry` (rather than the `publshInformation` header). */
export const isOfacEntry = (element: XmlElement): boolean => element.name === 'sdnEntry';

/** One `<sdnEntry>` -> the entity. */
export function ofacXmlEntity(source: SourceKind, entry: XmlElement): SanctionedEntity {
  const type = ofacEntityType(childText(entry, 'sdnType') ?? '');
  const draft = newEntity(source, childText(entry, 'uid') ?? '', type ?? 'unknown');
  if (type === undefined) draft.flags.push('unparsed-fields');
  const individual = type === 'individual';
  const primary = name(entry, 'primary', individual);
  if (primary) draft.names.push(primary);
  for (const aka of children(child(entry, 'akaList'), 'aka')) {
    const alias = name(aka, ofacAliasKind(childText(aka, 'type') ?? '', childText(aka, 'category')), individual);
    if (alias) draft.names.push(alias);
  }
  for (const program of children(child(entry, 'programList'), 'program')) {
    draft.programs.push(...ofacPrograms(program.text));
  }
  for (const id of children(child(entry, 'idList'), 'id')) {
    const type = collapseWhitespace(childText(id, 'idType') ?? '');
    const number = childText(id, 'idNumber');
    const ticker = /^Digital Currency Address\s*-\s*(\S+)$/u.exec(type)?.[1];
    if (ticker !== undefined) {
      if (number === undefined) draft.flags.push('address-fragment-dropped');
      else draft.digitalCurrencyAddresses.push(toDigitalCurrencyAddress(ticker, number));
    } else if (type === 'Gender' && number !== undefined) {
      draft.gender = collapseWhitespace(number);
    } else if (!isInformationalKey(type)) {
      const parsed = identifier(id);
      if (parsed) draft.identifiers.push(parsed);
    }
  }
  const vesselInfo = child(entry, 'vesselInfo');
  const callSign = childText(vesselInfo, 'callSign');
  if (callSign !== undefined) draft.identifiers.push({ type: 'Call Sign', value: collapseWhitespace(callSign) });
  if (vesselInfo) draft.vessel = vesselDetails(vesselInfo);
  for (const address of children(child(entry, 'addressList'), 'address')) {
    const parsed = postalAddress(address);
    if (parsed) draft.addresses.push(parsed);
  }
  for (const item of children(child(entry, 'nationalityList'), 'nationality')) {
    const country = childText(item, 'country');
    if (country !== undefined) draft.nationalities.push(toCountryCode(country));
  }
  for (const item of children(child(entry, 'citizenshipList'), 'citizenship')) {
    const country = childText(item, 'country');
    if (country !== undefined) draft.citizenships.push(toCountryCode(country));
  }
  for (const item of children(child(entry, 'dateOfBirthList'), 'dateOfBirthItem')) {
    const date = childText(item, 'dateOfBirth');
    if (date !== undefined) draft.birthDates.push(parseBirthDate(date));
  }
  for (const item of children(child(entry, 'placeOfBirthList'), 'placeOfBirthItem')) {
    const place = childText(item, 'placeOfBirth');
    if (place !== undefined) draft.placesOfBirth.push(collapseWhitespace(place));
  }
  const remarks = childText(entry, 'remarks');
  if (remarks !== undefined) draft.remarks = collapseWhitespace(remarks);
  const title = childText(entry, 'title');
  if (title !== undefined && collapseWhitespace(title) !== '') draft.title = collapseWhitespace(title);
  return finishEntity(draft);
}

/** Publication date and announced record count from `<publshInformation>` (OFAC's spelling). */
export function ofacPublishInfo(element: XmlElement): { published?: string; recordCount?: number } {
  const count = childText(element, 'Record_Count');
  return {
    published: childText(element, 'Publish_Date'),
    recordCount: count !== undefined && /^\d+$/u.test(count) ? Number(count) : undefined,
  };
}
