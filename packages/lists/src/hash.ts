/**
 * Content hashes of entities and list versions: sha256 over canonical JSON (keys sorted, no whitespace), so the
 * same data gives the same hash whatever order it was parsed in. Pure.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { SanctionedEntity } from './model.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

/**
 * Canonical JSON of a plain value: object keys sorted by code unit, undefined members left out, no whitespace.
 * Arrays keep their order (it is meaningful: the primary name comes first).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in JSON');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const object = value as Record<string, Json | undefined>;
  const members = Object.keys(object)
    .filter((k) => object[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`);
  return `{${members.join(',')}}`;
}

const encoder = new TextEncoder();

/** Hex sha256 of one entity's canonical JSON. */
export function entityHash(entity: SanctionedEntity): string {
  return bytesToHex(sha256(encoder.encode(canonicalJson(entity))));
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
  const hash = sha256.create();
  hash.update(encoder.encode('['));
  sorted.forEach((entity, i) => {
    hash.update(encoder.encode(i === 0 ? canonicalJson(entity) : `,${canonicalJson(entity)}`));
  });
  hash.update(encoder.encode(']'));
  return bytesToHex(hash.digest());
}
