/**
 * Content hashes of entities and list versions: sha256 over canonical JSON (keys sorted, no whitespace), so the
 * same data gives the same hash whatever order it was parsed in. Pure.
 */
import { createHash } from 'node:crypto';
import type { SanctionedEntity } from './model.js';

function collectKeys(value: unknown, keys: Set<string>): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in JSON');
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, keys);
    return;
  }
  for (const [key, member] of Object.entries(value)) {
    keys.add(key);
    collectKeys(member, keys);
  }
}

/**
 * Canonical JSON of a plain value: object keys sorted by code unit, undefined members left out, no whitespace.
 * Arrays keep their order (it is meaningful: the primary name comes first).
 */
export function canonicalJson(value: unknown): string {
  const keys = new Set<string>();
  collectKeys(value, keys);
  // The fast path reads every listed key off every object, and `__proto__` read off an object that does not have
  // it as its own member is the object's prototype: a value with that key is written from sorted copies instead.
  if (keys.has('__proto__')) return JSON.stringify(sortedCopy(value));
  // An array replacer lists the properties to write and, for every object, the order to write them in: given every
  // key sorted, the native serialiser produces the canonical form without building sorted copies.
  return JSON.stringify(value, [...keys].sort());
}

/** A copy of a plain value with every object's own members in sorted key order (prototype-free objects). */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) out[key] = sortedCopy((value as Record<string, unknown>)[key]);
  return out;
}

/** Hex sha256 of one entity's canonical JSON. */
export function entityHash(entity: SanctionedEntity): string {
  return createHash('sha256').update(canonicalJson(entity), 'utf8').digest('hex');
}

/** Orders entities by id (code unit order, never locale), the order every hash and export uses. */
export function compareEntities(a: SanctionedEntity, b: SanctionedEntity): number {
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  const ja = canonicalJson(a);
  const jb = canonicalJson(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

/**
 * Hex sha256 of a list version: the canonical JSON array of its entities sorted by id, fed to the hash one entity
 * at a time so a large list is never serialised into one string.
 */
export function contentHash(entities: readonly SanctionedEntity[]): string {
  const sorted = [...entities].sort(compareEntities);
  const hash = createHash('sha256').update('[');
  sorted.forEach((entity, i) => {
    if (i > 0) hash.update(',');
    hash.update(canonicalJson(entity), 'utf8');
  });
  return hash.update(']').digest('hex');
}
