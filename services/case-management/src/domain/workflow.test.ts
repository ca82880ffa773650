import { describe, expect, it } from 'vitest';
import {
  CaseResolution,
  CaseStatus,
  CaseTrigger,
  DecisionOutcome,
  DispositionAction,
  HitKind,
  ListSource,
  type Hit,
} from '@cordon/contracts';
import { act, dispositionFor, WorkflowError, type Actor, type CaseState } from './workflow.js';

const hit = (kind: HitKind, entityId = '25308'): Hit => ({
  source: kind === HitKind.JURISDICTION ? ListSource.UNSPECIFIED : ListSource.OFAC_SDN,
  entityId,
  entityHash: kind === HitKind.JURISDICTION ? '' : 'e'.repeat(64),
  kind,
  matchedValue: 'x',
  queryField: 'destination.canonical',
  queryValue: 'x',
  scoreBp: 10_000,
  features: [],
  programs: ['CYBER2'],
  suppressed: false,
  suppressedByCase: '',
});

const base: CaseState = {
  caseId: 'case-1',
  withdrawalId: 'w-1',
  customerRef: 'cust-1',
  status: CaseStatus.ASSIGNED,
  trigger: CaseTrigger.DECISION,
  outcome: DecisionOutcome.HOLD,
  decisionHash: 'd'.repeat(64),
  hits: [hit(HitKind.NAME)],
  assignee: 'alice',
  openedAt: 0,
  slaDueAt: 1_000,
  pendingProposalHash: '',
  proposedBy: '',
  lastAuditHash: 'h1',
  lastSequence: 1n,
  withdrawalDisposed: false,
};

const person = (userId: string, ...roles: string[]): Actor => ({ userId, roles: new Set(roles) });
const alice = person('alice', 'analyst');
const bob = person('bob', 'supervisor');

function refusal(work: () => unknown): WorkflowError {
  try {
    work();
  } catch (error) {
    if (error instanceof WorkflowError) return error;
    throw error;
  }
  throw new Error('not refused');
}

const pending = (resolution = CaseResolution.FALSE_POSITIVE, by = 'alice', state = base): CaseState => ({
  ...state,
  status: CaseStatus.PENDING_APPROVAL,
  pendingProposal: { resolution, action: dispositionFor(state, resolution), rationale: 'r', suppress: true },
  pendingProposalHash: 'p1',
  proposedBy: by,
});

describe('dispositions that match the law', () => {
  it('blocks the funds when a listed person has an interest, rejects a jurisdiction-only transfer, releases a false positive', () => {
    expect(dispositionFor({ ...base, hits: [hit(HitKind.ADDRESS)] }, CaseResolution.TRUE_MATCH)).toBe(
      DispositionAction.BLOCK,
    );
    expect(dispositionFor({ ...base, hits: [hit(HitKind.NAME)] }, CaseResolution.TRUE_MATCH)).toBe(
      DispositionAction.BLOCK,
    );
    expect(dispositionFor({ ...base, hits: [hit(HitKind.JURISDICTION)] }, CaseResolution.TRUE_MATCH)).toBe(
      DispositionAction.REJECT,
    );
    expect(dispositionFor(base, CaseResolution.FALSE_POSITIVE)).toBe(DispositionAction.RELEASE);
  });

  it('gives nothing more to do for a withdrawal that already had its final answer (a retro-hit after release)', () => {
    expect(dispositionFor({ ...base, withdrawalDisposed: true }, CaseResolution.TRUE_MATCH)).toBe(
      DispositionAction.UNSPECIFIED,
    );
  });
});

