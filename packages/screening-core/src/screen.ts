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
import type { AddressRef, Decision, Hit, HitField, Outcome, Policy, Withdrawal } from './types.js';

/** Version of the screening logic; a decision made by another engine version is not expected to reproduce. */
export const ENGINE_VERSION = `screening-core/0.1.0+matching/${MATCHING_VERSION}`;

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

/** Options of {@link screen}. */
export interface ScreenOptions {
  /**
   * Leave `inputHash` and `decisionHash` empty: for callers that seal decisions in their own encoding (the
   * screening service and replay hash the protobuf decision), hashing the canonical JSON would be wasted work.
   */
  unsealed?: boolean;
}

/** Screens one withdrawal against the snapshot under the policy. */
export function screen(
  withdrawal: Withdrawal,
  snapshot: Snapshot,
  policy: Policy = DEFAULT_POLICY,
  options: ScreenOptions = {},
): Decision {
  const hits = [
    ...addressHits(snapshot, withdrawal, policy),
    ...screenNames(snapshot, withdrawal.customer, policy),
    ...screenJurisdictions(withdrawal.customer, policy),
  ].sort(compareHits);
  let decision: Outcome = 'ALLOW';
  for (const hit of hits) if (SEVERITY[hit.action] > SEVERITY[decision]) decision = hit.action;
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
