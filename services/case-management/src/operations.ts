/**
 * The case API's operations, shared by gRPC and HTTP/JSON: authenticate the caller from the authorization
 * header, check what their roles allow, run the store, and say what went wrong in terms both transports map to
 * a status (gRPC code, HTTP status). The acting user and role always come from the verified token, never from
 * the request.
 */
import {
  ApproveResolutionRequest,
  AssignCaseRequest,
  AttachEvidenceRequest,
  CommentCaseRequest,
  GetCaseRequest,
  ListCasesRequest,
  ProposeResolutionRequest,
  SendBackResolutionRequest,
  timestampToMillis,
  type ApproveResolutionResponse,
  type AssignCaseResponse,
  type AttachEvidenceResponse,
  type CommentCaseResponse,
  type GetCaseResponse,
  type ListCasesResponse,
  type ProposeResolutionResponse,
  type SendBackResolutionResponse,
  type TakeNextCaseResponse,
} from '@cordon/contracts';
import { AuthenticationError, type Principal, type TokenVerifier } from '@cordon/platform';
import { CaseNotFound, type CaseFilter, type CaseStore } from './adapters/postgres/store.js';
import { verifyChains } from './domain/audit.js';
import { mayRead, WorkflowError, type Actor, type Command } from './domain/workflow.js';
import type { CaseMetrics } from './metrics.js';

/** A refused call: the status name both transports map, a stable reason, a sentence, and the field at fault. */
export class OperationError extends Error {
  constructor(
    readonly status: 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | 'NOT_FOUND' | 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT',
    readonly reason: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'OperationError';
  }
}

const MAX_PAGE = 500;

/** A broken link of a case's audit chain, as the API reports it. */
export interface AuditBreak {
  sequence: string;
  where: string;
  reason: string;
}

/** Every operation of CaseService. */
export class CaseOperations {
  constructor(
    private readonly store: CaseStore,
    private readonly verifier: TokenVerifier,
    private readonly metrics: CaseMetrics,
    private readonly clock: { now(): number },
    private readonly onWrite: () => void = () => undefined,
  ) {}

  /** The verified caller of a request with this authorization header. */
  async authenticate(authorization: string | undefined): Promise<Actor & { name?: string }> {
    let principal: Principal;
    try {
      principal = await this.verifier.verifyAuthorization(authorization);
    } catch (error) {
      if (error instanceof AuthenticationError) throw new OperationError('UNAUTHENTICATED', error.code, error.message);
      throw error;
    }
    return { userId: principal.subject, roles: principal.roles, ...(principal.name ? { name: principal.name } : {}) };
  }

  async listCases(actor: Actor, request: ListCasesRequest): Promise<ListCasesResponse> {
    this.read(actor);
    if (request.pageSize > MAX_PAGE)
      throw new OperationError('INVALID_ARGUMENT', 'PAGE_TOO_LARGE', `page_size is at most ${MAX_PAGE}`, 'page_size');
    const filter: CaseFilter = { pageSize: request.pageSize || 50 };
    if (request.statuses.length) filter.statuses = request.statuses;
    if (request.outcomes.length) filter.outcomes = request.outcomes;
    if (request.assignee) filter.assignee = request.assignee;
    if (request.customerRef) filter.customerRef = request.customerRef;
    if (request.withdrawalId) filter.withdrawalId = request.withdrawalId;
    if (request.trigger) filter.trigger = request.trigger;
    if (request.source) filter.source = request.source;
    if (request.overdueOnly) filter.overdueOnly = true;
    if (request.dueBefore) filter.dueBefore = timestampToMillis(request.dueBefore);
    if (request.pageToken) filter.after = decodeToken(request.pageToken);
    const page = await this.store.list(filter, this.clock.now());
    return { cases: page.cases, nextPageToken: page.next ? encodeToken(page.next) : '' };
  }

  async getCase(actor: Actor, request: GetCaseRequest): Promise<GetCaseResponse> {
    this.read(actor);
    const found = await this.found(() => this.store.get(required(request.caseId, 'case_id'), this.clock.now()));
    return {
      case: found.case,
      events: found.events,
      decisions: found.decisions,
      entities: found.entities,
      ...(found.withdrawal ? { withdrawal: found.withdrawal } : {}),
    };
  }

  /**
   * Verifies the case's audit chain as stored in PostgreSQL (the same check as `cordon audit verify`, for one
   * case): each entry's hash, its link to the previous one, its sequence, and the columns beside it.
   */
  async verifyAudit(
    actor: Actor,
    caseId: string,
  ): Promise<{ caseId: string; entries: number; verified: boolean; lastAuditHash: string; breaks: AuditBreak[] }> {
    this.read(actor);
    const rows = await this.found(() => this.store.auditEntries(required(caseId, 'case_id')));
    const result = verifyChains(rows.entries);
    const breaks: AuditBreak[] = result.breaks.map((b) => ({
      sequence: b.sequence.toString(),
      where: b.where,
      reason: b.reason,
    }));
    const last = rows.entries.at(-1)?.columns;
    if (breaks.length === 0 && last?.auditHash !== rows.lastAuditHash) {
      breaks.push({
        sequence: (last?.sequence ?? 0n).toString(),
        where: `cases case_id=${caseId}`,
        reason: "the chain does not end at the case's last_audit_hash (entries are missing at its end)",
      });
    }
    return {
      caseId,
      entries: result.entries,
      verified: breaks.length === 0,
      lastAuditHash: rows.lastAuditHash,
      breaks,
    };
  }

