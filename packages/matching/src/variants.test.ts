import { describe, expect, it } from 'vitest';
import { analyseName } from './analyse.js';
import { canonicalVariant, polishVariant, variantGroups } from './variants.js';

describe('given-name variant groups', () => {
  it('never put one spelling in two groups', () => {
    const owner = new Map<string, number>();
    variantGroups().forEach((group, i) => {
      for (const key of group) {
        const previous = owner.get(key);
        expect(previous === undefined || previous === i, `${key} in groups ${previous} and ${i}`).toBe(true);
        owner.set(key, i);
      }
    });
  });

  it('map every member onto its group and leave other names alone', () => {
    for (const group of variantGroups()) {
      for (const key of group) expect(canonicalVariant(key)).toBe(group[0]);
    }
    expect(canonicalVariant('smit')).toBe('smit');
  });

  it('join a member in Polish spelling, with j for the glide (Jewhen for Yevhen), and only in Polish spelling', () => {
    expect(polishVariant('jewhen')).toBe(canonicalVariant(analyseName('Yevhen').tokens[0]?.key ?? ''));
    expect(analyseName('Jewhen').tokens[0]?.key).toBe(analyseName('Евгений').tokens[0]?.key);
    // No w, sz, cz or rz: not Polish spelling, so j is not read as y.
    expect(polishVariant('julia')).toBeUndefined();
    expect(polishVariant('wojciech')).toBeUndefined();
  });
});
