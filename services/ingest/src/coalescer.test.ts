import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalescer.js';

describe('Coalescer', () => {
  it('runs calls made while one is in flight together, each getting its own outputs in order', async () => {
    const runs: number[][] = [];
    let releaseFirst: () => void = () => undefined;
    const coalescer = new Coalescer<number, number>(
      async (items) => {
        runs.push(items);
        if (runs.length === 1) await new Promise<void>((resolve) => (releaseFirst = resolve));
        return items.map((i) => i * 10);
      },
      1,
      100,
    );
    const a = coalescer.call([1]);
    const b = coalescer.call([2, 3]);
    const c = coalescer.call([4]);
    releaseFirst();
    expect(await Promise.all([a, b, c])).toEqual([[10], [20, 30], [40]]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps a run within maxItems and passes a failure to every call of the run', async () => {
    const runs: number[][] = [];
    let releaseFirst: () => void = () => undefined;
    const coalescer = new Coalescer<number, number>(
      async (items) => {
        runs.push(items);
        if (runs.length === 1) await new Promise<void>((resolve) => (releaseFirst = resolve));
        if (items.includes(3)) throw new Error('bad batch');
        return items;
      },
      1,
      2,
    );
    const first = coalescer.call([1]);
    const calls = [coalescer.call([2]), coalescer.call([3]), coalescer.call([4, 5])];
    releaseFirst();
    await first;
    const settled = await Promise.allSettled(calls);
    expect(runs).toEqual([[1], [2, 3], [4, 5]]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });
});