  async assignCase(actor: Actor, request: AssignCaseRequest): Promise<AssignCaseResponse> {
    const command: Command = { kind: 'assign', assignee: request.assignee };
    if (request.expectedAuditHash) command.expectedAuditHash = request.expectedAuditHash;
    const result = await this.run('assign', actor, request.caseId, command);
    return { case: result.case, event: result.events[0]! };
  }

  async commentCase(actor: Actor, request: CommentCaseRequest): Promise<CommentCaseResponse> {
    const result = await this.run('comment', actor, request.caseId, { kind: 'comment', text: request.text });
    return { case: result.case, event: result.events[0]! };
  }

  async attachEvidence(actor: Actor, request: AttachEvidenceRequest): Promise<AttachEvidenceResponse> {
    if (!request.evidence) throw new OperationError('INVALID_ARGUMENT', 'REQUIRED', 'evidence is required', 'evidence');
    const result = await this.run('evidence', actor, request.caseId, { kind: 'evidence', evidence: request.evidence });
    return { case: result.case, event: result.events[0]! };
  }

  async proposeResolution(actor: Actor, request: ProposeResolutionRequest): Promise<ProposeResolutionResponse> {
    const command: Command = {
      kind: 'propose',
      resolution: request.resolution,
      rationale: request.rationale,
      suppress: request.suppress,
    };
    if (request.expectedAuditHash) command.expectedAuditHash = request.expectedAuditHash;
    return this.run('propose', actor, request.caseId, command);
  }

  async approveResolution(actor: Actor, request: ApproveResolutionRequest): Promise<ApproveResolutionResponse> {
    return this.run('approve', actor, request.caseId, {
      kind: 'approve',
      proposalAuditHash: required(request.proposalAuditHash, 'proposal_audit_hash'),
    });
  }

  async sendBackResolution(actor: Actor, request: SendBackResolutionRequest): Promise<SendBackResolutionResponse> {
    const result = await this.run('sendBack', actor, request.caseId, {
      kind: 'sendBack',
      proposalAuditHash: required(request.proposalAuditHash, 'proposal_audit_hash'),
      reason: request.reason,
    });
    return { case: result.case, event: result.events[0]! };
  }

  async takeNextCase(actor: Actor): Promise<TakeNextCaseResponse> {
    try {
      const taken = await this.store.takeNext(actor, this.clock.now());
      this.metrics.actions.inc({ action: 'takeNext', result: 'ok' });
      this.onWrite();
      return taken ? { case: taken } : {};
    } catch (error) {
      throw this.refusal('takeNext', error);
    }
  }

  private read(actor: Actor): void {
    if (!mayRead(actor)) {
      throw new OperationError(
        'PERMISSION_DENIED',
        'ROLE_REQUIRED',
        'reading cases needs the analyst, supervisor or auditor role',
      );
    }
  }

  private async run(action: string, actor: Actor, caseId: string, command: Command) {
    try {
      const result = await this.store.act(required(caseId, 'case_id'), actor, command, this.clock.now());
      this.metrics.actions.inc({ action, result: 'ok' });
      this.onWrite();
      return result;
    } catch (error) {
      throw this.refusal(action, error);
    }
  }

  private refusal(action: string, error: unknown): unknown {
    const mapped =
      error instanceof WorkflowError
        ? new OperationError(error.status, error.reason, error.message, error.field)
        : error instanceof CaseNotFound
          ? new OperationError('NOT_FOUND', 'CASE_NOT_FOUND', error.message, 'case_id')
          : error;
    if (mapped instanceof OperationError) this.metrics.actions.inc({ action, result: mapped.reason });
    return mapped;
  }

  private async found<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof CaseNotFound)
        throw new OperationError('NOT_FOUND', 'CASE_NOT_FOUND', error.message, 'case_id');
      throw error;
    }
  }
}

function required(value: string, field: string): string {
  if (!value) throw new OperationError('INVALID_ARGUMENT', 'REQUIRED', `${field} is required`, field);
  return value;
}

function encodeToken(after: { dueAt: number; caseId: string }): string {
  return Buffer.from(JSON.stringify([after.dueAt, after.caseId])).toString('base64url');
}

function decodeToken(token: string): { dueAt: number; caseId: string } {
  try {
    const [dueAt, caseId] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof dueAt === 'number' && typeof caseId === 'string') return { dueAt, caseId };
  } catch {
    // fall through
  }
  throw new OperationError(
    'INVALID_ARGUMENT',
    'PAGE_TOKEN_INVALID',
    'page_token is not a token this service issued',
    'page_token',
  );
}
