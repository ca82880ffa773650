import { describe, expect, it } from 'vitest';
import { ActorRole, CaseEvent } from '@cordon/contracts';
import { chain, verifyChains, type StoredEntry } from './audit.js';

function log(caseId: string, texts: string[]): CaseEvent[] {
  const out: CaseEvent[] = [];
  for (const text of texts) {
    const previous = out.at(-1);
    out.push(
      chain(
        {
          caseId,
          withdrawalId: `w-${caseId}`,
          actor: 'alice',
          actorRole: ActorRole.ANALYST,
          occurredAt: { seconds: 1_767_000_000n, nanos: 0 },
          event: { $case: 'commented', value: { text } },
        },
        previous,
      ),
    );
  }
  return out;
}

const stored = (events: CaseEvent[]): StoredEntry[] =>
  events.map((e) => ({ where: `${e.caseId}#${e.sequence}`, bytes: CaseEvent.encode(e).finish() }));

describe('audit chains', () => {
  it('hold for untouched logs of several cases, interleaved', () => {
    const a = log('a', ['one', 'two', 'three']);
    const b = log('b', ['x', 'y']);
    const result = verifyChains(stored([a[0]!, b[0]!, a[1]!, b[1]!, a[2]!]));
    expect(result).toEqual({ cases: 2, entries: 5, breaks: [] });
  });

  it('name the entry whose content changed', () => {
    const a = log('a', ['one', 'two', 'three']);
    const forged = { ...a[1]!, event: { $case: 'commented' as const, value: { text: 'TWO' } } };
    const result = verifyChains(stored([a[0]!, forged, a[2]!]));
    expect(result.breaks).toEqual([
      {
        where: 'a#2',
        caseId: 'a',
        sequence: 2n,
        reason: 'audit_hash does not match the entry (its content was changed)',
      },
    ]);
  });

  it('name a dropped entry and a re-hashed forgery alike', () => {
    const a = log('a', ['one', 'two', 'three']);
    expect(verifyChains(stored([a[0]!, a[2]!])).breaks[0]!.reason).toMatch(/sequence 3 where 2 was expected/);
    // A forger who recomputes the forged entry's own hash still breaks the next entry's link.
    const reforged = chain(
      { ...a[1]!, event: { $case: 'commented', value: { text: 'TWO' } } },
      { sequence: 1n, auditHash: a[0]!.auditHash },
    );
    const result = verifyChains(stored([a[0]!, reforged, a[2]!]));
    expect(result.breaks).toEqual([
      { where: 'a#3', caseId: 'a', sequence: 3n, reason: 'prev_audit_hash does not name the previous entry' },
    ]);
  });

  it('refuse stored columns that disagree with the entry bytes', () => {
    const [first] = log('a', ['one']);
    const result = verifyChains([
      {
        where: 'row',
        bytes: CaseEvent.encode(first!).finish(),
        columns: { caseId: 'a', sequence: 1n, actor: 'mallory', auditHash: first!.auditHash },
      },
    ]);
    expect(result.breaks[0]!.reason).toMatch(/stored columns/);
  });
});