describe('four eyes', () => {
  it('refuses the proposer, even holding the supervisor role', () => {
    const error = refusal(() =>
      act(
        pending(CaseResolution.FALSE_POSITIVE, 'sam'),
        person('sam', 'analyst', 'supervisor'),
        { kind: 'approve', proposalAuditHash: 'p1' },
        0,
      ),
    );
    expect([error.status, error.reason]).toEqual(['PERMISSION_DENIED', 'FOUR_EYES']);
  });

  it('refuses an analyst, an admin and an auditor', () => {
    for (const actor of [person('amir', 'analyst'), person('erin', 'admin'), person('dave', 'auditor')]) {
      expect(refusal(() => act(pending(), actor, { kind: 'approve', proposalAuditHash: 'p1' }, 0)).status).toBe(
        'PERMISSION_DENIED',
      );
    }
  });

  it('refuses a stale proposal hash', () => {
    expect(refusal(() => act(pending(), bob, { kind: 'approve', proposalAuditHash: 'old' }, 0)).reason).toBe(
      'PROPOSAL_CHANGED',
    );
  });

  it('approves for a second supervisor: resolved, the disposition and the suppressions of the listed entities', () => {
    const state = pending(CaseResolution.FALSE_POSITIVE, 'alice', {
      ...base,
      hits: [hit(HitKind.NAME, '1'), hit(HitKind.NAME, '1'), hit(HitKind.JURISDICTION)],
    });
    const effect = act(state, bob, { kind: 'approve', proposalAuditHash: 'p1' }, 5_000);
    expect(effect.next.status).toBe(CaseStatus.RESOLVED);
    expect(effect.disposition).toMatchObject({
      action: DispositionAction.RELEASE,
      proposedBy: 'alice',
      approvedBy: 'bob',
    });
    expect(effect.suppressions.map((s) => [s.entityId, s.caseId, s.approvedAt?.seconds])).toEqual([
      ['1', 'case-1', 5n],
    ]);
    expect(effect.entries.map((e) => e.event?.$case)).toEqual(['approved', 'resolved']);
  });
});

describe('the analyst workflow', () => {
  it('lets only the assignee propose, with a reason', () => {
    expect(
      refusal(() =>
        act(
          base,
          person('amir', 'analyst'),
          { kind: 'propose', resolution: CaseResolution.TRUE_MATCH, rationale: 'x', suppress: false },
          0,
        ),
      ).reason,
    ).toBe('NOT_ASSIGNEE');
    expect(
      refusal(() =>
        act(
          base,
          alice,
          { kind: 'propose', resolution: CaseResolution.TRUE_MATCH, rationale: '  ', suppress: false },
          0,
        ),
      ).field,
    ).toBe('rationale');
    expect(
      refusal(() =>
        act(base, alice, { kind: 'propose', resolution: CaseResolution.TRUE_MATCH, rationale: 'x', suppress: true }, 0),
      ).reason,
    ).toBe('SUPPRESS_NEEDS_FALSE_POSITIVE');
    const effect = act(
      base,
      alice,
      { kind: 'propose', resolution: CaseResolution.TRUE_MATCH, rationale: 'same DOB', suppress: false },
      0,
    );
    expect(effect.next).toMatchObject({ status: CaseStatus.PENDING_APPROVAL, proposedBy: 'alice' });
  });

  it('lets an analyst take or give back their own case, and only a supervisor hand it to someone else', () => {
    const open = { ...base, status: CaseStatus.OPEN, assignee: '' };
    expect(act(open, alice, { kind: 'assign', assignee: 'alice' }, 0).next).toEqual({
      assignee: 'alice',
      status: CaseStatus.ASSIGNED,
    });
    expect(refusal(() => act(open, alice, { kind: 'assign', assignee: 'amir' }, 0)).reason).toBe('SUPERVISOR_REQUIRED');
    expect(act(open, bob, { kind: 'assign', assignee: 'amir' }, 0).next.assignee).toBe('amir');
    expect(act(base, alice, { kind: 'assign', assignee: '' }, 0).next).toEqual({
      assignee: '',
      status: CaseStatus.OPEN,
    });
  });

  it('refuses to act on a state the caller did not see, and on a resolved case', () => {
    expect(
      refusal(() => act(base, alice, { kind: 'assign', assignee: '', expectedAuditHash: 'older' }, 0)).reason,
    ).toBe('STALE_STATE');
    expect(
      refusal(() => act({ ...base, status: CaseStatus.RESOLVED }, alice, { kind: 'comment', text: 'x' }, 0)).reason,
    ).toBe('CASE_RESOLVED');
  });

  it('sends a proposal back to review with a reason', () => {
    const effect = act(pending(), bob, { kind: 'sendBack', proposalAuditHash: 'p1', reason: 'check the DOB' }, 0);
    expect(effect.next).toMatchObject({ status: CaseStatus.ASSIGNED, pendingProposalHash: '' });
  });
});
