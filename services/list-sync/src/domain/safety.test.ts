import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListSource, QuarantineReason, timestampToMillis } from '@cordon/contracts';
import {
  DEFAULT_SAFETY_POLICY,
  judgeCandidate,
  parseFailureReason,
  quarantineAlert,
  retryDelayMillis,
} from './safety.js';

const lastGood = { contentHash: 'old', entityCount: 1000 };

describe('judgeCandidate', () => {
  it('publishes a first version and a healthy new one', () => {
    const candidate = { contentHash: 'new', entityCount: 950, errorCount: 0 };
    expect(judgeCandidate(candidate, undefined, DEFAULT_SAFETY_POLICY)).toEqual({ kind: 'publish' });
    expect(judgeCandidate(candidate, lastGood, DEFAULT_SAFETY_POLICY)).toEqual({ kind: 'publish' });
  });

  it('reports an identical version as unchanged', () => {
    const candidate = { contentHash: 'old', entityCount: 1000, errorCount: 0 };
    expect(judgeCandidate(candidate, lastGood, DEFAULT_SAFETY_POLICY)).toEqual({ kind: 'unchanged' });
  });

  it('accepts exactly the tolerated shrink and refuses one entity more', () => {
    const policy = { ...DEFAULT_SAFETY_POLICY, maxShrinkFraction: 0.1, maxRemovedCount: 1_000 };
    expect(judgeCandidate({ contentHash: 'n', entityCount: 900, errorCount: 0 }, lastGood, policy).kind).toBe(
      'publish',
    );
    const verdict = judgeCandidate({ contentHash: 'n', entityCount: 899, errorCount: 0 }, lastGood, policy);
    expect(verdict).toMatchObject({ kind: 'quarantine', reason: QuarantineReason.SHRUNK });
    expect(verdict.kind === 'quarantine' && verdict.detail).toContain('101 of the 1000 designations in force are gone');
    expect(verdict.kind === 'quarantine' && verdict.detail).toContain('(-10.1%; entity count 1000 to 899)');
  });

  it('refuses more removed designations than the absolute threshold, however large the list', () => {
    const big = { contentHash: 'old', entityCount: 13_000 };
    // 60 designations gone is 0.5% of the OFAC SDN list: under any share threshold, above the default count.
    const dropped = { contentHash: 'n', entityCount: 12_940, errorCount: 0, removedCount: 60 };
    expect(judgeCandidate(dropped, big, DEFAULT_SAFETY_POLICY)).toMatchObject({
      kind: 'quarantine',
      reason: QuarantineReason.SHRUNK,
    });
    expect(judgeCandidate({ ...dropped, removedCount: 50 }, big, DEFAULT_SAFETY_POLICY).kind).toBe('publish');
    expect(judgeCandidate(dropped, big, { ...DEFAULT_SAFETY_POLICY, maxRemovedCount: 100 }).kind).toBe('publish');
  });

  it('counts designations removed, not the net change: 200 gone and 200 added is not unchanged', () => {
    const swapped = { contentHash: 'n', entityCount: 1_000, errorCount: 0, removedCount: 200 };
    expect(judgeCandidate(swapped, lastGood, DEFAULT_SAFETY_POLICY)).toMatchObject({
      kind: 'quarantine',
      reason: QuarantineReason.SHRUNK,
    });
  });

  it('quarantines remarks cut without their comments file unless the source allows it', () => {
    const cut = { contentHash: 'n', entityCount: 1_000, errorCount: 0, truncatedRemarks: 17 };
    const verdict = judgeCandidate(cut, undefined, DEFAULT_SAFETY_POLICY);
    expect(verdict).toMatchObject({ kind: 'quarantine', reason: QuarantineReason.TRUNCATED });
    expect(verdict.kind === 'quarantine' && verdict.detail).toContain('17 entities have remarks cut');
    expect(judgeCandidate(cut, undefined, { ...DEFAULT_SAFETY_POLICY, allowTruncatedRemarks: true }).kind).toBe(
      'publish',
    );
  });

  it('weighs parse errors by the records they stand for (a count mismatch of 2,000 is 2,000 errors)', () => {
    const policy = DEFAULT_SAFETY_POLICY;
    expect(
      judgeCandidate({ contentHash: 'n', entityCount: 10_000, errorCount: 2_000 }, undefined, policy),
    ).toMatchObject({ kind: 'quarantine', reason: QuarantineReason.PARSE_FAILED });
  });

  it('refuses an empty version even as the first one', () => {
    const verdict = judgeCandidate(
      { contentHash: 'e', entityCount: 0, errorCount: 0 },
      undefined,
      DEFAULT_SAFETY_POLICY,
    );
    expect(verdict).toMatchObject({ kind: 'quarantine', reason: QuarantineReason.EMPTY });
  });

  it('refuses parse errors past the tolerated share', () => {
    const policy = { ...DEFAULT_SAFETY_POLICY, maxParseErrorFraction: 0.01 };
    expect(judgeCandidate({ contentHash: 'n', entityCount: 1000, errorCount: 10 }, undefined, policy).kind).toBe(
      'publish',
    );
    expect(judgeCandidate({ contentHash: 'n', entityCount: 1000, errorCount: 11 }, undefined, policy)).toMatchObject({
      kind: 'quarantine',
      reason: QuarantineReason.PARSE_FAILED,
    });
  });

  it('never publishes a version that shrank past the threshold, whatever the counts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (before, after, fraction) => {
          const policy = { ...DEFAULT_SAFETY_POLICY, maxShrinkFraction: fraction, maxRemovedCount: Infinity };
          const verdict = judgeCandidate(
            { contentHash: 'n', entityCount: after, errorCount: 0 },
            { contentHash: 'o', entityCount: before },
            policy,
          );
          const shrunk = (before - after) / before > fraction;
          expect(verdict.kind === 'quarantine' && verdict.reason === QuarantineReason.SHRUNK).toBe(shrunk);
        },
      ),
    );
  });

  it('never publishes a version that lost more designations than the absolute threshold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 1_000 }),
        (before, drawn, threshold) => {
          const removed = drawn % (before + 1);
          const policy = { ...DEFAULT_SAFETY_POLICY, maxShrinkFraction: 1, maxRemovedCount: threshold };
          const verdict = judgeCandidate(
            { contentHash: 'n', entityCount: Math.max(1, before - removed), errorCount: 0, removedCount: removed },
            { contentHash: 'o', entityCount: before },
            policy,
          );
          expect(verdict.kind === 'quarantine' && verdict.reason === QuarantineReason.SHRUNK).toBe(removed > threshold);
        },
      ),
    );
  });
});

