import { describe, expect, it } from 'vitest';
import { checkCountry } from './countries.js';
import { Violations } from './violations.js';

function check(value: string, allowSubdivision: boolean) {
  const violations = new Violations();
  const result = checkCountry(value, 'customer.country_of_residence', violations, { allowSubdivision });
  return { result, codes: violations.list.map((v) => v.code) };
}

describe('checkCountry', () => {
  it.each([
    ['RU', 'RU'],
    ['ru', 'RU'],
    [' ir ', 'IR'],
    ['KP', 'KP'],
    ['XK', 'XK'],
  ])('accepts alpha-2 %j as %j', (value, expected) => {
    expect(check(value, false)).toEqual({ result: expected, codes: [] });
  });

  it.each([['UA-43'], ['ua-43'], ['GB-ENG'], ['UA-14']])('accepts subdivision %j where allowed', (value) => {
    expect(check(value, true)).toEqual({ result: value.toUpperCase(), codes: [] });
    expect(check(value, false).codes).toEqual(['INVALID_COUNTRY']);
  });

  it.each([['RUS'], ['R'], ['ZZ'], ['UK'], ['EU'], ['QQ-12'], ['UA-'], ['UA-1234'], ['643'], ['']])(
    'rejects %j',
    (value) => {
      expect(check(value, true)).toEqual({ result: undefined, codes: ['INVALID_COUNTRY'] });
    },
  );
});
