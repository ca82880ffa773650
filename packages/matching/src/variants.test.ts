import { describe, expect, it } from 'vitest';
import { canonicalVariant, variantGroups } from './variants.js';

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
});
