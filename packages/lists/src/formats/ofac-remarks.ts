/**
 * The remarks field of OFAC's legacy CSV files, where OFAC puts everything its flat layout has no column for:
 * weak aliases, dates and places of birth, nationality, identity documents and digital currency addresses, as
 * `;`-separated segments ("DOB 15 Jan 1964; alt. DOB 1965; Passport A123 (Iran); Digital Currency Address - XBT
 * 1Abc...; a.k.a. 'NICK'."). Pure.
 */
import { parseBirthDate } from '../dates.js';
import { toCountryCode } from '../countries.js';
import type { BirthDate, Identifier } from '../model.js';
import { collapseWhitespace } from '../text.js';

/** Everything read out of one remarks field. */
export interface RemarkFacts {
  /** Weak aliases: OFAC's CSV keeps only these in remarks, each in single quotes. */
  weakAliases: string[];
  birthDates: BirthDate[];
  placesOfBirth: string[];
  nationalities: string[];
  citizenships: string[];
  identifiers: Identifier[];
  gender?: string;
  /** Digital currency addresses, ticker and address as published. */
  addresses: Array<{ ticker: string; address: string }>;
  /** A digital-currency-address marker was seen whose address could not be read whole (cut or missing). */
  fragmentDropped: boolean;
}

const DCA_MARKER = 'Digital Currency Address - ';

// Segment keys that carry designation context rather than an identifier of the party. They stay in `remarks`.
const INFORMATIONAL_KEYS: readonly string[] = [
  'Additional Sanctions Information',
  'Aircraft Construction Number',
  'Aircraft Manufacture Date',
  'Aircraft Model',
  'Aircraft Operator',
  'CAATSA Section',
  'Effective Date',
  'Executive Order',
  'For more information',
  'Former Vessel Flag',
  'ICTY indictee',
  'Issuer Name',
  'Linked To',
  'Listing Date',
  'Member of',
  'Nationality of Registration',
  'Organization Established Date',
  'Organization Type',
  'Other Vessel Flag',
  'Other Vessel Type',
  'Purchase/Sales For Divestment Date',
  'Scientific Studies',
  'Secondary sanctions risk',
  'Target Type',
  'Transactions Prohibited For Persons',
  'Vessel Year of Build',
  'all offices worldwide',
];

// Identifier types as OFAC names them (its XML's idType values). The value follows the type and may itself start
// with letters ("Registration ID HRB 26136", "Website www..."), so a known type is split off first; other types
// fall back to the generic split below. Longest first, so "Tax ID No." wins over shorter prefixes.
const IDENTIFIER_TYPES: readonly string[] = [
  "Aircraft Manufacturer's Serial Number (MSN)",
  'Aircraft Manufacturer\u2019s Serial Number (MSN)',
  'Aircraft Tail Number',
  'BIK (RU)',
  'Birth Certificate Number',
  'Business Registration Document #',
  'Business Registration Number',
  'C.R. No.',
  'Cedula No.',
  'Commercial Registry Number',
  'Company Number',
  'D-U-N-S Number',
  'D.N.I.',
  "Driver's License No.",
  'Electoral Registry No.',
  'Email Address',
  'Equity Ticker',
  'Government Gazette Number',
  'Identification Number',
  'ISIN',
  'Italian Fiscal Code',
  'Legal Entity Number',
  'License',
  'MMSI',
  'National ID No.',
  'NIT #',
  'Passport',
  'Personal ID Card',
  'Phone Number',
  'Public Registration Number',
  'Registration ID',
  'Registration Number',
  'RIF #',
  'RUC #',
  'SWIFT/BIC',
  'Tax ID No.',
  'Trade License No.',
  'UK Company Number',
  'Unified Social Credit Code (USCC)',
  'V.A.T. Number',
  'Vessel Registration Identification',
  'Website',
].sort((a, b) => b.length - a.length);

/** True for OFAC id types that describe the designation rather than identify the party (shared with the XML parser). */
export function isInformationalKey(type: string): boolean {
  const key = type.trim();
  return INFORMATIONAL_KEYS.some((k) => key.startsWith(k) && !/^[A-Za-z0-9]/u.test(key.slice(k.length)));
}

/** Splits "A123456 (Iran) expires 2020" into value, country and trailing note. */
function splitIdentifierValue(type: string, rest: string): Identifier | undefined {
  const m = /^(.*?)\s*\(([^()]+)\)\s*(.*)$/u.exec(rest);
  const value = collapseWhitespace(m ? m[1]! : rest);
  if (value === '') return undefined;
  const identifier: Identifier = { type, value };
  if (m && m[2]!.trim() !== '') identifier.country = collapseWhitespace(m[2]!);
  if (m && m[3]!.trim() !== '') identifier.note = collapseWhitespace(m[3]!);
  return identifier;
}

