import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@cordon/lists';
import { canonicalize } from './hashing.js';

describe('canonicalize', () => {
  it('writes the same bytes as the general canonical serialiser for any JSON-like value', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true }), (value) => {
        let expected: string | Error;
        try {
          expected = canonicalJson(value);
        } catch (error) {
          expected = error as Error;
        }
        if (expected instanceof Error) expect(() => canonicalize(value)).toThrow(expected.constructor as never);
        else expect(canonicalize(value)).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('sorts keys by code unit at every depth and leaves out undefined members', () => {
    const value = { b: [{ z: 1, a: undefined, Z: 'x' }], a: { é: true, e: null }, B: -0 };
    expect(canonicalize(value)).toBe('{"B":0,"a":{"e":null,"é":true},"b":[{"Z":"x","z":1}]}');
  });

  it('defers to the general serialiser for keys that name Object.prototype members', () => {
    const value = JSON.parse('{"constructor":1,"inner":{"x":2}}') as unknown;
    expect(canonicalize(value)).toBe(canonicalJson(value));
  });
});
