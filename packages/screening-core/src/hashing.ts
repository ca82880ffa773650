/**
 * Canonical serialisation and hashing for decisions: the same value gives the same bytes and the same hash on
 * every machine. Scores are rounded before they get here, so float formatting cannot drift.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@cordon/lists';

/** Decimal places every score and similarity is rounded to before it is hashed. */
export const SCORE_DECIMALS = 4;
const SCALE = 10 ** SCORE_DECIMALS;

/** Rounds a score to SCORE_DECIMALS places (half away from zero for the non-negative scores used here). */
export function roundScore(value: number): number {
  return Math.round(value * SCALE) / SCALE;
}

/** Canonical JSON: object keys sorted by code unit, undefined members left out, no whitespace. */
export function canonicalize(value: unknown): string {
  return canonicalJson(value);
}

/**
 * Hex sha256 of the UTF-8 canonical JSON of `value`. Node's native hash rather than a pure-JS one: it was a third
 * of the time of a decision. Lone surrogates encode as U+FFFD either way, so the digests are the same bytes.
 */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalize(value), 'utf8').digest('hex');
}
