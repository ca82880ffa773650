import { describe, expect, it } from 'vitest';
import { CallerRateLimiter } from './rate-limit.js';

describe('CallerRateLimiter', () => {
  it('lets a burst through, then the rate, per caller', () => {
    const limiter = new CallerRateLimiter(2, 3);
    const taken = [0, 0, 0, 0].map(() => limiter.take('wallets', 1_000));
    expect(taken).toEqual([true, true, true, false]);
    // Another caller has a bucket of its own.
    expect(limiter.take('batch', 1_000)).toBe(true);
    // Half a second at 2 a second: one more.
    expect(limiter.take('wallets', 1_500)).toBe(true);
    expect(limiter.take('wallets', 1_500)).toBe(false);
    // Never more than the burst, however long the caller was quiet.
    expect([0, 0, 0, 0].map(() => limiter.take('wallets', 60_000))).toEqual([true, true, true, false]);
  });

  it('tells how long until a refused caller has a token again', () => {
    const limiter = new CallerRateLimiter(1 / 60, 2);
    expect(limiter.retryAfterMillis('ops', 0)).toBe(0);
    expect([limiter.take('ops', 0), limiter.take('ops', 0), limiter.take('ops', 0)]).toEqual([true, true, false]);
    expect(limiter.retryAfterMillis('ops', 0)).toBe(60_000);
    expect(limiter.retryAfterMillis('ops', 45_000)).toBe(15_000);
    expect(limiter.take('ops', 59_000)).toBe(false);
    expect(limiter.take('ops', 60_000)).toBe(true);
  });

  it('forgets the callers idle longest past its bound', () => {
    const limiter = new CallerRateLimiter(1, 1, 2);
    expect(limiter.take('a', 0)).toBe(true);
    expect(limiter.take('b', 0)).toBe(true);
    expect(limiter.take('c', 0)).toBe(true);
    // "a" was forgotten, so it starts again with a full bucket; "c" was not.
    expect(limiter.take('a', 0)).toBe(true);
    expect(limiter.take('c', 0)).toBe(false);
  });
});
