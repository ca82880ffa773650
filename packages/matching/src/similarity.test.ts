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

  it('gives what the textbook algorithm gives, call after call (its buffers are not cleared between calls)', () => {
    // Jaro as usually written, with fresh arrays for every call.
    const reference = (a: string, b: string): number => {
      if (a === b) return 1;
      if (a.length === 0 || b.length === 0) return 0;
      const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
      const usedA = new Array<boolean>(a.length).fill(false);
      const usedB = new Array<boolean>(b.length).fill(false);
      let m = 0;
      for (let i = 0; i < a.length; i++) {
        for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
          if (!usedB[j] && a[i] === b[j]) {
            usedA[i] = usedB[j] = true;
            m++;
            break;
          }
        }
      }
      if (m === 0) return 0;
      const left = [...a].filter((_, i) => usedA[i]);
      const right = [...b].filter((_, j) => usedB[j]);
      const t = left.filter((c, k) => c !== right[k]).length / 2;
      return (m / a.length + m / b.length + (m - t) / m) / 3;
    };
    const word = fc.stringMatching(/^[a-f]{0,12}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(word, word), { minLength: 1, maxLength: 8 }), (pairs) => {
        for (const [a, b] of pairs) expect(jaro(a, b)).toBeCloseTo(reference(a, b), 12);
      }),
    );
  });
});
