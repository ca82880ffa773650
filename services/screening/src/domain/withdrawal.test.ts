import { describe, expect, it } from 'vitest';
import { DeadLetterReason, DecisionOutcome, ScreeningDecision, WithdrawalRequested } from '@cordon/contracts';
import { coreEngine, sha256Hex, screenWithdrawal, withdrawalViolations } from '@cordon/screening-core/contract';
import { ListsInForce } from './lists-in-force.js';
import { person, versionOf } from '@cordon/screening-core/contract/testing';

const ADDRESS = '0x8589427373d6d84e98730d7795d8f6f8731fda16';
const engine = coreEngine();
const v1 = versionOf([person('1', 'AL-ZAHRANI, Khalid')], 'v1');
const v2 = versionOf(
  [person('1', 'AL-ZAHRANI, Khalid'), person('2', 'NOBODY, Listed', { addresses: [ADDRESS] })],
  'v2',
);
const record = { seconds: 99n, nanos: 0 };

const good = WithdrawalRequested.fromPartial({
  withdrawalId: 'w-1',
  customer: { customerRef: 'c-1', fullName: 'Emma Johansson' },
  destination: { ticker: 'ETH', address: ADDRESS },
  ingestedAt: { seconds: 1_767_225_600n, nanos: 7 },
});

describe('screening one requested withdrawal', () => {
  it('names each field screening cannot do without', () => {
    expect(withdrawalViolations(good)).toEqual([]);
    const bad = WithdrawalRequested.fromPartial({ withdrawalId: 'x'.repeat(129), customer: { fullName: 'A' } });
    expect(withdrawalViolations(bad).map((v) => `${v.field}:${v.code}`)).toEqual([
      'withdrawal_id:TOO_LONG',
      'customer.customer_ref:REQUIRED',
      'destination.address:REQUIRED',
    ]);
  });

  it('rejects an invalid withdrawal for the dead-letter topic instead of deciding', () => {
    const lists = new ListsInForce(engine);
    lists.apply([v1]);
    const outcome = screenWithdrawal(
      WithdrawalRequested.fromPartial({}),
      new Uint8Array(),
      record,
      engine,
      lists.snapshot!,
    );
    expect(outcome.kind).toBe('rejected');
    expect(outcome.kind === 'rejected' && outcome.reason).toBe(DeadLetterReason.INVALID_FIELDS);
  });

  it('gives the same bytes when the same record is screened again, and hashes the input bytes', () => {
    const lists = new ListsInForce(engine);
    lists.apply([v1]);
    const input = WithdrawalRequested.encode(good).finish();
    const first = screenWithdrawal(good, input, record, engine, lists.snapshot!);
    const again = screenWithdrawal(WithdrawalRequested.decode(input), input, record, engine, lists.snapshot!);
    if (first.kind !== 'decision' || again.kind !== 'decision') throw new Error('expected decisions');
    expect(Buffer.from(ScreeningDecision.encode(first.decision).finish())).toEqual(
      Buffer.from(ScreeningDecision.encode(again.decision).finish()),
    );
    expect(first.decision.inputSha256).toBe(sha256Hex(input));
    expect(first.decision.screenedAt).toEqual(good.ingestedAt);
  });

  it('screens against the new version only once it is fully in force, and skips a version already in force', () => {
    const lists = new ListsInForce(engine);
    expect(lists.missing([v1.source])).toEqual([v1.source]);
    lists.apply([v1]);
    const input = WithdrawalRequested.encode(good).finish();
    const before = lists.snapshot!;
    expect(lists.apply([v2]).map((a) => [a.version.versionId, a.replaced?.versionId])).toEqual([['v2', 'v1']]);
    expect(lists.apply([v2])).toEqual([]);
    const old = screenWithdrawal(good, input, record, engine, before);
    const now = screenWithdrawal(good, input, record, engine, lists.snapshot!);
    expect(old.kind === 'decision' && old.decision.outcome).toBe(DecisionOutcome.ALLOW);
    expect(now.kind === 'decision' && now.decision.outcome).toBe(DecisionOutcome.BLOCK);
    expect(now.kind === 'decision' && now.decision.pinnedVersions.map((p) => p.versionId)).toEqual(['v2']);
    expect(lists.missing([v1.source])).toEqual([]);
  });
});
