/**
 * The case workflow as a pure function: a case's state, an authenticated actor and a command in; the audit
 * entries to append, the case's next state and what to publish out, or a refusal with its reason. No I/O, no
 * clock (the time is an argument), so every rule here is unit-tested and the store only persists what it says.
 *
 * Statuses: OPEN -> ASSIGNED ("in review") -> PENDING_APPROVAL ("proposed") -> RESOLVED, and back to ASSIGNED
 * when an approver sends a proposal back. Four eyes: every resolution is proposed by one person and approved by
 * another, who holds the supervisor role, checked by the authenticated user id. Cordon asks this of every
 * resolution, which covers what the law asks (releasing a held or blocked withdrawal, resolving a BLOCK case).
 */
import {
  ActorRole,
  CaseResolution,
  CaseStatus,
  CaseTrigger,
  DecisionOutcome,
  DispositionAction,
  HitKind,
  type CaseEvent,
  type CaseResolved,
  type EvidenceAttached,
  type Hit,
  type ResolutionProposed,
  type Suppression,
  timestampFromMillis,
} from '@cordon/contracts';

/** Role names as the identity provider's roles claim carries them. */
export const ROLES = Object.freeze({
  analyst: 'analyst',
  supervisor: 'supervisor',
  auditor: 'auditor',
  admin: 'admin',
});

/** An authenticated person. */
export interface Actor {
  userId: string;
  roles: ReadonlySet<string>;
}

/** What the workflow needs to know about a case. */
export interface CaseState {
  caseId: string;
  withdrawalId: string;
  customerRef: string;
  status: CaseStatus;
  trigger: CaseTrigger;
  outcome: DecisionOutcome;
  decisionHash: string;
  hits: Hit[];
  assignee: string;
  openedAt: number;
  slaDueAt: number;
  pendingProposal?: ResolutionProposed;
  pendingProposalHash: string;
  proposedBy: string;
  lastAuditHash: string;
  lastSequence: bigint;
  /** True when the withdrawal already has its final disposition (a retro-hit on a withdrawal that left). */
  withdrawalDisposed: boolean;
}

/** A command on a case. */
export type Command =
  | { kind: 'assign'; assignee: string; expectedAuditHash?: string }
  | { kind: 'comment'; text: string }
  | { kind: 'evidence'; evidence: EvidenceAttached }
  | { kind: 'propose'; resolution: CaseResolution; rationale: string; suppress: boolean; expectedAuditHash?: string }
  | { kind: 'approve'; proposalAuditHash: string }
  | { kind: 'sendBack'; proposalAuditHash: string; reason: string };

