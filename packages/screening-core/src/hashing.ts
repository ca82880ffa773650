/**
 * Canonical serialisation and hashing for decisions: the same value gives the same bytes and the same hash on
 * every machine. Scores are rounded before they get here, so float formatting cannot drift.
 */
import { canonicalJson } from '@cordon/lists';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

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

/** Hex sha256 of the canonical JSON of `value`. */
export function hashOf(value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalize(value))));
}
