/**
 * The decision function. Pure: the same withdrawal, snapshot and policy give the same decision, byte for byte
 * (hits and reasons in a fixed order, scores rounded, everything hashed over canonical JSON).
 */
import { MATCHING_VERSION } from '@cordon/matching';
import { screenAddress } from './address-screen.js';
import { hashOf } from './hashing.js';
import { screenJurisdictions } from './jurisdiction.js';
import { screenNames } from './name-screen.js';
import { DEFAULT_POLICY } from './policy.js';
import type { Snapshot } from './snapshot.js';
import type {
  AddressRef,
  Decision,
  Hit,
  HitField,
  HitSuppression,
  Outcome,
  Policy,
  Suppression,
  Withdrawal,
} from './types.js';

/** Version of the screening logic; a decision made by another engine version is not expected to reproduce. */
export const ENGINE_VERSION = `screening-core/0.2.0+matching/${MATCHING_VERSION}`;

const SEVERITY: Record<Outcome, number> = { ALLOW: 0, HOLD: 1, BLOCK: 2 };
const KIND_ORDER: Record<Hit['kind'], number> = { address: 0, name: 1, jurisdiction: 2 };

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Best first; then a fixed order on everything else, so equal scores never swap between runs. */
function compareHits(a: Hit, b: Hit): number {
  return (
    b.score - a.score ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    compareText(a.source, b.source) ||
    compareText(a.entityId, b.entityId) ||
    compareText(a.field, b.field) ||
    compareText(a.matched, b.matched)
  );
}

function reasonFor(hit: Hit): string {
  const line = hitLine(hit);
  if (!hit.suppression) return line;
  return `${line}; suppressed: false positive approved in case ${hit.suppression.caseId} for this customer and entity version ${hit.suppression.entityHash.slice(0, 12)}`;
}

function hitLine(hit: Hit): string {
  const score = hit.score.toFixed(4);
  if (hit.kind === 'address') {
    const tickers = (hit.features.listedTickers as string[]).join('/');
    return `${hit.field} address ${String(hit.features.query)} is listed by ${hit.source} ${hit.entityId} (${hit.name}) as ${tickers} ${hit.matched}: ${hit.action}`;
  }
  if (hit.kind === 'name') {
    const f = hit.features;
    return `name "${String(f.queryName)}" matches ${hit.source} ${hit.entityId} "${hit.matched}" at ${score} (DOB ${String(f.dob)}, nationality ${String(f.nationality)}, ${String(f.aliasStrength)} name): ${hit.action}`;
  }
  return `${hit.field} ${hit.matched} is under comprehensive sanctions (${hit.entityId}): ${hit.action}`;
}

const policyHashes = new WeakMap<Policy, string>();

/** sha256 of the canonical JSON of a policy (memoised per policy object; policies are not mutated). */
export function policyHash(policy: Policy): string {
  let hash = policyHashes.get(policy);
  if (hash === undefined) {
    hash = hashOf(policy);
    policyHashes.set(policy, hash);
  }
  return hash;
}

function addressHits(snapshot: Snapshot, withdrawal: Withdrawal, policy: Policy): Hit[] {
  const refs: Array<[AddressRef, HitField]> = [];
  if (withdrawal.destination) refs.push([withdrawal.destination, 'destination']);
  for (const ref of withdrawal.sources ?? []) refs.push([ref, 'source']);
  for (const ref of withdrawal.counterparties ?? []) refs.push([ref, 'counterparty']);
  return refs.flatMap(([ref, field]) => screenAddress(snapshot, ref, field, policy));
}

/**
 * The suppression of `hit`, if one applies: a suppression naming the hit's entity with the hash the entity has
 * in this snapshot. Jurisdiction hits come from the policy and are never suppressed. When several apply (the
 * same entity version approved in more than one case), the lowest case id, so the input's order never matters.
 */
