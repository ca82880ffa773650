import { describe, expect, it } from 'vitest';
import { Party, ScreenAddressRequest, ScreenPartyRequest } from '@cordon/contracts';
import {
  addressRequestViolations,
  MAX_NAME,
  MAX_NATIONALITIES,
  MAX_OTHER_NAMES,
  partyRequestViolations,
} from './prechecks.js';

const fields = (violations: Array<{ field: string; code: string }>) => violations.map((v) => `${v.field}:${v.code}`);

describe('pre-check request validation', () => {
  it('accepts a plain address request, with or without a ticker', () => {
    expect(addressRequestViolations(ScreenAddressRequest.fromPartial({ requestId: 'r-1', address: '1abc' }))).toEqual(
      [],
    );
    const withTicker = ScreenAddressRequest.fromPartial({ requestId: 'r-1', ticker: 'ETH', address: '0xabc' });
    expect(addressRequestViolations(withTicker)).toEqual([]);
  });

  it('names every bad field of an address request', () => {
    const request = ScreenAddressRequest.fromPartial({ requestId: '', ticker: 'X'.repeat(33), address: '  ' });
    expect(fields(addressRequestViolations(request))).toEqual([
      'request_id:REQUIRED',
      'address:REQUIRED',
      'ticker:TOO_LONG',
    ]);
    const spaced = ScreenAddressRequest.fromPartial({ requestId: 'a b', address: 'x'.repeat(257) });
    expect(fields(addressRequestViolations(spaced))).toEqual(['request_id:BAD_CHARACTERS', 'address:TOO_LONG']);
  });

  it('accepts a party with a name only, or with full evidence', () => {
    const minimal = ScreenPartyRequest.fromPartial({ requestId: 'r', party: { fullName: 'Ivan Petrov' } });
    expect(partyRequestViolations(minimal)).toEqual([]);
    const full = ScreenPartyRequest.fromPartial({
      requestId: 'r',
      party: Party.fromPartial({
        givenName: 'Ivan',
        familyName: 'Petrov',
        dateOfBirth: '1964-02-29',
        nationalities: ['RU'],
        countryOfResidence: 'UA-43',
      }),
    });
    expect(partyRequestViolations(full)).toEqual([]);
  });

  it('names every bad field of a party request', () => {
    expect(fields(partyRequestViolations(ScreenPartyRequest.fromPartial({ requestId: 'r' })))).toEqual([
      'party:REQUIRED',
    ]);
    const bad = ScreenPartyRequest.fromPartial({
      requestId: 'r',
      party: { fullName: ' ', dateOfBirth: '1963-02-29', nationalities: ['RU', 'rus'], countryOfResidence: 'Russia' },
    });
    expect(fields(partyRequestViolations(bad))).toEqual([
      'party.full_name:REQUIRED',
      'party.date_of_birth:BAD_DATE_FORMAT',
      'party.nationalities[1]:BAD_COUNTRY_CODE',
      'party.country_of_residence:BAD_COUNTRY_CODE',
    ]);
  });

  it('accepts a year-only date of birth and refuses other formats', () => {
    const dob = (dateOfBirth: string) =>
      fields(
        partyRequestViolations(
          ScreenPartyRequest.fromPartial({ requestId: 'r', party: { fullName: 'A B', dateOfBirth } }),
        ),
      );
    expect(dob('1964')).toEqual([]);
    expect(dob('15.01.1964')).toEqual(['party.date_of_birth:BAD_DATE_FORMAT']);
    expect(dob('1964-13-01')).toEqual(['party.date_of_birth:BAD_DATE_FORMAT']);
  });

  // Review F7: pre-checks had no bound on the number of other names or nationalities (each nationality is a
  // screen of its own), nor on control characters; they now have ingest's bounds.
  it('bounds a party like ingest: counts, lengths and characters', () => {
    const party = (fields: Partial<Party>) =>
      partyRequestViolations(ScreenPartyRequest.fromPartial({ requestId: 'r', party: { fullName: 'A B', ...fields } }));
    const atBounds = {
      fullName: 'A'.repeat(MAX_NAME),
      otherNames: Array.from({ length: MAX_OTHER_NAMES }, () => 'B'.repeat(MAX_NAME)),
      nationalities: Array.from({ length: MAX_NATIONALITIES }, () => 'IR'),
    };
    expect(party(atBounds)).toEqual([]);
    expect(fields(party({ nationalities: Array.from({ length: 1_000_000 }, () => 'IR') }))).toEqual([
      'party.nationalities:TOO_MANY',
    ]);
    expect(fields(party({ otherNames: Array.from({ length: MAX_OTHER_NAMES + 1 }, () => 'B') }))).toEqual([
      'party.other_names:TOO_MANY',
    ]);
    expect(
      fields(party({ fullName: 'A'.repeat(MAX_NAME + 1), givenName: 'Iv\u0007an', familyName: 'P\uFFFD' })),
    ).toEqual(['party.full_name:TOO_LONG', 'party.given_name:BAD_CHARACTERS', 'party.family_name:BAD_CHARACTERS']);
    expect(fields(party({ customerRef: 'c'.repeat(129) }))).toEqual(['party.customer_ref:TOO_LONG']);
  });

  it('looks at no more than the bounded number of items, however many are sent', () => {
    const nationalities = Array.from({ length: 100_000 }, () => 'not a code');
    const violations = partyRequestViolations(
      ScreenPartyRequest.fromPartial({ requestId: 'r', party: { fullName: 'A B', nationalities } }),
    );
    expect(violations).toHaveLength(1 + MAX_NATIONALITIES);
  });
});
