import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIdentifier } from './identifiers.js';
import { Violations } from './violations.js';

function codes(value: string, required = true): string[] {
  const violations = new Violations();
  checkIdentifier(value, 'withdrawal_id', violations, { required });
  return violations.list.map((v) => v.code);
}

describe('checkIdentifier', () => {
  it.each([
    ['wd-2026-000123', []],
    ['a', []],
    ['x'.repeat(128), []],
    ['A:b/c=d+e@f.g_h~!', []],
    ['', ['REQUIRED']],
    ['x'.repeat(129), ['TOO_LONG']],
    ['has space', ['BAD_CHARACTERS']],
    ['tab\there', ['BAD_CHARACTERS']],
    ['nul\u0000', ['BAD_CHARACTERS']],
    ['ünïcode', ['BAD_CHARACTERS']],
    ['wd\u200b1', ['BAD_CHARACTERS']],
  ])('%j gives %j', (value, expected) => {
    expect(codes(value)).toEqual(expected);
  });

  it('lets an optional identifier be empty', () => {
    expect(codes('', false)).toEqual([]);
  });

  it('property: any string of 1..128 visible ASCII characters passes unchanged, anything else does not', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 140, unit: 'binary' }), (value) => {
        const violations = new Violations();
        const result = checkIdentifier(value, 'idempotency_key', violations);
        const expectedOk = value.length <= 128 && [...value].every((c) => c >= '!' && c <= '~');
        expect(result === value).toBe(expectedOk);
        expect(violations.empty).toBe(expectedOk);
      }),
    );
  });
});