/**
 * Reads "Passport A123456 (Iran)", "Tax ID No. 7744001497 (Russia)", "Website www.example.com" as an identifier.
 * The type is either a known multi-word type or every word before the first word that carries a digit.
 */
export function parseIdentifierSegment(segment: string): Identifier | undefined {
  if (isInformationalKey(segment)) return undefined;
  const known = IDENTIFIER_TYPES.find((t) => segment.startsWith(`${t} `));
  if (known) return splitIdentifierValue(known, segment.slice(known.length + 1));
  const words = segment.split(' ');
  const at = words.findIndex((w, i) => i > 0 && /\d/u.test(w));
  if (at < 1 || at > 8) return undefined;
  return splitIdentifierValue(words.slice(0, at).join(' '), words.slice(at).join(' '));
}

/** True when `segment` is, or is the cut-off start of, a digital-currency-address entry. */
function looksLikeAddressFragment(segment: string): boolean {
  const body = segment.replace(/^alt\.\s*/u, '');
  if (body.startsWith('Digital Currency Address')) return true;
  // A marker cut inside its own words ("Digital Curr"): at least "Digi", so a cut "D" of "DOB" does not count.
  return body.length >= 4 && DCA_MARKER.startsWith(body);
}

function readAddress(segment: string): { ticker: string; address: string } | undefined {
  const m = /^Digital Currency Address\s*-\s*(\S+)\s+(\S+)/u.exec(segment);
  if (!m) return undefined;
  const address = m[2]!.replace(/\.+$/u, '');
  return address === '' ? undefined : { ticker: m[1]!.toUpperCase(), address };
}

function readSegment(raw: string, facts: RemarkFacts): void {
  const segment = collapseWhitespace(raw).replace(/^alt\.\s*/u, '');
  let m: RegExpExecArray | null;
  if ((m = /^[afn]\.k\.a\.,?\s*'(.*)'\.?$/u.exec(segment))) {
    const alias = collapseWhitespace(m[1]!);
    if (alias !== '') facts.weakAliases.push(alias);
  } else if ((m = /^DOB\s+(.+)$/u.exec(segment))) {
    facts.birthDates.push(parseBirthDate(m[1]!));
  } else if ((m = /^POB\s+(.+)$/u.exec(segment))) {
    facts.placesOfBirth.push(collapseWhitespace(m[1]!));
  } else if ((m = /^nationality\s+(.+)$/u.exec(segment))) {
    facts.nationalities.push(toCountryCode(m[1]!));
  } else if ((m = /^citizen\s+(.+)$/u.exec(segment))) {
    facts.citizenships.push(toCountryCode(m[1]!));
  } else if ((m = /^Gender\s+(.+)$/u.exec(segment))) {
    facts.gender = collapseWhitespace(m[1]!);
  } else if (segment.startsWith('Digital Currency Address')) {
    const address = readAddress(segment);
    if (address) facts.addresses.push(address);
    else facts.fragmentDropped = true;
  } else {
    const identifier = parseIdentifierSegment(segment);
    if (identifier) facts.identifiers.push(identifier);
  }
}

/**
 * Reads an OFAC remarks field. When `truncated` (the remark was cut at OFAC's 1,000-character limit and its
 * continuation is missing), the last segment is incomplete and is dropped whole: a cut address is never emitted,
 * and `fragmentDropped` tells whether that segment was (the start of) a digital currency address.
 */
export function parseOfacRemarks(remarks: string, options: { truncated: boolean }): RemarkFacts {
  const facts: RemarkFacts = {
    weakAliases: [],
    birthDates: [],
    placesOfBirth: [],
    nationalities: [],
    citizenships: [],
    identifiers: [],
    addresses: [],
    fragmentDropped: false,
  };
  const segments = remarks.split(';');
  if (options.truncated) {
    const tail = collapseWhitespace(segments.pop() ?? '');
    if (looksLikeAddressFragment(tail)) facts.fragmentDropped = true;
  } else if (segments.length > 0) {
    // The remark as a whole ends with a full stop, which is not part of its last value.
    segments[segments.length - 1] = segments.at(-1)!.trim().replace(/\.$/u, '');
  }
  for (const segment of segments) {
    if (segment.trim() !== '') readSegment(segment, facts);
  }
  return facts;
}
