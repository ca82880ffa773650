import { describe, expect, it } from 'vitest';
import { DecisionOutcome, timestampFromMillis, WithdrawalRequested, type ScreeningDecision } from '@cordon/contracts';
import { DEFAULT_POLICY, parsePolicy, policyHash } from '@cordon/screening-core';
import { coreEngine, decisionHash, screenWithdrawal, type ListVersion } from '@cordon/screening-core/contract';
import { person, versionOf } from '@cordon/screening-core/contract/testing';
import { firstDifference, Verifier, versionKey, type InputRecord, type ReplayCatalogue } from './verify.js';
import { WhatIfScreener } from './whatif.js';

const LISTED = '0x098b716b8aaf21512996dc57eb0615e2383e2f96';
const NEW = '0x1111111111111111111111111111111111111111';
const AT = 1_767_225_600_000;

const v1 = versionOf([person('100', 'ONE, Listed', { addresses: [LISTED] })], 'v1');
v1.manifest.fetchedAt = timestampFromMillis(AT - 3_600_000);
const v2 = versionOf([...v1.entities, person('200', 'TWO, Added', { addresses: [NEW] })], 'v2');
v2.manifest.fetchedAt = timestampFromMillis(AT - 1_000);

function catalogue(versions: ListVersion[] = [v1, v2]): ReplayCatalogue {
  return {
    versions: new Map(versions.map((v) => [versionKey(v.source, v.contentHash), v])),
    policies: new Map([[policyHash(DEFAULT_POLICY), DEFAULT_POLICY]]),
    confirmations: new Set(),
  };
}

function decided(
  id: string,
  address: string,
  version = v1,
  suppressions: Array<{ source: number; entityId: string; entityHash: string; caseId: string }> = [],
): { decision: ScreeningDecision; input: InputRecord } {
  const withdrawal = WithdrawalRequested.fromPartial({
    withdrawalId: id,
    customer: { customerRef: `c-${id}`, fullName: 'Emma Johansson' },
    destination: { ticker: 'ETH', address, canonical: `evm:${address}`, valid: true, chains: ['eth'] },
    ingestedAt: timestampFromMillis(AT),
  });
  const value = WithdrawalRequested.encode(withdrawal).finish();
  const engine = coreEngine();
  const made = screenWithdrawal(
    withdrawal,
    value,
    timestampFromMillis(AT),
    engine,
    engine.buildSnapshot([version]),
    new Map(),
    () => suppressions,
  );
  if (made.kind !== 'decision') throw new Error(made.detail);
  return { decision: made.decision, input: { partition: 0, offset: '7', timestampMillis: AT, value } };
}

const at = { partition: 1, offset: '42', timestampMillis: AT };

