/**
 * Synchronous pre-checks (ScreenAddress, ScreenParty): request validation with one violation per bad field,
 * and the sealed decision. Pure: the check time is an argument.
 */
import {
  ScreenAddressRequest,
  ScreenPartyRequest,
  timestampToMillis,
  type FieldViolation,
  type Party,
  type ScreeningDecision,
  type Timestamp,
} from '@cordon/contracts';
import { sealDecision, sha256Hex, type Freshness, type ScreeningEngine } from '@cordon/screening-core/contract';

const MAX_ID = 128;
const MAX_ADDRESS = 256;
const MAX_TICKER = 32;
// The bounds ingest puts on a withdrawal's parties (services/ingest/src/domain/party.ts, countries.ts): a pre-check
// costs at most what screening a withdrawal costs. Counts are checked before the items, and only the first items
// are looked at, so an oversized request costs no more to refuse than a valid one to check.
/** Longest name, in UTF-16 code units. */
export const MAX_NAME = 300;
/** Most other names on one party. */
export const MAX_OTHER_NAMES = 50;
/** Most nationalities on one party (each is screened as a facet of its own). */
export const MAX_NATIONALITIES = 10;
// Control characters break log lines and exports; U+FFFD means the caller's bytes were not UTF-8.
const UNSAFE_IN_NAME = /[\p{Cc}\uFFFD]/u;
const PRINTABLE = /^[\x21-\x7e]+$/;
const ALPHA2 = /^[A-Z]{2}$/;
const COUNTRY_OR_SUBDIVISION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
const DOB = /^(\d{4})(?:-(\d{2})-(\d{2}))?$/;

type Add = (field: string, code: string, description: string) => void;

function collector(): { violations: FieldViolation[]; add: Add } {
  const violations: FieldViolation[] = [];
  return { violations, add: (field, code, description) => violations.push({ field, code, description }) };
}

function checkRequestId(requestId: string, add: Add): void {
  if (requestId === '') add('request_id', 'REQUIRED', 'request_id is required');
  else if (requestId.length > MAX_ID) add('request_id', 'TOO_LONG', `at most ${MAX_ID} characters`);
  else if (!PRINTABLE.test(requestId)) add('request_id', 'BAD_CHARACTERS', 'printable ASCII without spaces only');
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function checkParty(party: Party, add: Add): void {
  const otherNames = party.otherNames.slice(0, MAX_OTHER_NAMES);
  const names = [party.fullName, party.givenName, party.familyName, ...otherNames];
  if (names.every((name) => name.trim() === '')) {
    add('party.full_name', 'REQUIRED', 'at least one of full_name, given_name, family_name, other_names is needed');
  }
  if (party.customerRef.length > MAX_ID) add('party.customer_ref', 'TOO_LONG', `at most ${MAX_ID} characters`);
  else if (party.customerRef !== '' && !PRINTABLE.test(party.customerRef)) {
    add('party.customer_ref', 'BAD_CHARACTERS', 'printable ASCII without spaces only');
  }
  if (party.otherNames.length > MAX_OTHER_NAMES) {
    add('party.other_names', 'TOO_MANY', `at most ${MAX_OTHER_NAMES} other names`);
  }
  const fields: Array<[string, string]> = [
    ['party.full_name', party.fullName],
    ['party.given_name', party.givenName],
    ['party.family_name', party.familyName],
    ...otherNames.map((name, i): [string, string] => [`party.other_names[${i}]`, name]),
  ];
  for (const [field, value] of fields) {
    if (value.length > MAX_NAME) add(field, 'TOO_LONG', `at most ${MAX_NAME} characters`);
    else if (UNSAFE_IN_NAME.test(value)) add(field, 'BAD_CHARACTERS', 'control characters or invalid UTF-8');
  }
  if (party.dateOfBirth.length > 10) add('party.date_of_birth', 'BAD_DATE_FORMAT', 'YYYY-MM-DD or YYYY, a real date');
  else if (party.dateOfBirth !== '') {
    const match = DOB.exec(party.dateOfBirth);
    const valid =
      match !== null && (match[2] === undefined || isRealDate(Number(match[1]), Number(match[2]), Number(match[3])));
    if (!valid) add('party.date_of_birth', 'BAD_DATE_FORMAT', 'YYYY-MM-DD or YYYY, a real date');
  }
  if (party.nationalities.length > MAX_NATIONALITIES) {
    add('party.nationalities', 'TOO_MANY', `at most ${MAX_NATIONALITIES} nationalities`);
  }
  party.nationalities.slice(0, MAX_NATIONALITIES).forEach((code, i) => {
    if (!ALPHA2.test(code)) add(`party.nationalities[${i}]`, 'BAD_COUNTRY_CODE', 'ISO 3166-1 alpha-2, upper case');
  });
  if (party.countryOfResidence !== '' && !COUNTRY_OR_SUBDIVISION.test(party.countryOfResidence)) {
    add('party.country_of_residence', 'BAD_COUNTRY_CODE', 'ISO 3166-1 alpha-2 or ISO 3166-2, upper case');
  }
}

/** Every violation of a ScreenAddress request. */
export function addressRequestViolations(request: ScreenAddressRequest): FieldViolation[] {
  const { violations, add } = collector();
  checkRequestId(request.requestId, add);
  if (request.address.trim() === '') add('address', 'REQUIRED', 'address is required');
  else if (request.address.length > MAX_ADDRESS) add('address', 'TOO_LONG', `at most ${MAX_ADDRESS} characters`);
  if (request.ticker.length > MAX_TICKER) add('ticker', 'TOO_LONG', `at most ${MAX_TICKER} characters`);
  return violations;
}

/** Every violation of a ScreenParty request. */
export function partyRequestViolations(request: ScreenPartyRequest): FieldViolation[] {
  const { violations, add } = collector();
  checkRequestId(request.requestId, add);
  if (request.party === undefined) add('party', 'REQUIRED', 'party is required');
  else checkParty(request.party, add);
  return violations;
}

/** Screens a valid ScreenAddress request. */
export function screenAddressRequest<S>(
  request: ScreenAddressRequest,
  engine: ScreeningEngine<S>,
  snapshot: S,
  screenedAt: Timestamp,
  confirmations?: Freshness['confirmations'],
): ScreeningDecision {
  const freshness = confirmations ? { atMillis: timestampToMillis(screenedAt), confirmations } : undefined;
  const body = engine.screenAddress({ ticker: request.ticker, address: request.address }, snapshot, freshness);
  return sealDecision(body, {
    withdrawalId: '',
    requestId: request.requestId,
    customerRef: '',
    inputSha256: sha256Hex(ScreenAddressRequest.encode(request).finish()),
    screenedAt,
  });
}

/** Screens a valid ScreenParty request. */
export function screenPartyRequest<S>(
  request: ScreenPartyRequest,
  engine: ScreeningEngine<S>,
  snapshot: S,
  screenedAt: Timestamp,
  confirmations?: Freshness['confirmations'],
): ScreeningDecision {
  const party = request.party!;
  const freshness = confirmations ? { atMillis: timestampToMillis(screenedAt), confirmations } : undefined;
  const body = engine.screenParty(party, snapshot, freshness);
  return sealDecision(body, {
    withdrawalId: '',
    requestId: request.requestId,
    customerRef: party.customerRef,
    inputSha256: sha256Hex(ScreenPartyRequest.encode(request).finish()),
    screenedAt,
  });
}
