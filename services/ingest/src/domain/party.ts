import { PartyType, type Party } from '@cordon/contracts';
import { MAX_NATIONALITIES, checkCountry } from './countries.js';
import { checkDateOfBirth } from './dates.js';
import { checkIdentifier } from './identifiers.js';
import type { Violations } from './violations.js';

/** Longest name accepted, in characters (after whitespace is collapsed). */
export const MAX_NAME_LENGTH = 300;
/** Most other names accepted on one party. */
export const MAX_OTHER_NAMES = 50;

// Control characters break log lines and exports; U+FFFD means the producer's bytes were not UTF-8, so the
// name that reached us is not the one the producer holds and would screen wrongly.
const UNSAFE_IN_NAME = /[\p{Cc}\uFFFD]/u;

/** Collapses runs of whitespace to one space, trims, and composes (NFC) so equal names have equal code points. */
export function normaliseName(value: string): string {
  return value.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

function checkName(value: string, field: string, violations: Violations): string {
  const name = normaliseName(value);
  if (name.length > MAX_NAME_LENGTH) {
    violations.add(field, 'TOO_LONG', `${field} has ${name.length} characters, at most ${MAX_NAME_LENGTH}`);
  } else if (UNSAFE_IN_NAME.test(name)) {
    violations.add(field, 'BAD_CHARACTERS', `${field} contains control characters or invalid UTF-8`);
  }
  return name;
}

/** The role of a party in the submission: the withdrawing customer must carry a customer reference. */
export type PartyRole = 'customer' | 'counterparty';

/**
 * Validates and normalises a party at `path` ("customer", "counterparty"): names collapsed and composed,
 * country codes upper-cased, nationalities de-duplicated in order. `today` is the ingest clock's UTC date.
 */
export function checkParty(party: Party, path: string, role: PartyRole, today: string, violations: Violations): Party {
  const field = (name: string) => `${path}.${name}`;
  const customerRef = checkIdentifier(party.customerRef, field('customer_ref'), violations, {
    required: role === 'customer',
  });
  if (!(party.type in PartyType) || party.type === PartyType.UNRECOGNIZED) {
    violations.add(field('type'), 'INVALID_ENUM', `${field('type')} is not a known PartyType`);
  }
  const fullName = checkName(party.fullName, field('full_name'), violations);
  const givenName = checkName(party.givenName, field('given_name'), violations);
  const familyName = checkName(party.familyName, field('family_name'), violations);
  if (party.otherNames.length > MAX_OTHER_NAMES) {
    violations.add(field('other_names'), 'TOO_MANY', `${field('other_names')} has more than ${MAX_OTHER_NAMES} names`);
  }
  const otherNames = party.otherNames.slice(0, MAX_OTHER_NAMES).map((name, index) => {
    const normalised = checkName(name, `${field('other_names')}[${index}]`, violations);
    if (normalised === '') {
      violations.add(`${field('other_names')}[${index}]`, 'REQUIRED', 'other names must not be empty');
    }
    return normalised;
  });
  if (role === 'counterparty' && !customerRef && !fullName && !givenName && !familyName && otherNames.length === 0) {
    violations.add(path, 'EMPTY_PARTY', `${path} carries neither a name nor a customer reference`);
  }
  if (party.nationalities.length > MAX_NATIONALITIES) {
    violations.add(
      field('nationalities'),
      'TOO_MANY',
      `${field('nationalities')} has more than ${MAX_NATIONALITIES} entries`,
    );
  }
  const nationalities = party.nationalities
    .slice(0, MAX_NATIONALITIES)
    .map((code, index) =>
      checkCountry(code, `${field('nationalities')}[${index}]`, violations, { allowSubdivision: false }),
    )
    .filter((code): code is string => code !== undefined);
  const residence =
    party.countryOfResidence === ''
      ? ''
      : (checkCountry(party.countryOfResidence, field('country_of_residence'), violations, {
          allowSubdivision: true,
        }) ?? '');
  return {
    customerRef: customerRef ?? '',
    type: party.type,
    fullName,
    givenName,
    familyName,
    otherNames,
    dateOfBirth: checkDateOfBirth(party.dateOfBirth, today, field('date_of_birth'), violations) ?? '',
    nationalities: [...new Set(nationalities)],
    countryOfResidence: residence,
  };
}
