import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WithdrawalRequested } from './gen/cordon/withdrawals/v1/withdrawals.js';
import { timestampFromMillis, timestampToMillis } from './timestamps.js';

// The range a JavaScript Date can represent.
const DATE_MILLIS = fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 });

describe('timestamps', () => {
  it('round-trip every safe millisecond count', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (millis) => {
        const ts = timestampFromMillis(millis);
        expect(ts.nanos).toBeGreaterThanOrEqual(0);
        expect(ts.nanos).toBeLessThan(1_000_000_000);
        expect(timestampToMillis(ts)).toBe(millis);
      }),
    );
  });

  it('denote the same instant as Date (checked through the generated JSON form)', () => {
    fc.assert(
      fc.property(DATE_MILLIS, (millis) => {
        const json = WithdrawalRequested.toJSON(
          WithdrawalRequested.fromPartial({ ingestedAt: timestampFromMillis(millis) }),
        );
        expect((json as { ingestedAt: string }).ingestedAt).toBe(new Date(millis).toISOString());
      }),
    );
  });

  it('put instants before 1970 on the earlier second with positive nanos', () => {
    expect(timestampFromMillis(-1)).toEqual({ seconds: -1n, nanos: 999_000_000 });
  });

  it('truncate sub-millisecond nanos towards the past', () => {
    expect(timestampToMillis({ seconds: 1n, nanos: 999_999 })).toBe(1000);
    expect(timestampToMillis({ seconds: -1n, nanos: 999_999_999 })).toBe(-1);
  });

  it.each([1.5, Number.NaN, 2 ** 53])('refuse %d milliseconds', (millis) => {
    expect(() => timestampFromMillis(millis)).toThrow(RangeError);
  });
});
