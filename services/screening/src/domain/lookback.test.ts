import { describe, expect, it } from 'vitest';
import { DecisionOutcome, HitKind, WithdrawalRequested, type Party } from '@cordon/contracts';
import { coreEngine } from '@cordon/screening-core/contract';
import { LookbackIndex, lookback, withdrawalKeys, type PastWithdrawal } from './lookback.js';
import { person, versionOf } from '@cordon/screening-core/contract/testing';

const engine = coreEngine();
const ADDRESS = '0x8589427373D6D84E98730D7795D8f6f8731FDA16';
const DAY = 86_400_000;

function past(
  id: string,
  options: {
    address?: string;
    customer?: Partial<Party>;
    partition?: number;
    at?: number;
    hitEntities?: string[];
  } = {},
): { past: PastWithdrawal; keys: string[] } {
  const withdrawal = WithdrawalRequested.fromPartial({
    withdrawalId: id,
    customer: { customerRef: `c-${id}`, fullName: 'Emma Johansson', ...options.customer },
    amount: { asset: 'ETH' },
    destination: { ticker: 'ETH', address: options.address ?? '0x1111111111111111111111111111111111111111' },
  });
  return {
    past: {
      withdrawalId: id,
      customerRef: `c-${id}`,
      partition: options.partition ?? 0,
      screenedAtMillis: options.at ?? 0,
      input: WithdrawalRequested.encode(withdrawal).finish(),
      decisionHash: `hash-${id}`,
      outcome: DecisionOutcome.ALLOW,
      hitEntities: options.hitEntities ?? [],
    },
    keys: withdrawalKeys(withdrawal),
  };
}

function indexOf(entries: Array<ReturnType<typeof past>>, bounds = { maxEntries: 1_000, maxAgeMillis: 30 * DAY }) {
  const index = new LookbackIndex(bounds);
  for (const { past: p, keys } of entries) index.add(p, keys);
  return index;
}

const v1 = versionOf([person('1', 'AL-ZAHRANI, Khalid')], 'v1');
const detectedAt = { seconds: 1_767_300_000n, nanos: 0 };

describe('lookback index', () => {
  it('keys a withdrawal by its address in every written form and by its name in either script', () => {
    const a = past('a', { address: ADDRESS.toLowerCase() }).keys;
    const b = past('b', { address: ADDRESS }).keys;
    expect(a.filter((key) => key.startsWith('a|'))).toEqual(b.filter((key) => key.startsWith('a|')));
    const latin = past('c', { customer: { fullName: 'Ivan Petrov' } }).keys.filter((key) => key.startsWith('n|'));
    const cyrillic = past('d', { customer: { fullName: 'Иван Петров' } }).keys.filter((key) => key.startsWith('n|'));
    expect(latin.some((key) => cyrillic.includes(key))).toBe(true);
  });

  it('forgets the oldest withdrawals beyond its count bound and beyond its age bound', () => {
    const byCount = indexOf([past('1'), past('2'), past('3')], { maxEntries: 2, maxAgeMillis: 30 * DAY });
    expect(byCount.size).toBe(2);
    expect(byCount.candidates(past('x').keys).map((p) => p.withdrawalId)).toEqual(['2', '3']);
    const byAge = indexOf([past('old', { at: 0 }), past('new', { at: 31 * DAY })]);
    expect(byAge.candidates(past('x').keys).map((p) => p.withdrawalId)).toEqual(['new']);
  });

  it('replaces an entry screened again (a retried batch) rather than keeping two', () => {
    const index = indexOf([past('1'), past('1')]);
    expect(index.size).toBe(1);
  });
});

describe('lookback against a delta', () => {
  const entries = [
    past('to-address', { address: ADDRESS.toLowerCase(), partition: 1 }),
    past('cyrillic-name', { customer: { fullName: 'Иван Сергеевич Петров' } }),
    past('ordinary'),
  ];

  it('finds past withdrawals to a newly listed address or by a newly listed person, and only those', () => {
    const added = person('2', 'PETROV, Ivan Sergeyevich', { addresses: [ADDRESS] });
    const v2 = versionOf([...v1.entities, added], 'v2');
    const hits = lookback({ version: v2, entities: [added] }, indexOf(entries), engine, detectedAt);
    expect(hits.map((h) => h.withdrawalId)).toEqual(['to-address', 'cyrillic-name']);
    const [byAddress, byName] = hits;
    expect(byAddress!.hits.map((h) => [h.kind, h.entityId])).toEqual([[HitKind.ADDRESS, '2']]);
    expect(byName!.hits.map((h) => [h.kind, h.entityId])).toEqual([[HitKind.NAME, '2']]);
    expect(byAddress).toMatchObject({
      customerRef: 'c-to-address',
      originalDecisionHash: 'hash-to-address',
      originalOutcome: DecisionOutcome.ALLOW,
      newVersion: { source: v2.source, contentHash: v2.contentHash, versionId: 'v2' },
      policyHash: engine.policyHash,
      detectedAt,
    });
  });

  it('reports only the partitions the instance owns (as production passes them), and never a hit the original decision already had', () => {
    const added = person('2', 'PETROV, Ivan Sergeyevich', { addresses: [ADDRESS] });
    const v2 = versionOf([...v1.entities, added], 'v2');
    const onlyPartition1 = lookback(
      { version: v2, entities: [added] },
      indexOf(entries),
      engine,
      detectedAt,
      new Set([1]),
    );
    expect(onlyPartition1.map((h) => h.withdrawalId)).toEqual(['to-address']);
    const known = [past('to-address', { address: ADDRESS, hitEntities: [`${v2.source}:2`] })];
    expect(lookback({ version: v2, entities: [added] }, indexOf(known), engine, detectedAt)).toEqual([]);
  });

  it('finds nothing for an empty delta or a delta nobody touches', () => {
    expect(lookback({ version: v1, entities: [] }, indexOf(entries), engine, detectedAt)).toEqual([]);
    const unrelated = person('3', 'NAKAMURA, Hiroshi', { addresses: ['0x2222222222222222222222222222222222222222'] });
    expect(lookback({ version: v1, entities: [unrelated] }, indexOf(entries), engine, detectedAt)).toEqual([]);
  });
});