describe('parseFailureReason', () => {
  it.each([
    ['TRUNCATED', QuarantineReason.TRUNCATED],
    ['EMPTY_LIST', QuarantineReason.EMPTY],
    ['FILE_UNREADABLE', QuarantineReason.FETCH_FAILED],
    ['MISSING_FILE', QuarantineReason.FETCH_FAILED],
    ['MALFORMED_CSV', QuarantineReason.PARSE_FAILED],
    ['MALFORMED_XML', QuarantineReason.PARSE_FAILED],
    ['NOT_A_LIST', QuarantineReason.PARSE_FAILED],
  ] as const)('maps %s to reason %d', (code, reason) => {
    expect(parseFailureReason(code)).toBe(reason);
  });
});

describe('quarantineAlert', () => {
  it('names the refused version and the one kept in force', () => {
    const alert = quarantineAlert({
      source: ListSource.UN,
      reason: QuarantineReason.SHRUNK,
      detail: 'fell',
      attemptedAtMillis: 1_767_225_600_000,
      attempted: { contentHash: 'new', entityCount: 10 },
      lastGood: { contentHash: 'old', versionId: 'v1', entityCount: 100 },
    });
    expect(alert).toMatchObject({
      source: ListSource.UN,
      attemptedContentHash: 'new',
      attemptedEntityCount: 10,
      lastGoodContentHash: 'old',
      lastGoodVersionId: 'v1',
      lastGoodEntityCount: 100,
    });
    expect(timestampToMillis(alert.attemptedAt!)).toBe(1_767_225_600_000);
  });

  it('leaves the attempted and last-good fields empty when there are none', () => {
    const alert = quarantineAlert({
      source: ListSource.EU,
      reason: QuarantineReason.FETCH_FAILED,
      detail: 'HTTP 500',
      attemptedAtMillis: 0,
    });
    expect(alert).toMatchObject({ attemptedContentHash: '', lastGoodContentHash: '', attemptedEntityCount: 0 });
  });
});

describe('retryDelayMillis', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMillis(n, 100, 1_000))).toEqual([100, 200, 400, 800, 1_000]);
  });
});
