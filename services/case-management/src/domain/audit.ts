/**
 * The tamper-evident audit log. Each case's entries form a chain: an entry's audit_hash is the SHA-256 of the
 * previous entry's audit_hash (as its hex text) followed by the entry's protobuf encoding with audit_hash
 * cleared. Changing, dropping or reordering an entry breaks its own hash or the next entry's link.
 */
import { createHash } from 'node:crypto';
import { CaseEvent } from '@cordon/contracts';

/** The audit_hash of `entry` (its own audit_hash ignored). */
export function auditHash(entry: CaseEvent): string {
  const body = CaseEvent.encode({ ...entry, auditHash: '' }).finish();
  return createHash('sha256').update(entry.prevAuditHash, 'utf8').update(body).digest('hex');
}

/** `entry` with its chain fields filled in after `previous` (undefined for the first entry of a case). */
export function chain(
  entry: Omit<CaseEvent, 'sequence' | 'prevAuditHash' | 'auditHash'>,
  previous?: { sequence: bigint; auditHash: string },
): CaseEvent {
  const linked: CaseEvent = {
    ...entry,
    sequence: (previous?.sequence ?? 0n) + 1n,
    prevAuditHash: previous?.auditHash ?? '',
    auditHash: '',
  };
  return { ...linked, auditHash: auditHash(linked) };
}

/** One stored entry as a verifier sees it: the encoded bytes, and where it was read (for the report). */
export interface StoredEntry {
  /** Where the entry is, for people: "case c-…, sequence 3" or "partition 1 offset 42". */
  where: string;
  bytes: Uint8Array;
  /** Columns stored beside the bytes, which must agree with them (PostgreSQL); absent for topic records. */
  columns?: { caseId: string; sequence: bigint; actor: string; auditHash: string };
}

/** The first broken link found, or none. */
export interface ChainBreak {
  where: string;
  caseId: string;
  sequence: bigint;
  reason: string;
}

/** The result of verifying chains. */
export interface VerifyResult {
  cases: number;
  entries: number;
  breaks: ChainBreak[];
}

/**
 * Verifies every case's chain from its entries in order (per case, any interleaving across cases). Reports the
 * first break of each case: an entry whose bytes do not decode, whose hash is wrong, whose link names another
 * previous hash, whose sequence skips, or whose stored columns disagree with its bytes.
 */
export function verifyChains(entries: Iterable<StoredEntry>): VerifyResult {
  const heads = new Map<string, { sequence: bigint; auditHash: string } | 'broken'>();
  const breaks: ChainBreak[] = [];
  let count = 0;
  for (const stored of entries) {
    count += 1;
    let entry: CaseEvent;
    try {
      entry = CaseEvent.decode(stored.bytes);
    } catch (error) {
      const caseId = stored.columns?.caseId ?? '?';
      if (heads.get(caseId) !== 'broken') {
        breaks.push({
          where: stored.where,
          caseId,
          sequence: stored.columns?.sequence ?? 0n,
          reason: `does not decode: ${(error as Error).message}`,
        });
        heads.set(caseId, 'broken');
      }
      continue;
    }
    const head = heads.get(entry.caseId);
    if (head === 'broken') continue;
    const fail = (reason: string) => {
      breaks.push({ where: stored.where, caseId: entry.caseId, sequence: entry.sequence, reason });
      heads.set(entry.caseId, 'broken');
    };
    const expectedSequence = (head?.sequence ?? 0n) + 1n;
    if (entry.sequence !== expectedSequence) {
      fail(`sequence ${entry.sequence} where ${expectedSequence} was expected (an entry is missing or out of order)`);
    } else if (entry.prevAuditHash !== (head?.auditHash ?? '')) {
      fail('prev_audit_hash does not name the previous entry');
    } else if (auditHash(entry) !== entry.auditHash) {
      fail('audit_hash does not match the entry (its content was changed)');
    } else if (
      stored.columns &&
      (stored.columns.caseId !== entry.caseId ||
        stored.columns.sequence !== entry.sequence ||
        stored.columns.actor !== entry.actor ||
        stored.columns.auditHash !== entry.auditHash)
    ) {
      fail('the stored columns (case, sequence, actor, hash) disagree with the entry');
    } else {
      heads.set(entry.caseId, { sequence: entry.sequence, auditHash: entry.auditHash });
    }
  }
  return { cases: heads.size, entries: count, breaks };
}
