import { describe, expect, it } from 'vitest';
import { DecisionOutcome } from '@cordon/contracts';
import { createLogger } from '@cordon/platform';
import { LookbackIndex, type PastWithdrawal } from '../../domain/lookback.js';
import { LookbackWindow, type RebuildResult } from './lookback-window.js';

const past = (id: string, partition: number): PastWithdrawal => ({
  withdrawalId: id,
  customerRef: `c-${id}`,
  partition,
  screenedAtMillis: 1_000,
  input: new Uint8Array(),
  decisionHash: `h-${id}`,
  outcome: DecisionOutcome.ALLOW,
  hitEntities: [],
});

function windowOf(rebuild: (partitions: number[]) => Promise<RebuildResult>) {
  const index = new LookbackIndex({ maxEntries: 100, maxAgeMillis: 1_000_000 });
  const window = new LookbackWindow({
    index,
    logger: createLogger('screening', { level: 'silent' }),
    maxAgeMillis: 1_000_000,
    now: () => 2_000,
    rebuild: (partitions) => rebuild(partitions),
  });
  return { index, window };
}

const result = (...withdrawals: PastWithdrawal[]): RebuildResult => ({
  withdrawals: withdrawals.map((p) => ({ past: p, keys: [] })),
  requestedRead: withdrawals.length,
  undecided: 0,
});

describe('the lookback window of the partitions an instance owns', () => {
  it('rebuilds assigned partitions, forgets revoked ones, and makes a batch wait for its rebuild', async () => {
    let finish: (r: RebuildResult) => void = () => undefined;
    const { index, window } = windowOf(() => new Promise((resolve) => (finish = resolve)));
    window.assign([0, 1]);
    let ready = false;
    const waiting = window.ready(1).then(() => (ready = true));
    await Promise.resolve();
    expect(ready).toBe(false);
    finish(result(past('a', 0), past('b', 1)));
    await waiting;
    expect([index.get('a')?.partition, index.get('b')?.partition]).toEqual([0, 1]);
    window.revoke([1]);
    expect(index.get('b')).toBeUndefined();
    expect([...window.owned()]).toEqual([0]);
  });

  it('ignores a rebuild that finishes after its partition was revoked', async () => {
    let finish: (r: RebuildResult) => void = () => undefined;
    const { index, window } = windowOf(() => new Promise((resolve) => (finish = resolve)));
    window.assign([0]);
    window.revoke([0]);
    finish(result(past('late', 0)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(index.get('late')).toBeUndefined();
  });

  it('starts a failed rebuild again when a batch asks, and a lookback waits for an assignment under way', async () => {
    let calls = 0;
    const { index, window } = windowOf(async () => {
      calls++;
      if (calls === 1) throw new Error('broker away');
      return result(past('x', 2));
    });
    window.expectAssignment();
    let settled = false;
    const lookback = window.settled().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    window.assign([2]);
    await expect(window.ready(2)).rejects.toThrow('broker away');
    await window.ready(2);
    await lookback;
    expect(index.get('x')?.partition).toBe(2);
    expect(calls).toBe(2);
  });
});
