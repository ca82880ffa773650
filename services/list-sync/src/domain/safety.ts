/**
 * The gate between a fetched list and the published stream: a version that looks broken is quarantined and the
 * last good one stays in force. Pure.
 */
import {
  QuarantineReason,
  timestampFromMillis,
  type ListQuarantined,
  type ListSource,
  type ListVersionManifest,
} from '@cordon/contracts';
import type { ListErrorCode } from '@cordon/lists';

/** How much damage a new version may show before it is refused. */
export interface SafetyPolicy {
  /**
   * Largest share of the last good version's designations that may disappear from the next one: 0.05 accepts
   * 5% of them gone and refuses 5.1%.
   */
  maxShrinkFraction: number;
  /**
   * Largest number of the last good version's designations that may disappear from the next one, whatever the
   * list's size. Sanctions lists change by a handful of entries a day; 10% of the OFAC SDN list is over 1,000.
   */
  maxRemovedCount: number;
  /** Largest tolerated share of records lost or suspect (parse errors, weighted), e.g. 0.01; 0 tolerates none. */
  maxParseErrorFraction: number;
  /**
   * Whether remarks cut at the CSV limit with no comments file to continue them are acceptable. Off by default:
   * digital currency addresses live in the remarks, and a cut one is lost.
   */
  allowTruncatedRemarks: boolean;
}

/** The policy when a source configures none. */
export const DEFAULT_SAFETY_POLICY: SafetyPolicy = Object.freeze({
  maxShrinkFraction: 0.05,
  maxRemovedCount: 50,
  maxParseErrorFraction: 0.01,
  allowTruncatedRemarks: false,
});

/** A parsed version, as far as the gate needs to know it. */
export interface Candidate {
  contentHash: string;
  entityCount: number;
  /** Records lost or suspect: parse issues of severity `error`, each weighted by the records it stands for. */
  errorCount: number;
  /**
   * Designations of the last good version that this one no longer has (by id). Undefined when unknown: the fall
   * in entity count stands in for it.
   */
  removedCount?: number;
  /** Entities whose remarks were cut at the CSV limit with no comments file to continue them. */
  truncatedRemarks?: number;
}

/** The gate's answer. */
export type Verdict =
  { kind: 'publish' } | { kind: 'unchanged' } | { kind: 'quarantine'; reason: QuarantineReason; detail: string };

const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/** Judges a parsed candidate against the version in force (undefined when none was ever accepted). */
export function judgeCandidate(
  candidate: Candidate,
  lastGood: Pick<ListVersionManifest, 'contentHash' | 'entityCount'> | undefined,
  policy: SafetyPolicy,
): Verdict {
  if (candidate.entityCount === 0) {
    return { kind: 'quarantine', reason: QuarantineReason.EMPTY, detail: 'the version has no entities' };
  }
  // The same entities as the version in force: whatever the files look like, there is nothing new to publish.
  if (lastGood !== undefined && candidate.contentHash === lastGood.contentHash) return { kind: 'unchanged' };
  const truncated = candidate.truncatedRemarks ?? 0;
  if (truncated > 0 && !policy.allowTruncatedRemarks) {
    return {
      kind: 'quarantine',
      reason: QuarantineReason.TRUNCATED,
      detail:
        `${truncated} entities have remarks cut at the CSV limit and no comments file continues them ` +
        '(addresses in the remarks would be lost); add the comments file or set allowTruncatedRemarks',
    };
  }
  const errorShare = candidate.errorCount / candidate.entityCount;
  if (errorShare > policy.maxParseErrorFraction) {
    return {
      kind: 'quarantine',
      reason: QuarantineReason.PARSE_FAILED,
      detail:
        `${candidate.errorCount} records lost or suspect for ${candidate.entityCount} entities ` +
        `(${percent(errorShare)}), above the tolerated ${percent(policy.maxParseErrorFraction)}`,
    };
  }
  if (lastGood !== undefined && lastGood.entityCount > 0) {
    const removed = candidate.removedCount ?? Math.max(0, lastGood.entityCount - candidate.entityCount);
    const share = removed / lastGood.entityCount;
    if (removed > policy.maxRemovedCount || share > policy.maxShrinkFraction) {
      return {
        kind: 'quarantine',
        reason: QuarantineReason.SHRUNK,
        detail:
          `${removed} of the ${lastGood.entityCount} designations in force are gone (-${percent(share)}; ` +
          `entity count ${lastGood.entityCount} to ${candidate.entityCount}), more than the tolerated ` +
          `${policy.maxRemovedCount} or ${percent(policy.maxShrinkFraction)}`,
      };
    }
  }
  return { kind: 'publish' };
}

/** The quarantine reason for a list the parser refused as a whole. */
export function parseFailureReason(code: ListErrorCode): QuarantineReason {
  switch (code) {
    case 'TRUNCATED':
      return QuarantineReason.TRUNCATED;
    case 'EMPTY_LIST':
      return QuarantineReason.EMPTY;
    case 'FILE_UNREADABLE':
    case 'MISSING_FILE':
      return QuarantineReason.FETCH_FAILED;
    default:
      return QuarantineReason.PARSE_FAILED;
  }
}

/** What the alert says about one refused attempt. */
export interface QuarantineFacts {
  source: ListSource;
  reason: QuarantineReason;
  detail: string;
  attemptedAtMillis: number;
  /** Set when the version got as far as parsing. */
  attempted?: { contentHash: string; entityCount: number };
  /** The version still in force, when there is one. */
  lastGood?: Pick<ListVersionManifest, 'contentHash' | 'versionId' | 'entityCount'>;
}

/** The `ListQuarantined` alert for a refused attempt. */
export function quarantineAlert(facts: QuarantineFacts): ListQuarantined {
  return {
    source: facts.source,
    attemptedContentHash: facts.attempted?.contentHash ?? '',
    reason: facts.reason,
    detail: facts.detail,
    lastGoodContentHash: facts.lastGood?.contentHash ?? '',
    lastGoodVersionId: facts.lastGood?.versionId ?? '',
    attemptedAt: timestampFromMillis(facts.attemptedAtMillis),
    attemptedEntityCount: facts.attempted?.entityCount ?? 0,
    lastGoodEntityCount: facts.lastGood?.entityCount ?? 0,
  };
}

/** Delay before retry number `attempt` (1-based): `baseMillis` doubled each time, capped at `maxMillis`. */
export function retryDelayMillis(attempt: number, baseMillis: number, maxMillis: number): number {
  return Math.min(maxMillis, baseMillis * 2 ** Math.max(0, attempt - 1));
}
