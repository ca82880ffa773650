import { describe, expect, it } from 'vitest';
import { Party, ScreenAddressRequest, ScreenPartyRequest } from '@cordon/contracts';
import { addressRequestViolations, partyRequestViolations } from './prechecks.js';

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
});
