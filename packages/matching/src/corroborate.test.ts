import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDob, compareNationality, corroborate, STRONGEST_EVIDENCE_KEEP } from './corroborate.js';

describe('compareDob', () => {
  const listed = [{ date: '1952-10-07' }];

  it('tells an exact date, a matching year, a clear mismatch and no evidence apart', () => {
    expect(compareDob('1952-10-07', listed)).toBe('exact');
    expect(compareDob('1952', listed)).toBe('year');
    expect(compareDob('1953', listed)).toBe('year');
    expect(compareDob('1990-01-01', listed)).toBe('mismatch');
    expect(compareDob('1952-03-01', listed)).toBe('unknown');
    expect(compareDob(undefined, listed)).toBe('unknown');
    expect(compareDob('1952', [])).toBe('unknown');
  });

  it('uses published year ranges and the best of several dates', () => {
    expect(compareDob('1962', [{ fromYear: 1961, toYear: 1963 }])).toBe('year');
    expect(compareDob('1970', [{ fromYear: 1961, toYear: 1963 }])).toBe('mismatch');
    expect(compareDob('1958-05-05', [{ date: '1957-07-30' }, { date: '1958-05-05' }])).toBe('exact');
  });
});

describe('compareNationality', () => {
  it('matches ISO codes case-insensitively and ignores values that are not codes', () => {
    expect(compareNationality('ru', ['RU'])).toBe('match');
    expect(compareNationality('FR', ['RU', 'FI'])).toBe('mismatch');
    expect(compareNationality('FR', ['Russia'])).toBe('unknown');
    expect(compareNationality(undefined, ['RU'])).toBe('unknown');
  });
});

describe('corroborate', () => {
  it('raises a score on agreement, lowers it on disagreement, keeps it without evidence', () => {
    expect(corroborate(0.8, 'exact', 'unknown')).toBeGreaterThan(0.8);
    expect(corroborate(0.8, 'year', 'unknown')).toBeGreaterThan(0.8);
    expect(corroborate(0.8, 'exact', 'unknown')).toBeGreaterThan(corroborate(0.8, 'year', 'unknown'));
    expect(corroborate(0.8, 'mismatch', 'unknown')).toBeLessThan(0.8);
    expect(corroborate(0.8, 'unknown', 'mismatch')).toBeLessThan(0.8);
    expect(corroborate(0.8, 'unknown', 'unknown')).toBe(0.8);
  });

  it('never lifts a score past the bound searches prune with', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (s) => {
        expect(corroborate(s, 'exact', 'match')).toBeCloseTo(1 - (1 - s) * STRONGEST_EVIDENCE_KEEP, 12);
        expect(corroborate(s, 'year', 'match')).toBeLessThanOrEqual(1 - (1 - s) * STRONGEST_EVIDENCE_KEEP + 1e-12);
      }),
    );
  });

  it('keeps every score in [0,1] and in order', () => {
    const evidence = fc.constantFrom('exact', 'year', 'mismatch', 'unknown' as const);
    const nat = fc.constantFrom('match', 'mismatch', 'unknown' as const);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        evidence,
        nat,
        (a, b, dob, n) => {
          const ca = corroborate(a, dob, n);
          expect(ca).toBeGreaterThanOrEqual(0);
          expect(ca).toBeLessThanOrEqual(1);
          if (a <= b) expect(ca).toBeLessThanOrEqual(corroborate(b, dob, n));
        },
      ),
    );
  });
});