function suppressionFor(
  hit: Hit,
  snapshot: Snapshot,
  byEntity: ReadonlyMap<string, readonly Suppression[]>,
): HitSuppression | undefined {
  if (hit.kind === 'jurisdiction') return undefined;
  const candidates = byEntity.get(`${hit.source}:${hit.entityId}`);
  if (candidates === undefined) return undefined;
  const current = snapshot.entityHashes.get(hit.source, hit.entityId);
  if (current === undefined) return undefined;
  let chosen: Suppression | undefined;
  for (const s of candidates) {
    if (s.entityHash === current && (chosen === undefined || compareText(s.caseId, chosen.caseId) < 0)) chosen = s;
  }
  return chosen && { caseId: chosen.caseId, entityHash: chosen.entityHash };
}

function applySuppressions(hits: Hit[], snapshot: Snapshot, suppressions: readonly Suppression[]): Hit[] {
  if (suppressions.length === 0) return hits;
  const byEntity = new Map<string, Suppression[]>();
  for (const s of suppressions) {
    const key = `${s.source}:${s.entityId}`;
    const group = byEntity.get(key);
    if (group) group.push(s);
    else byEntity.set(key, [s]);
  }
  return hits.map((hit) => {
    const suppression = suppressionFor(hit, snapshot, byEntity);
    return suppression ? { ...hit, suppression } : hit;
  });
}

/**
 * The suppressions a decision applied, as `screen` takes them: screening the same withdrawal against the same
 * snapshot and policy with these gives the same decision (and decision hash).
 */
export function suppressionsOf(decision: Decision): Suppression[] {
  const seen = new Map<string, Suppression>();
  for (const hit of decision.hits) {
    if (!hit.suppression) continue;
    const s = { source: hit.source, entityId: hit.entityId, ...hit.suppression };
    seen.set(`${s.source}:${s.entityId}:${s.entityHash}:${s.caseId}`, s);
  }
  return [...seen.values()];
}

/** Options of {@link screen}. */
export interface ScreenOptions {
  /**
   * Leave `inputHash` and `decisionHash` empty: for callers that seal decisions in their own encoding (the
   * screening service and replay hash the protobuf decision), hashing the canonical JSON would be wasted work.
   */
  unsealed?: boolean;
  /**
   * The screened customer's approved false positives: a hit on an entity one of them names, with the same entity
   * hash as in the snapshot, is reported with its `suppression` and does not count towards the decision. Without
   * suppressions (or with none that apply) the decision is exactly what it was before suppressions existed, hash
   * included. Replay passes `suppressionsOf(decision)`.
   */
  suppressions?: readonly Suppression[];
}

/** Screens one withdrawal against the snapshot under the policy. */
export function screen(
  withdrawal: Withdrawal,
  snapshot: Snapshot,
  policy: Policy = DEFAULT_POLICY,
  options: ScreenOptions = {},
): Decision {
  const found = [
    ...addressHits(snapshot, withdrawal, policy),
    ...screenNames(snapshot, withdrawal.customer, policy),
    ...screenJurisdictions(withdrawal.customer, policy),
  ].sort(compareHits);
  const hits = applySuppressions(found, snapshot, options.suppressions ?? []);
  let decision: Outcome = 'ALLOW';
  for (const hit of hits) {
    if (!hit.suppression && SEVERITY[hit.action] > SEVERITY[decision]) decision = hit.action;
  }
  const body = {
    withdrawalId: withdrawal.id,
    decision,
    hits,
    reasons: hits.length === 0 ? ['no hits'] : hits.map(reasonFor),
    inputHash: options.unsealed ? '' : hashOf(withdrawal),
    lists: snapshot.lists.map((l) => ({ source: l.source, version: l.version })),
    policy,
    policyHash: policyHash(policy),
    engineVersion: ENGINE_VERSION,
  };
  return { ...body, decisionHash: options.unsealed ? '' : hashOf(body) };
}
