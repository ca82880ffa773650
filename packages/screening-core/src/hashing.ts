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

/** Thrown inside the fast path when a value needs the general serialiser's exact semantics. */
const GENERAL = Symbol('general');

/**
 * The canonical JSON of plain data (plain objects, arrays, strings, finite numbers, booleans, null) written in one
 * pass. The general serialiser first collects every key of the whole tree and then has each object probe all of
 * them, which was most of the cost of hashing a decision. Anything else (another prototype, toJSON, a key that
 * names an Object.prototype member, a non-finite number) is left to the general serialiser.
 */
function plainJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw GENERAL;
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw GENERAL;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) items.push(plainJson(value[i]) ?? 'null');
    return `[${items.join(',')}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw GENERAL;
  const object = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(object).sort()) {
    if (key in Object.prototype) throw GENERAL;
    const member = plainJson(object[key]);
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${members.join(',')}}`;
}

/** Canonical JSON: object keys sorted by code unit, undefined members left out, no whitespace. */
export function canonicalize(value: unknown): string {
  try {
    const json = plainJson(value);
    if (json !== undefined) return json;
  } catch (error) {
    if (error !== GENERAL) throw error;
  }
  return canonicalJson(value);
}

/**
 * Hex sha256 of the UTF-8 canonical JSON of `value`. Node's native hash rather than a pure-JS one: it was a third
 * of the time of a decision. Lone surrogates encode as U+FFFD either way, so the digests are the same bytes.
 */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalize(value), 'utf8').digest('hex');
}
