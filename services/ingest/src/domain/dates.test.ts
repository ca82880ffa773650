import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDateOfBirth, utcDate } from './dates.js';
import { Violations } from './violations.js';

const TODAY = '2026-03-01';

function codes(value: string, today = TODAY): string[] {
  const violations = new Violations();
  checkDateOfBirth(value, today, 'customer.date_of_birth', violations);
  return violations.list.map((v) => v.code);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('checkDateOfBirth', () => {
  it.each([
    ['', []],
    ['1980', []],
    ['1980-02-29', []],
    ['2000-02-29', []],
    ['2026-03-01', []],
    ['1900-01-01', []],
    ['1900-02-29', ['INVALID_DATE']],
    ['1981-02-29', ['INVALID_DATE']],
    ['1980-04-31', ['INVALID_DATE']],
    ['1980-13-01', ['INVALID_DATE']],
    ['1980-00-10', ['INVALID_DATE']],
    ['1980-1-5', ['BAD_DATE_FORMAT']],
    ['05/01/1980', ['BAD_DATE_FORMAT']],
    ['1980-01-05T00:00:00Z', ['BAD_DATE_FORMAT']],
    ['80', ['BAD_DATE_FORMAT']],
    ['1899-12-31', ['DATE_TOO_EARLY']],
    ['1899', ['DATE_TOO_EARLY']],
    ['2026-03-02', ['DATE_IN_FUTURE']],
    ['2027', ['DATE_IN_FUTURE']],
  ])('%j gives %j', (value, expected) => {
    expect(codes(value)).toEqual(expected);
  });

  it('property: a full date is accepted exactly when the calendar has it and it is not after today', () => {
    // Date.UTC is the independent oracle: it rolls an impossible day over into the next month.
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const real = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
          const expected = !real ? ['INVALID_DATE'] : value > TODAY ? ['DATE_IN_FUTURE'] : [];
          expect(codes(value)).toEqual(expected);
        },
      ),
    );
  });

  it('property: today is accepted and tomorrow is not, whatever the clock says', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }), (now) => {
        const today = utcDate(now);
        const tomorrow = utcDate(now + 86_400_000);
        expect(codes(today, today)).toEqual([]);
        expect(codes(tomorrow, today)).toEqual(['DATE_IN_FUTURE']);
      }),
    );
  });
});
