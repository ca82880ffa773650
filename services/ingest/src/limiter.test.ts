import { describe, expect, it } from 'vitest';
import { InFlightLimiter, KeyLocks } from './limiter.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('InFlightLimiter', () => {
  it('turns away what does not fit and lets waiters in first come, first served', async () => {
    const limiter = new InFlightLimiter(4);
    expect(limiter.tryAcquire(3)).toBe(true);
    expect(limiter.tryAcquire(2)).toBe(false);
    const order: string[] = [];
    const a = limiter.acquire(2).then(() => order.push('a'));
    const b = limiter.acquire(1).then(() => order.push('b'));
    await tick();
    // b would fit now, but a came first: no overtaking, and tryAcquire does not jump the queue either.
    expect(order).toEqual([]);
    expect(limiter.tryAcquire(1)).toBe(false);
    limiter.release(3);
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
    expect(limiter.inFlight).toBe(3);
  });

  it('refuses a request larger than its capacity instead of waiting forever', async () => {
    await expect(new InFlightLimiter(2).acquire(3)).rejects.toThrow(RangeError);
  });
});

describe('KeyLocks', () => {
  it('runs work on one key one at a time, in call order, and work on other keys alongside', async () => {
    const locks = new KeyLocks();
    const log: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = locks.run(['k1'], async () => {
      log.push('first start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('first end');
    });
    const second = locks.run(['k1', 'k2'], async () => log.push('second'));
    const other = locks.run(['k3'], async () => log.push('other'));
    await other;
    expect(log).toEqual(['first start', 'other']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(log).toEqual(['first start', 'other', 'first end', 'second']);
  });

  it('releases the lock when the work fails', async () => {
    const locks = new KeyLocks();
    await expect(locks.run(['k'], async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(locks.run(['k'], async () => 'after')).resolves.toBe('after');
  });
});
