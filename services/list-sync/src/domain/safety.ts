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
   * Largest tolerated drop in entity count against the last good version, as a fraction: 0.1 accepts 10% fewer
   * entities and refuses 10.1% fewer.
   */
  maxShrinkFraction: number;
  /** Largest tolerated share of entities with a parse error, e.g. 0.01; 0 tolerates none. */
  maxParseErrorFraction: number;
}

/** The policy when a source configures none. */
export const DEFAULT_SAFETY_POLICY: SafetyPolicy = Object.freeze({
  maxShrinkFraction: 0.1,
  maxParseErrorFraction: 0.01,
});

/** A parsed version, as far as the gate needs to know it. */
export interface Candidate {
  contentHash: string;
  entityCount: number;
  /** Parse issues of severity `error` (records lost or suspect). */
  errorCount: number;
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
  const errorShare = candidate.errorCount / candidate.entityCount;
  if (errorShare > policy.maxParseErrorFraction) {
    return {
      kind: 'quarantine',
      reason: QuarantineReason.PARSE_FAILED,
      detail:
        `${candidate.errorCount} parse errors for ${candidate.entityCount} entities (${percent(errorShare)}), ` +
        `above the tolerated ${percent(policy.maxParseErrorFraction)}`,
    };
  }
  if (lastGood !== undefined && lastGood.entityCount > 0) {
    const drop = (lastGood.entityCount - candidate.entityCount) / lastGood.entityCount;
    if (drop > policy.maxShrinkFraction) {
      return {
        kind: 'quarantine',
        reason: QuarantineReason.SHRUNK,
        detail:
          `entity count fell from ${lastGood.entityCount} to ${candidate.entityCount} (-${percent(drop)}), ` +
          `more than the tolerated ${percent(policy.maxShrinkFraction)}`,
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