describe('Verifier', () => {
  it('verifies a decision made by the screening code path, building each version set once', () => {
    const verifier = new Verifier(catalogue());
    const a = decided('w-1', LISTED);
    const b = decided('w-2', NEW);
    expect(a.decision.outcome).toBe(DecisionOutcome.BLOCK);
    expect(verifier.verify(a.decision, at, [a.input])).toMatchObject({ status: 'verified', withdrawalId: 'w-1' });
    expect(verifier.verify(b.decision, at, [b.input]).status).toBe('verified');
    expect(verifier.snapshotsBuilt).toBe(1);
  });

  it('verifies a decision whose hit an approved false positive suppressed, from the suppression it pinned', () => {
    const { decision, input } = decided('w-s', LISTED, v1, [
      { source: v1.source, entityId: '100', entityHash: v1.entityHashes.get('100')!, caseId: 'case-1' },
    ]);
    expect(decision.hits.map((h) => [h.entityId, h.suppressed, h.suppressedByCase])).toEqual([['100', true, 'case-1']]);
    expect(decision.outcome).not.toBe(DecisionOutcome.BLOCK);
    expect(new Verifier(catalogue()).verify(decision, at, [input]).status).toBe('verified');
  });

  it('names the differing field of a decision whose content was changed and sealed again', () => {
    const { decision, input } = decided('w-1', LISTED);
    const altered = { ...decision, outcome: DecisionOutcome.HOLD };
    altered.decisionHash = decisionHash(altered);
    const result = new Verifier(catalogue()).verify(altered, at, [input]);
    expect(result).toMatchObject({ status: 'mismatched', field: 'outcome' });
    expect(result.reason).toBe(
      'outcome is "DECISION_OUTCOME_HOLD" in the decision, "DECISION_OUTCOME_BLOCK" on replay',
    );
  });

  it('reports a wrong decision hash, input bytes that do not match, and what cannot be resolved', () => {
    const { decision, input } = decided('w-1', LISTED);
    const verifier = new Verifier(catalogue());
    expect(verifier.verify({ ...decision, decisionHash: '00'.repeat(32) }, at, [input])).toMatchObject({
      status: 'mismatched',
      field: 'decision_hash',
    });
    const other = { ...input, value: new Uint8Array([...input.value, 0x50, 0x01]) };
    expect(verifier.verify(decision, at, [other])).toMatchObject({ status: 'mismatched', field: 'input_sha256' });
    // Of several records with the id, the one whose bytes the decision hashed is the input.
    expect(verifier.verify(decision, at, [other, input]).status).toBe('verified');
    expect(verifier.verify(decision, at, []).status).toBe('input-missing');
    expect(new Verifier(catalogue([v2])).verify(decision, at, [input])).toMatchObject({
      status: 'list-version-missing',
      reason: `pinned list version ofac-sdn:${v1.contentHash} is not on the snapshots topic`,
    });
    const noPolicy = { ...catalogue(), policies: new Map() };
    expect(new Verifier(noPolicy).verify(decision, at, [input]).status).toBe('policy-missing');
    const older = { ...decision, engineVersion: '0.0.1' };
    older.decisionHash = decisionHash(older);
    expect(verifier.verify(older, at, [input]).status).toBe('other-engine-version');
  });

  it('refuses a confirmation time the snapshots topic does not back', () => {
    const { decision, input } = decided('w-1', LISTED);
    const pinned = decision.pinnedVersions.map((p) => ({ ...p, confirmedAt: timestampFromMillis(AT - 5) }));
    const claimed = { ...decision, pinnedVersions: pinned };
    claimed.decisionHash = decisionHash(claimed);
    expect(new Verifier(catalogue()).verify(claimed, at, [input])).toMatchObject({
      status: 'mismatched',
      field: 'pinned_versions[0].confirmed_at',
    });
  });
});

describe('what if', () => {
  it('under a newer version: only the withdrawal to the added address changes, with its new hit', () => {
    const verifier = new Verifier(catalogue());
    const screener = new WhatIfScreener(verifier, { versions: [v2] });
    const changes = [decided('w-1', LISTED), decided('w-2', NEW), decided('w-3', `0x${'2'.repeat(40)}`)].map(
      ({ decision, input }) => {
        const again = screener.screen(decision, input);
        if (typeof again === 'string') throw new Error(again);
        return WhatIfScreener.change(decision, again);
      },
    );
    expect(
      changes.filter(Boolean).map((c) => [c!.withdrawalId, c!.from, c!.to, c!.newHits.map((h) => h.entityId)]),
    ).toEqual([['w-2', 'ALLOW', 'BLOCK', ['200']]]);
  });

  it('under another policy: the outcome it would give', () => {
    const verifier = new Verifier(catalogue());
    const holdOnly = parsePolicy({ address: { onHit: 'HOLD' } });
    const { decision, input } = decided('w-1', LISTED);
    const again = new WhatIfScreener(verifier, { versions: [], policy: holdOnly }).screen(decision, input);
    if (typeof again === 'string') throw new Error(again);
    expect(WhatIfScreener.change(decision, again)).toMatchObject({
      from: 'BLOCK',
      to: 'HOLD',
      newHits: [],
      goneHits: [],
    });
  });
});

describe('firstDifference', () => {
  it('gives the first differing path in key order, or undefined', () => {
    expect(firstDifference({ a: 1, b: [1, { c: 2 }] }, { a: 1, b: [1, { c: 3 }] })).toBe('b[1].c');
    expect(firstDifference({ a: [1] }, { a: [1, 2] })).toBe('a[1]');
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeUndefined();
  });
});
