import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler } from './similarity.js';

describe('jaro / jaroWinkler', () => {
  it('reproduces the examples published by Winkler (1990)', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.944, 3);
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
  });

  it('is 1 for equal strings and 0 when nothing matches', () => {
    expect(jaroWinkler('putin', 'putin')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });

  it('stays in [0,1], is symmetric and never below plain Jaro', () => {
    const word = fc.stringMatching(/^[a-e]{0,10}$/);
    fc.assert(
      fc.property(word, word, (a, b) => {
        const jw = jaroWinkler(a, b);
        expect(jw).toBeGreaterThanOrEqual(0);
        expect(jw).toBeLessThanOrEqual(1);
        expect(jw).toBeCloseTo(jaroWinkler(b, a), 12);
        expect(jw).toBeGreaterThanOrEqual(jaro(a, b));
      }),
    );
  });
});
