/**
 * The suppressions in force: the latest `Suppression` per record key of the compacted suppressions topic
 * (`<customer ref>|<source slug>:<entity id>`), grouped by customer for the screen. A tombstone (null value)
 * removes the key's suppression. Whether a suppression applies to a hit (same entity hash as the entity in the
 * snapshot) is the core's decision, not the table's: the table only says what case-management approved.
 */
import { HitKind, suppressionKey, type ListSource, type ScreeningDecision, type Suppression } from '@cordon/contracts';

/** What the screen of one customer needs of a suppression. */
export interface CustomerSuppression {
  source: ListSource;
  entityId: string;
  entityHash: string;
  caseId: string;
}

const NONE: readonly CustomerSuppression[] = Object.freeze([]);

/** Why a suppression record was not taken. */
export function suppressionProblem(key: string | undefined, suppression: Suppression): string | undefined {
  if (suppression.customerRef.trim() === '') return 'customer_ref is empty';
  if (suppression.entityId.trim() === '') return 'entity_id is empty';
  if (suppression.entityHash === '') return 'entity_hash is empty';
  const expected = suppressionKey(suppression.customerRef, suppression.source, suppression.entityId);
  if (key !== undefined && key !== expected) return `record key "${key}" is not the suppression's key "${expected}"`;
  return undefined;
}

/** The latest suppression per key, by customer. */
export class SuppressionTable {
  private readonly byKey = new Map<string, Suppression>();
  /** customer ref -> key -> suppression. */
  private readonly byCustomer = new Map<string, Map<string, CustomerSuppression>>();
  /** customer ref -> the list handed to screens (rebuilt when that customer's suppressions change). */
  private readonly lists = new Map<string, readonly CustomerSuppression[]>();

  get size(): number {
    return this.byKey.size;
  }

  /** Takes the record of `key`: a suppression (replacing the key's previous one) or, with null, a tombstone. */
  apply(key: string, suppression: Suppression | null): void {
    this.remove(key);
    if (suppression === null) return;
    this.byKey.set(key, suppression);
    let entries = this.byCustomer.get(suppression.customerRef);
    if (!entries) {
      entries = new Map();
      this.byCustomer.set(suppression.customerRef, entries);
    }
    entries.set(key, {
      source: suppression.source,
      entityId: suppression.entityId,
      entityHash: suppression.entityHash,
      caseId: suppression.caseId,
    });
    this.lists.delete(suppression.customerRef);
  }

  /** The customer's suppressions (the same array until they change). */
  forCustomer(customerRef: string): readonly CustomerSuppression[] {
    const cached = this.lists.get(customerRef);
    if (cached) return cached;
    const entries = this.byCustomer.get(customerRef);
    if (!entries) return NONE;
    const list = Object.freeze([...entries.values()]);
    this.lists.set(customerRef, list);
    return list;
  }

  private remove(key: string): void {
    const previous = this.byKey.get(key);
    if (!previous) return;
    this.byKey.delete(key);
    const entries = this.byCustomer.get(previous.customerRef);
    entries?.delete(key);
    if (entries?.size === 0) this.byCustomer.delete(previous.customerRef);
    this.lists.delete(previous.customerRef);
  }
}

/**
 * The suppressions a published decision applied (its suppressed hits), as the engine takes them: screening the
 * same withdrawal against the same list versions with these gives the same decision hash.
 */
export function suppressionsOfDecision(decision: ScreeningDecision): CustomerSuppression[] {
  const seen = new Map<string, CustomerSuppression>();
  for (const hit of decision.hits) {
    if (!hit.suppressed || hit.kind === HitKind.JURISDICTION) continue;
    const s = { source: hit.source, entityId: hit.entityId, entityHash: hit.entityHash, caseId: hit.suppressedByCase };
    seen.set(`${s.source}:${s.entityId}:${s.entityHash}:${s.caseId}`, s);
  }
  return [...seen.values()];
}
