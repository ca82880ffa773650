import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, HEADERS, WithdrawalRequested } from '@cordon/contracts';
import { createLogger, encodeEvent, type ConsumedRecord } from '@cordon/platform';
import { coreEngine } from '@cordon/screening-core/contract';
import { person, versionOf } from '@cordon/screening-core/contract/testing';
import { ListsInForce } from '../../domain/lists-in-force.js';
import type { PastWithdrawal } from '../../domain/lookback.js';
import { createScreeningMetrics } from '../../metrics.js';
import { withdrawalProcessor } from './withdrawals.js';

const engine = coreEngine();
const lists = new ListsInForce(engine);
lists.apply([versionOf([person('1', 'AL-ZAHRANI, Khalid')], 'v1')]);

function record(id: string, offset: number, epoch?: string): ConsumedRecord {
  const withdrawal = WithdrawalRequested.fromPartial({
    withdrawalId: id,
    customer: { customerRef: `c-${id}`, fullName: 'Emma Johansson' },
    destination: { ticker: 'ETH', address: '0x8589427373d6d84e98730d7795d8f6f8731fda16' },
    ingestedAt: { seconds: 1_767_225_600n, nanos: 0 },
  });
  const { value, headers } = encodeEvent(EVENT_TYPES.withdrawalRequested, withdrawal);
  return {
    topic: 'requested',
    partition: 1,
    offset: String(offset),
    key: Buffer.from(`c-${id}`),
    value,
    headers: epoch ? { ...headers, [HEADERS.reservationEpoch]: epoch } : headers,
    timestamp: '1767225600000',
  };
}

function processor(remember: (past: PastWithdrawal) => void) {
  const remembered = new Map<string, PastWithdrawal>();
  const metrics = createScreeningMetrics();
  const p = withdrawalProcessor({
    service: 'screening',
    engine,
    snapshot: () => lists.snapshot,
    topics: { decisions: 'decisions', deadLetters: 'rejected' },
    maxRecordBytes: 64 * 1024,
    metrics,
    logger: createLogger('screening', { level: 'silent' }),
    lookback: {
      ready: async () => undefined,
      decided: (id) => remembered.get(id),
      remember: (past) => {
        remember(past);
        remembered.set(past.withdrawalId, past);
      },
    },
  });
  return { p, remembered, metrics };
}

const reasonOf = (out: { headers?: Record<string, string | Buffer> }) => out.headers?.[HEADERS.dlqReason]?.toString();

describe('the withdrawal processor and the lookback window (review F19, F10)', () => {
  it('remembers a decided withdrawal only once its batch has committed', async () => {
    const calls: string[] = [];
    const { p } = processor((past) => calls.push(past.withdrawalId));
    const first = await p.process([record('w-1', 0)]);
    expect(first.map((r) => r.topic)).toEqual(['decisions']);
    expect(calls).toEqual([]);
    // The transaction failed: the batch is processed again, identically, and still nothing is remembered.
    const again = await p.process([record('w-1', 0)]);
    expect(again.map((r) => r.value?.toString('hex'))).toEqual(first.map((r) => r.value?.toString('hex')));
    expect(calls).toEqual([]);
    p.committed({ topic: 'requested', partition: 1, count: 1 });
    expect(calls).toEqual(['w-1']);
  });

  it('contains a remember that throws: the next batches are screened, the failure counted', async () => {
    const { p, metrics } = processor(() => {
      throw new Error('key extraction failed');
    });
    await p.process([record('w-1', 0)]);
    expect(() => p.committed({ topic: 'requested', partition: 1, count: 1 })).not.toThrow();
    expect((await metrics.lookbackRememberFailures.get()).values[0]?.value).toBe(1);
    expect((await p.process([record('w-2', 1)])).map((r) => r.topic)).toEqual(['decisions']);
  });

  it('dead-letters a second record of a withdrawal as DUPLICATE, within a batch and after the first committed', async () => {
    const { p } = processor(() => undefined);
    const out = await p.process([record('w-1', 0, '1'), record('w-1', 1, '2')]);
    expect(out.map((r) => r.topic)).toEqual(['decisions', 'rejected']);
    expect(reasonOf(out[1]!)).toBe('DEAD_LETTER_REASON_DUPLICATE');
    p.committed({ topic: 'requested', partition: 1, count: 2 });
    const later = await p.process([record('w-1', 2, '3')]);
    expect(later.map(reasonOf)).toEqual(['DEAD_LETTER_REASON_DUPLICATE']);
  });
});
