import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timestampFromMillis, type Timestamp } from '@cordon/contracts';
import { checkRequestedAt } from './timestamps.js';
import { Violations } from './violations.js';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const SKEW = 300_000;

function codes(value: Timestamp | undefined): string[] {
  const violations = new Violations();
  checkRequestedAt(value, NOW, SKEW, violations);
  return violations.list.map((v) => v.code);
}

describe('checkRequestedAt', () => {
  it.each([
    ['missing', undefined, ['REQUIRED']],
    ['now', timestampFromMillis(NOW), []],
    ['an hour ago', timestampFromMillis(NOW - 3_600_000), []],
    ['at the skew limit', timestampFromMillis(NOW + SKEW), []],
    ['1 ms past the skew limit', timestampFromMillis(NOW + SKEW + 1), ['TIMESTAMP_IN_FUTURE']],
    ['in milliseconds where seconds belong', { seconds: BigInt(NOW), nanos: 0 }, ['TIMESTAMP_IN_FUTURE']],
    ['beyond any safe millisecond count', { seconds: 2n ** 62n, nanos: 0 }, ['TIMESTAMP_IN_FUTURE']],
    ['the epoch', { seconds: 0n, nanos: 0 }, ['TIMESTAMP_TOO_EARLY']],
    ['before the epoch', { seconds: -(2n ** 62n), nanos: 0 }, ['TIMESTAMP_TOO_EARLY']],
    ['with negative nanos', { seconds: 1_760_000_000n, nanos: -1 }, ['INVALID_TIMESTAMP']],
    ['with nanos of a whole second', { seconds: 1_760_000_000n, nanos: 1_000_000_000 }, ['INVALID_TIMESTAMP']],
  ] as Array<[string, Timestamp | undefined, string[]]>)('%s gives %s', (_name, value, expected) => {
    expect(codes(value)).toEqual(expected);
  });

  it('property: accepted exactly when between 2009-01-03 and now + skew', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2005, 0, 1), max: NOW + 2 * SKEW }), (millis) => {
        const ok = millis >= Date.UTC(2009, 0, 3, 18, 15, 5) && millis <= NOW + SKEW;
        expect(codes(timestampFromMillis(millis)).length === 0).toBe(ok);
      }),
    );
  });
});
