import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBirthDate } from './dates.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

describe('parseBirthDate', () => {
  it.each([
    ['15 Jan 1964', { raw: '15 Jan 1964', date: '1964-01-15' }],
    ['Jan 1964', { raw: 'Jan 1964', date: '1964-01' }],
    ['1964', { raw: '1964', date: '1964' }],
    ['1964.', { raw: '1964', date: '1964' }],
    ['circa 1964', { raw: 'circa 1964', date: '1964', fromYear: 1963, toYear: 1965 }],
    ['1960 to 1962', { raw: '1960 to 1962', fromYear: 1960, toYear: 1962 }],
    ['01 Jan 1960 to 31 Dec 1962', { raw: '01 Jan 1960 to 31 Dec 1962', fromYear: 1960, toYear: 1962 }],
    ['circa 1955-1958', { raw: 'circa 1955-1958', fromYear: 1954, toYear: 1959 }],
    ['1964-07-17', { raw: '1964-07-17', date: '1964-07-17' }],
    ['12/05/1958', { raw: '12/05/1958', date: '1958-05-12' }],
    ['dd/mm/1945', { raw: 'dd/mm/1945', date: '1945' }],
    ['00/00/1980', { raw: '00/00/1980', date: '1980' }],
    ['31 Feb 1970', { raw: '31 Feb 1970' }],
    ['unknown', { raw: 'unknown' }],
  ])('%s', (published, expected) => {
    expect(parseBirthDate(published)).toEqual(expected);
  });

  it('reads every valid "DD Mon YYYY" as the same calendar date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2010-12-31'), noInvalidDate: true }), (d) => {
        const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
        const published = `${String(day).padStart(2, '0')} ${MONTHS[m]} ${y}`;
        expect(parseBirthDate(published).date).toBe(d.toISOString().slice(0, 10));
      }),
    );
  });

  it('keeps the published text and never yields a range that runs backwards', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const parsed = parseBirthDate(s);
        expect(parsed.raw).toBe(s.replace(/\s+/gu, ' ').trim().replace(/\.$/u, ''));
        if (parsed.fromYear !== undefined) expect(parsed.toYear).toBeGreaterThanOrEqual(parsed.fromYear);
      }),
    );
  });
});
