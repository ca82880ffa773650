/**
 * The default policy and the reading of a policy document. A document may set any subset of fields; the rest
 * come from the default, and the merged policy (not the document) is what decisions carry and hash.
 */
import type { Outcome, Policy } from './types.js';

/**
 * Comprehensively sanctioned jurisdictions: Cuba, Iran, North Korea, Syria, and the Ukrainian regions under
 * comprehensive US sanctions — Crimea (UA-43) with Sevastopol (UA-40), and the so-called DNR (UA-14, Donetsk) and
 * LNR (UA-09, Luhansk). ISO 3166-2 codes cover the whole oblast; narrowing to occupied parts needs finer data.
 */
const DEFAULT_JURISDICTIONS = ['CU', 'IR', 'KP', 'SY', 'UA-09', 'UA-14', 'UA-40', 'UA-43'];

/**
 * The policy used when none is given. A name alone holds; with its exact date of birth, a name that matches all
 * but a patronymic or middle name (about 0.9 before evidence, 0.94 after) blocks.
 */
export const DEFAULT_POLICY: Policy = Object.freeze({
  address: Object.freeze({ onHit: 'BLOCK' as const }),
  name: Object.freeze({ holdAt: 0.8, blockAt: 0.93, blockRequiresDob: true, maxHits: 10 }),
  jurisdiction: Object.freeze({ codes: DEFAULT_JURISDICTIONS, onHit: 'HOLD' as const }),
  // OFAC and the other authorities publish without notice, often several times a week; list-sync checks hourly
  // by default. Two days without a confirmation means the feed is broken, not that the list is quiet.
  lists: Object.freeze({ maxAgeHours: 48 }),
}) as Policy;

/** A policy document that cannot be used, with the field at fault. */
export class PolicyError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`policy ${field}: ${message}`);
    this.name = 'PolicyError';
  }
}

const OUTCOMES: readonly Outcome[] = ['ALLOW', 'HOLD', 'BLOCK'];

// The keys a document may use, per section: anything else is a typo ("adress", "hold_at") that would otherwise
// fall back to the default without a word.
const KEYS = {
  '(root)': ['address', 'name', 'jurisdiction', 'lists'],
  address: ['onHit'],
  name: ['holdAt', 'blockAt', 'blockRequiresDob', 'maxHits'],
  jurisdiction: ['codes', 'onHit'],
  lists: ['maxAgeHours'],
} as const;

function known(doc: Record<string, unknown>, at: keyof typeof KEYS): Record<string, unknown> {
  const allowed: readonly string[] = KEYS[at];
  for (const key of Object.keys(doc)) {
    if (!allowed.includes(key)) {
      const field = at === '(root)' ? key : `${at}.${key}`;
      throw new PolicyError(field, `unknown key (known here: ${allowed.join(', ')})`);
    }
  }
  return doc;
}

function section(doc: Record<string, unknown>, key: Exclude<keyof typeof KEYS, '(root)'>): Record<string, unknown> {
  const value = doc[key];
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PolicyError(key, 'must be an object');
  }
  return known(value as Record<string, unknown>, key);
}

function outcome(value: unknown, field: string, fallback: Outcome): Outcome {
  if (value === undefined) return fallback;
  if (!OUTCOMES.includes(value as Outcome)) throw new PolicyError(field, `must be one of ${OUTCOMES.join(', ')}`);
  return value as Outcome;
}

function unitNumber(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new PolicyError(field, 'must be a number in [0,1]');
  }
  return value;
}

function codes(value: unknown, field: string, fallback: string[]): string[] {
  if (value === undefined) return [...fallback];
  if (
    !Array.isArray(value) ||
    !value.every((c) => typeof c === 'string' && /^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/.test(c))
  ) {
    throw new PolicyError(field, 'must be a list of ISO 3166 codes (CU, UA-43, ...)');
  }
  // Sorted and de-duplicated, so two documents that mean the same policy hash the same.
  return [...new Set(value.map((c: string) => c.toUpperCase()))].sort();
}

/**
 * Reads a policy document (already parsed JSON) over the defaults; throws PolicyError on a bad field or an unknown
 * key. A policy more permissive than the default parses (replay must read every policy that was in force); see
 * {@link permissiveSettings} for what a service should refuse without an explicit flag.
 */
export function parsePolicy(doc: unknown): Policy {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new PolicyError('(root)', 'must be an object');
  const root = known(doc as Record<string, unknown>, '(root)');
  const address = section(root, 'address');
  const name = section(root, 'name');
  const jurisdiction = section(root, 'jurisdiction');
  const lists = section(root, 'lists');
  const d = DEFAULT_POLICY;
  const maxAgeHours = lists.maxAgeHours ?? d.lists.maxAgeHours;
  if (typeof maxAgeHours !== 'number' || !Number.isFinite(maxAgeHours) || maxAgeHours <= 0 || maxAgeHours > 24 * 366) {
    throw new PolicyError('lists.maxAgeHours', 'must be a number of hours above 0, at most a year');
  }
  const holdAt = unitNumber(name.holdAt, 'name.holdAt', d.name.holdAt);
  const blockAt = unitNumber(name.blockAt, 'name.blockAt', d.name.blockAt);
  if (blockAt < holdAt) throw new PolicyError('name.blockAt', 'must not be below name.holdAt');
  const maxHits = name.maxHits ?? d.name.maxHits;
  if (typeof maxHits !== 'number' || !Number.isInteger(maxHits) || maxHits < 1 || maxHits > 100) {
    throw new PolicyError('name.maxHits', 'must be an integer from 1 to 100');
  }
  const blockRequiresDob = name.blockRequiresDob ?? d.name.blockRequiresDob;
  if (typeof blockRequiresDob !== 'boolean') throw new PolicyError('name.blockRequiresDob', 'must be true or false');
  return {
    address: { onHit: outcome(address.onHit, 'address.onHit', d.address.onHit) },
    name: { holdAt, blockAt, blockRequiresDob, maxHits },
    jurisdiction: {
      codes: codes(jurisdiction.codes, 'jurisdiction.codes', d.jurisdiction.codes),
      onHit: outcome(jurisdiction.onHit, 'jurisdiction.onHit', d.jurisdiction.onHit),
    },
    lists: { maxAgeHours },
  };
}

/**
 * What in `policy` lets through what the default policy would stop: an ALLOW on an address or jurisdiction hit,
 * a sanctioned jurisdiction of the default left out, names held from a higher score than the default's, or lists
 * accepted older than the default's maximum age. One line per setting, naming it; empty for a policy at least as
 * strict as the default. Services refuse such a policy unless told explicitly that it is meant.
 */
export function permissiveSettings(policy: Policy): string[] {
  const d = DEFAULT_POLICY;
  const found: string[] = [];
  if (policy.address.onHit === 'ALLOW') found.push('address.onHit is ALLOW: listed addresses pass');
  if (policy.jurisdiction.onHit === 'ALLOW') found.push('jurisdiction.onHit is ALLOW: sanctioned regions pass');
  const dropped = d.jurisdiction.codes.filter((code) => !policy.jurisdiction.codes.includes(code));
  if (dropped.length > 0) found.push(`jurisdiction.codes leaves out ${dropped.join(', ')}`);
  if (policy.name.holdAt > d.name.holdAt) {
    found.push(`name.holdAt ${policy.name.holdAt} is above the default ${d.name.holdAt}: weaker name matches pass`);
  }
  if (policy.lists.maxAgeHours > d.lists.maxAgeHours) {
    found.push(`lists.maxAgeHours ${policy.lists.maxAgeHours} is above the default ${d.lists.maxAgeHours}`);
  }
  return found;
}
