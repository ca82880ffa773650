/** The delta between two versions of one list. Pure. */
import type { SanctionedEntity } from './model.js';

/** One entity present in both versions with different content. */
export interface ChangedEntity {
  id: string;
  /** Top-level fields of the entity whose content differs, in sorted order (e.g. ["digitalCurrencyAddresses"]). */
  fields: string[];
  from: SanctionedEntity;
  to: SanctionedEntity;
}

/** What changed from one list version to the next, matched by entity id. */
export interface ListDelta {
  /** Entities only in `to`, sorted by id. */
  added: SanctionedEntity[];
  /** Entities only in `from`, sorted by id. */
  removed: SanctionedEntity[];
  /** Entities in both whose content differs, sorted by id. */
  changed: ChangedEntity[];
  /** How many entities are identical in both. */
  unchanged: number;
}

function byId(entities: readonly SanctionedEntity[]): Map<string, SanctionedEntity> {
  return new Map(entities.map((e) => [e.id, e]));
}

/** Structural equality of plain JSON data; an undefined member is the same as a missing one. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameData(item, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys) if (!sameData(x[key], y[key])) return false;
  return true;
}

function changedFields(a: SanctionedEntity, b: SanctionedEntity): string[] {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const fields = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...fields].filter((f) => !sameData(x[f], y[f])).sort();
}

const idOrder = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Compares two versions of the same list entity by entity. Ids are assumed unique within each version. */
export function diffLists(from: readonly SanctionedEntity[], to: readonly SanctionedEntity[]): ListDelta {
  const before = byId(from);
  const after = byId(to);
  const added = [...after.values()].filter((e) => !before.has(e.id)).sort(idOrder);
  const removed = [...before.values()].filter((e) => !after.has(e.id)).sort(idOrder);
  const changed: ChangedEntity[] = [];
  let unchanged = 0;
  for (const [id, old] of before) {
    const now = after.get(id);
    if (now === undefined) continue;
    const fields = changedFields(old, now);
    if (fields.length === 0) unchanged += 1;
    else changed.push({ id, fields, from: old, to: now });
  }
  changed.sort(idOrder);
  return { added, removed, changed, unchanged };
}
