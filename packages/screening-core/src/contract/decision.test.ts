import { describe, expect, it } from 'vitest';
import { DecisionOutcome, HitKind, ListSource, ScreeningDecision, WithdrawalRequested } from '@cordon/contracts';
import { decisionHash, sealDecision, screenedAtOf, sha256Hex } from './decision.js';
import type { DecisionBody } from './engine.js';

const body: DecisionBody = {
  outcome: DecisionOutcome.BLOCK,
  hits: [
    {
      source: ListSource.OFAC_SDN,
      entityId: '25308',
      entityHash: 'e'.repeat(64),
      kind: HitKind.ADDRESS,
      matchedValue: 'b58:12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h',
      queryField: 'destination.canonical',
      queryValue: 'b58:12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h',
      scoreBp: 10_000,
      features: [],
      programs: ['SDNTK'],
      suppressed: false,
      suppressedByCase: '',
    },
  ],
  reasons: [{ code: 'ADDRESS_EXACT_MATCH', detail: 'listed address' }],
  pinnedVersions: [{ source: ListSource.OFAC_SDN, contentHash: 'c'.repeat(64), versionId: '12/28/2023' }],
  policyHash: 'p'.repeat(64),
  engineVersion: '1.0.0',
};

const subject = {
  withdrawalId: 'w-1',
  requestId: '',
  customerRef: 'cust-1',
  inputSha256: sha256Hex(new TextEncoder().encode('input')),
  screenedAt: { seconds: 1_767_225_600n, nanos: 5 },
};

describe('sealed decisions', () => {
  it('hashes the decision as the contract says: its encoding with hash and screened_at cleared', () => {
    const decision = sealDecision(body, subject);
    const cleared = ScreeningDecision.encode({ ...decision, decisionHash: '', screenedAt: undefined }).finish();
    expect(decision.decisionHash).toBe(sha256Hex(cleared));
    expect(decision.decisionHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives identical bytes for identical inputs', () => {
    const a = ScreeningDecision.encode(sealDecision(body, subject)).finish();
    const b = ScreeningDecision.encode(sealDecision(structuredClone(body), { ...subject })).finish();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('keeps the hash when only the screening time differs, changes it when anything decided differs', () => {
    const base = sealDecision(body, subject).decisionHash;
    expect(sealDecision(body, { ...subject, screenedAt: { seconds: 1n, nanos: 0 } }).decisionHash).toBe(base);
    expect(sealDecision({ ...body, outcome: DecisionOutcome.HOLD }, subject).decisionHash).not.toBe(base);
    expect(sealDecision({ ...body, policyHash: 'q'.repeat(64) }, subject).decisionHash).not.toBe(base);
    expect(sealDecision(body, { ...subject, inputSha256: sha256Hex(new Uint8Array([1])) }).decisionHash).not.toBe(base);
    const pinned = [{ ...body.pinnedVersions[0]!, contentHash: 'd'.repeat(64) }];
    expect(sealDecision({ ...body, pinnedVersions: pinned }, subject).decisionHash).not.toBe(base);
    const hits = [{ ...body.hits[0]!, scoreBp: 9_999 }];
    expect(sealDecision({ ...body, hits }, subject).decisionHash).not.toBe(base);
  });

  it('verifies: recomputing the hash of a published decision gives its decision_hash', () => {
    const decision = ScreeningDecision.decode(ScreeningDecision.encode(sealDecision(body, subject)).finish());
    expect(decisionHash(decision)).toBe(decision.decisionHash);
  });

  it('takes the screening time from the input, never the clock', () => {
    const record = { seconds: 9n, nanos: 0 };
    const ingestedAt = { seconds: 7n, nanos: 1 };
    const requestedAt = { seconds: 6n, nanos: 2 };
    const w = WithdrawalRequested.fromPartial({ ingestedAt, requestedAt });
    expect(screenedAtOf(w, record)).toEqual(ingestedAt);
    expect(screenedAtOf(WithdrawalRequested.fromPartial({ requestedAt }), record)).toEqual(requestedAt);
    expect(screenedAtOf(WithdrawalRequested.fromPartial({}), record)).toEqual(record);
  });
});