/** Why a command was refused: a gRPC status name, a stable reason code, and a sentence for people. */
export class WorkflowError extends Error {
  constructor(
    readonly status: 'PERMISSION_DENIED' | 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT',
    readonly reason: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}

/** An audit entry before it is chained (sequence and hashes are the store's). */
export type Entry = Pick<CaseEvent, 'actor' | 'actorRole' | 'event'>;

/** The final answer for the withdrawal, when a resolution gives one. */
export interface DispositionPlan {
  action: DispositionAction;
  proposedBy: string;
  approvedBy: string;
  reason: string;
  programs: string[];
}

/** What a command does. */
export interface Effect {
  /** Entries to append, oldest first. */
  entries: Entry[];
  /** Fields of the case that change. */
  next: Partial<Pick<CaseState, 'status' | 'assignee' | 'pendingProposal' | 'pendingProposalHash' | 'proposedBy'>> & {
    resolved?: CaseResolved;
  };
  /** Set when the case resolves with an answer for the withdrawal. */
  disposition?: DispositionPlan;
  /** Suppressions the resolution creates. */
  suppressions: Suppression[];
  /**
   * The entry among `entries` whose audit hash becomes the pending proposal's hash (index), for a proposal.
   */
  proposalEntry?: number;
}

export const LIMITS = Object.freeze({ text: 10_000, title: 200, reference: 500, userId: 200 });

const isStaff = (actor: Actor) => actor.roles.has(ROLES.analyst) || actor.roles.has(ROLES.supervisor);
const roleOf = (actor: Actor): ActorRole =>
  actor.roles.has(ROLES.analyst)
    ? ActorRole.ANALYST
    : actor.roles.has(ROLES.supervisor)
      ? ActorRole.SUPERVISOR
      : ActorRole.UNSPECIFIED;

/** True when `actor` may read cases (analysts, supervisors, auditors). */
export function mayRead(actor: Actor): boolean {
  return isStaff(actor) || actor.roles.has(ROLES.auditor);
}

/** The action a resolution leads to for the case's withdrawal. */
export function dispositionFor(
  state: Pick<CaseState, 'withdrawalDisposed' | 'hits'>,
  resolution: CaseResolution,
): DispositionAction {
  // The withdrawal already has its final answer (it was released before a list update made it a retro-hit): the
  // case records the finding and the report, but nothing more can be done to the transfer.
  if (state.withdrawalDisposed) return DispositionAction.UNSPECIFIED;
  if (resolution === CaseResolution.FALSE_POSITIVE) return DispositionAction.RELEASE;
  // A listed person has an interest (their address, or their name confirmed as the customer's or
  // counterparty's): the funds are blocked property. A jurisdiction alone makes the transfer prohibited without
  // a blocked person's interest: it is rejected.
  const listedPerson = state.hits.some((hit) => hit.kind === HitKind.ADDRESS || hit.kind === HitKind.NAME);
  return listedPerson ? DispositionAction.BLOCK : DispositionAction.REJECT;
}

/** Applies `command` by `actor` to `state`; throws a WorkflowError when it is refused. */
export function act(state: CaseState, actor: Actor, command: Command, now: number): Effect {
  if (!isStaff(actor)) {
    throw new WorkflowError(
      'PERMISSION_DENIED',
      actor.roles.has(ROLES.auditor) ? 'AUDITOR_READ_ONLY' : 'ROLE_REQUIRED',
      actor.roles.has(ROLES.auditor)
        ? 'auditors read cases and change nothing'
        : 'working cases needs the analyst or supervisor role',
    );
  }
  if (state.status === CaseStatus.RESOLVED) {
    throw new WorkflowError('FAILED_PRECONDITION', 'CASE_RESOLVED', `case ${state.caseId} is resolved`);
  }
  const by = { actor: actor.userId, actorRole: roleOf(actor) };
  switch (command.kind) {
    case 'assign':
      return assign(state, actor, command, by);
    case 'comment':
      text(command.text, 'text', LIMITS.text);
      return {
        entries: [{ ...by, event: { $case: 'commented', value: { text: command.text } } }],
        next: {},
        suppressions: [],
      };
    case 'evidence': {
      text(command.evidence.title, 'evidence.title', LIMITS.title);
      text(command.evidence.note, 'evidence.note', LIMITS.text);
      if (command.evidence.reference.length > LIMITS.reference) {
        throw new WorkflowError(
          'INVALID_ARGUMENT',
          'TOO_LONG',
          `evidence.reference is longer than ${LIMITS.reference}`,
          'evidence.reference',
        );
      }
      return {
        entries: [{ ...by, event: { $case: 'evidence', value: command.evidence } }],
        next: {},
        suppressions: [],
      };
    }
    case 'propose':
      return propose(state, actor, command, by);
    case 'approve':
      return approve(state, actor, command, by, now);
    case 'sendBack':
      return sendBack(state, actor, command, by);
  }
}

type By = Pick<CaseEvent, 'actor' | 'actorRole'>;

function guard(state: CaseState, expected: string | undefined): void {
  if (expected && expected !== state.lastAuditHash) {
    throw new WorkflowError(
      'FAILED_PRECONDITION',
      'STALE_STATE',
      `case ${state.caseId} changed since you read it (expected_audit_hash is not its last entry): reload it`,
    );
  }
}

function text(value: string, field: string, max: number): void {
  if (value.trim().length === 0) throw new WorkflowError('INVALID_ARGUMENT', 'REQUIRED', `${field} is required`, field);
  if (value.length > max)
    throw new WorkflowError('INVALID_ARGUMENT', 'TOO_LONG', `${field} is longer than ${max} characters`, field);
}

function assign(state: CaseState, actor: Actor, command: Extract<Command, { kind: 'assign' }>, by: By): Effect {
  guard(state, command.expectedAuditHash);
  const to = command.assignee;
  if (to.length > LIMITS.userId)
    throw new WorkflowError('INVALID_ARGUMENT', 'TOO_LONG', 'assignee is too long', 'assignee');
  // Analysts take cases and give them back; handing a case to someone else is a supervisor's call.
  const own = to === actor.userId || (to === '' && state.assignee === actor.userId);
  if (!own && !actor.roles.has(ROLES.supervisor)) {
    throw new WorkflowError(
      'PERMISSION_DENIED',
      'SUPERVISOR_REQUIRED',
      'only a supervisor assigns a case to someone else or unassigns another analyst',
    );
  }
  if (state.status === CaseStatus.PENDING_APPROVAL) {
    throw new WorkflowError(
      'FAILED_PRECONDITION',
      'PROPOSAL_PENDING',
      'a proposal is waiting for approval: approve it or send it back first',
    );
  }
  if (to === state.assignee) {
    throw new WorkflowError(
      'FAILED_PRECONDITION',
      'ALREADY_ASSIGNED',
      to ? `case is already assigned to ${to}` : 'case is not assigned',
    );
  }
  return {
    entries: [{ ...by, event: { $case: 'assigned', value: { assignee: to, previousAssignee: state.assignee } } }],
    next: { assignee: to, status: to ? CaseStatus.ASSIGNED : CaseStatus.OPEN },
    suppressions: [],
  };
}

function propose(state: CaseState, actor: Actor, command: Extract<Command, { kind: 'propose' }>, by: By): Effect {
  guard(state, command.expectedAuditHash);
  if (command.resolution !== CaseResolution.TRUE_MATCH && command.resolution !== CaseResolution.FALSE_POSITIVE) {
    throw new WorkflowError(
      'INVALID_ARGUMENT',
      'RESOLUTION_REQUIRED',
      'resolution must be TRUE_MATCH or FALSE_POSITIVE',
      'resolution',
    );
  }
  text(command.rationale, 'rationale', LIMITS.text);
  if (command.suppress && command.resolution !== CaseResolution.FALSE_POSITIVE) {
    throw new WorkflowError(
      'INVALID_ARGUMENT',
      'SUPPRESS_NEEDS_FALSE_POSITIVE',
      'only a false positive can be suppressed',
      'suppress',
    );
  }
  if (state.assignee !== actor.userId) {
    throw new WorkflowError(
      'FAILED_PRECONDITION',
      'NOT_ASSIGNEE',
      state.assignee
        ? `case is assigned to ${state.assignee}: only the assignee proposes`
        : 'take the case (assign it to yourself) before proposing',
    );
  }
  const proposal: ResolutionProposed = {
    resolution: command.resolution,
    action: dispositionFor(state, command.resolution),
    rationale: command.rationale,
    suppress: command.suppress,
  };
  return {
    entries: [{ ...by, event: { $case: 'proposed', value: proposal } }],
    next: { status: CaseStatus.PENDING_APPROVAL, pendingProposal: proposal, proposedBy: actor.userId },
    suppressions: [],
    proposalEntry: 0,
  };
}

function pending(state: CaseState, proposalAuditHash: string): ResolutionProposed {
  if (state.status !== CaseStatus.PENDING_APPROVAL || !state.pendingProposal) {
    throw new WorkflowError(
      'FAILED_PRECONDITION',
      'NO_PENDING_PROPOSAL',
      `case ${state.caseId} has no proposal waiting for approval`,
    );
  }
  if (proposalAuditHash !== state.pendingProposalHash) {
    throw new WorkflowError(
      'FAILED_PRECONDITION',
      'PROPOSAL_CHANGED',
      'proposal_audit_hash does not name the pending proposal (a newer one replaced it): review it again',
      'proposal_audit_hash',
    );
  }
  return state.pendingProposal;
}

function fourEyes(state: CaseState, actor: Actor, verb: string): void {
  if (!actor.roles.has(ROLES.supervisor)) {
    throw new WorkflowError('PERMISSION_DENIED', 'SUPERVISOR_REQUIRED', `only a supervisor may ${verb} a proposal`);
  }
  if (actor.userId === state.proposedBy) {
    throw new WorkflowError(
      'PERMISSION_DENIED',
      'FOUR_EYES',
      `four eyes: ${actor.userId} proposed this resolution and cannot ${verb} it; another supervisor must`,
    );
  }
}

function approve(
  state: CaseState,
  actor: Actor,
  command: Extract<Command, { kind: 'approve' }>,
  by: By,
  now: number,
): Effect {
  const proposal = pending(state, command.proposalAuditHash);
  fourEyes(state, actor, 'approve');
  const approver = { ...by, actorRole: ActorRole.SUPERVISOR };
  const suppressions: Suppression[] =
    proposal.suppress && proposal.resolution === CaseResolution.FALSE_POSITIVE ? uniqueSuppressions(state, now) : [];
  const resolved: CaseResolved = {
    resolution: proposal.resolution,
    action: proposal.action,
    proposedBy: state.proposedBy,
    approvedBy: actor.userId,
    suppressions,
  };
  const effect: Effect = {
    entries: [
      {
        ...approver,
        event: {
          $case: 'approved',
          value: { proposalAuditHash: state.pendingProposalHash, proposedBy: state.proposedBy },
        },
      },
      { ...approver, event: { $case: 'resolved', value: resolved } },
    ],
    next: { status: CaseStatus.RESOLVED, resolved, pendingProposalHash: '' },
    suppressions,
  };
  if (proposal.action !== DispositionAction.UNSPECIFIED) {
    effect.disposition = {
      action: proposal.action,
      proposedBy: state.proposedBy,
      approvedBy: actor.userId,
      reason: proposal.rationale,
      programs: [...new Set(state.hits.flatMap((hit) => hit.programs))].sort(),
    };
  }
  return effect;
}

function uniqueSuppressions(state: CaseState, now: number): Suppression[] {
  const seen = new Map<string, Suppression>();
  for (const hit of state.hits) {
    // Jurisdiction hits come from the policy, not from a listed entity: nothing to suppress.
    if (hit.kind === HitKind.JURISDICTION || !hit.entityHash) continue;
    const key = `${hit.source}:${hit.entityId}`;
    if (!seen.has(key)) {
      seen.set(key, {
        customerRef: state.customerRef,
        source: hit.source,
        entityId: hit.entityId,
        entityHash: hit.entityHash,
        caseId: state.caseId,
        approvedAt: timestampFromMillis(now),
      });
    }
  }
  return [...seen.values()];
}

function sendBack(state: CaseState, actor: Actor, command: Extract<Command, { kind: 'sendBack' }>, by: By): Effect {
  pending(state, command.proposalAuditHash);
  fourEyes(state, actor, 'send back');
  text(command.reason, 'reason', LIMITS.text);
  return {
    entries: [
      {
        ...by,
        actorRole: ActorRole.SUPERVISOR,
        event: { $case: 'sentBack', value: { proposalAuditHash: state.pendingProposalHash, reason: command.reason } },
      },
    ],
    next: { status: CaseStatus.ASSIGNED, pendingProposalHash: '', proposedBy: '' },
    suppressions: [],
  };
}
