/**
 * case-management's PostgreSQL: cases, their audit chains, dispositions, the blocked-property ledger,
 * suppressions, the input positions and the outbox. Every change happens in one transaction with the audit
 * entries and the outbox records it causes, so the database and what reaches Kafka never disagree.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  ActorRole,
  Case,
  CaseEvent,
  CaseResolved,
  CaseStatus,
  CaseTrigger,
  DecisionOutcome,
  Disposition,
  DispositionAction,
  EVENT_TYPES,
  Hit,
  HitKind,
  ListSource,
  ResolutionProposed,
  SanctionedEntity,
  ScreeningDecision,
  WithdrawalRequested,
  timestampFromMillis,
  type AnyEventType,
  type TopicRoleName,
} from '@cordon/contracts';
import { encodeEvent } from '@cordon/platform';
import { chain, type StoredEntry } from '../../domain/audit.js';
import type { IntakeItem } from '../../domain/intake.js';
import { dueAt, type BusinessCalendar, type SlaPolicy } from '../../domain/sla.js';
import {
  act,
  WorkflowError,
  type Actor,
  type CaseState,
  type Command,
  type DispositionPlan,
  type Entry,
} from '../../domain/workflow.js';

/** The actor name of entries Cordon itself writes. */
export const SYSTEM_ACTOR = 'case-management';

/** A case that is not there (or not visible). */
export class CaseNotFound extends Error {
  constructor(readonly caseId: string) {
    super(`no case ${caseId}`);
    this.name = 'CaseNotFound';
  }
}

/** Filters of the case list (the queue). */
export interface CaseFilter {
  statuses?: CaseStatus[];
  outcomes?: DecisionOutcome[];
  assignee?: string;
  customerRef?: string;
  withdrawalId?: string;
  trigger?: CaseTrigger;
  source?: ListSource;
  overdueOnly?: boolean;
  dueBefore?: number;
  pageSize: number;
  /** Resume after this (sla_due_at, case_id). */
  after?: { dueAt: number; caseId: string };
}

/** A case with what an analyst sets beside it. */
export interface CaseDetail {
  case: Case;
  events: CaseEvent[];
  decisions: ScreeningDecision[];
  withdrawal?: WithdrawalRequested;
  entities: SanctionedEntity[];
}

/** What intake did with one batch. */
export interface IntakeCounts {
  opened: number;
  joined: number;
  released: number;
  duplicates: number;
  withdrawals: number;
  deadLettered: number;
}

type Row = Record<string, unknown>;
type Queryable = pg.Pool | pg.PoolClient | pg.Client;

const CASE_COLUMNS = `case_id, withdrawal_id, customer_ref, status, trigger, outcome, decision_hash, hits, sources, assignee,
  opened_at, sla_due_at, updated_at, pending_proposal, pending_proposal_hash, proposed_by, resolved, disposition,
  last_audit_hash, last_sequence`;

/** The outbox lock: writers take it just before inserting, so outbox ids become visible in id order. */
const OUTBOX_LOCK = 'cordon-case-management-outbox';

export class CaseStore {
  constructor(
    readonly pool: pg.Pool,
    private readonly sla: SlaPolicy,
    private readonly calendar: BusinessCalendar,
  ) {}

  async ping(): Promise<boolean> {
    await this.pool.query('select 1');
    return true;
  }

  /** The stored next offsets of `topics`, per topic and partition. */
  async positions(db: Queryable, topics: string[]): Promise<Map<string, Map<number, bigint>>> {
    const { rows } = await db.query<{ topic: string; partition: number; next_offset: string }>(
      'select topic, partition, next_offset from consumer_positions where topic = any($1)',
      [topics],
    );
    const out = new Map<string, Map<number, bigint>>(topics.map((t) => [t, new Map()]));
    for (const row of rows) out.get(row.topic)!.set(row.partition, BigInt(row.next_offset));
    return out;
  }

  /**
   * Takes in one batch read from the input topics, and stores the positions after it, in one transaction on
   * `client` (the leader's session: a leader that lost its session cannot commit).
   */
  async intake(
    client: pg.ClientBase,
    items: IntakeItem[],
    positions: Array<{ topic: string; partition: number; nextOffset: bigint }>,
    now: number,
  ): Promise<IntakeCounts> {
    // Set-based: a handful of statements per batch whatever its size (reads of what exists, then multi-row
    // writes), so intake keeps up with the decision stream.
    const counts: IntakeCounts = { opened: 0, joined: 0, released: 0, duplicates: 0, withdrawals: 0, deadLettered: 0 };
    const outbox: OutboxRecord[] = [];
    const withdrawals = new Map<string, WithdrawalRequested>();
    const entities = new Map<string, SanctionedEntity>();
    const triggers: Array<Extract<IntakeItem, { kind: 'decision' | 'retro-hit' }>> = [];
    const seen = new Set<string>();
    for (const item of items) {
      if (item.kind === 'none') continue;
      if (item.kind === 'entity')
        entities.set(`${item.entity.source}|${item.entity.id}|${item.entity.entityHash}`, item.entity);
      else if (item.kind === 'withdrawal') withdrawals.set(item.withdrawal.withdrawalId, item.withdrawal);
      else if (item.kind === 'dead-letter') {
        outbox.push({
          role: 'withdrawalsRejected',
          key: item.record.key,
          headers: item.record.headers ?? {},
          value: item.record.value,
        });
        counts.deadLettered += 1;
      } else if (seen.has(item.triggerKey)) counts.duplicates += 1;
      else {
        seen.add(item.triggerKey);
        triggers.push(item);
      }
    }
    await client.query('begin');
    try {
      if (withdrawals.size > 0) {
        counts.withdrawals = await insertRows(
          client,
          'withdrawals (withdrawal_id, customer_ref, chain, asset, amount_decimal, destination, payload)',
          [...withdrawals.values()].map((w) => [
            w.withdrawalId,
            w.customer?.customerRef ?? '',
            w.chain,
            w.amount?.asset ?? '',
            w.amount?.amountDecimal ?? '',
            w.destination?.address ?? '',
            Buffer.from(WithdrawalRequested.encode(w).finish()),
          ]),
          'on conflict do nothing',
        );
      }
      if (entities.size > 0) {
        await insertRows(
          client,
          'listed_entities (source, entity_id, entity_hash, payload)',
          [...entities.values()].map((e) => [
            e.source,
            e.id,
            e.entityHash,
            Buffer.from(SanctionedEntity.encode(e).finish()),
          ]),
          'on conflict do nothing',
        );
      }
      const existing = triggers.length
        ? new Set(
            (
              await client.query<{ trigger_key: string }>(
                'select trigger_key from case_triggers where trigger_key = any($1)',
                [triggers.map((t) => t.triggerKey)],
              )
            ).rows.map((r) => r.trigger_key),
          )
        : new Set<string>();
      const fresh = triggers.filter((t) => !existing.has(t.triggerKey));
      counts.duplicates += triggers.length - fresh.length;
      const releases = fresh.filter((t) => t.kind === 'decision' && t.outcome === DecisionOutcome.ALLOW);
      const toCases = fresh.filter((t) => !(t.kind === 'decision' && t.outcome === DecisionOutcome.ALLOW));
      const open = new Map<string, CaseState & { joinedHits?: Hit[]; fresh: boolean }>();
      if (toCases.length) {
        const { rows } = await client.query<Row>(
          `select ${CASE_COLUMNS} from cases where withdrawal_id = any($1) and status <> ${CaseStatus.RESOLVED} for update`,
          [[...new Set(toCases.map((t) => t.withdrawalId))]],
        );
        for (const row of rows) open.set(String(row.withdrawal_id), { ...stateOf(row, false), fresh: false });
      }
      const audit: unknown[][] = [];
      const caseOf = new Map<string, string>();
      const touched = new Set<string>();
      for (const item of toCases) {
        let state = open.get(item.withdrawalId);
        let entry: Entry;
        if (state) {
          state.hits = mergeHits(state.hits, item.hits);
          // A BLOCK joining a HOLD case brings the BLOCK's deadline forward, never back.
          state.slaDueAt = Math.min(state.slaDueAt, dueAt(this.sla, this.calendar, item.slaClass, now));
          state.outcome = Math.max(state.outcome, item.outcome) as DecisionOutcome;
          entry = {
            actor: SYSTEM_ACTOR,
            actorRole: ActorRole.SYSTEM,
            event: {
              $case: 'joined',
              value: { trigger: item.trigger, outcome: item.outcome, decisionHash: item.decisionHash, hits: item.hits },
            },
          };
          counts.joined += 1;
        } else {
          state = {
            caseId: `case-${randomUUID()}`,
            withdrawalId: item.withdrawalId,
            customerRef: item.customerRef,
            status: CaseStatus.OPEN,
            trigger: item.trigger,
            outcome: item.outcome,
            decisionHash: item.decisionHash,
            hits: item.hits,
            assignee: '',
            openedAt: now,
            slaDueAt: dueAt(this.sla, this.calendar, item.slaClass, now),
            pendingProposalHash: '',
            proposedBy: '',
            lastAuditHash: '',
            lastSequence: 0n,
            withdrawalDisposed: false,
            fresh: true,
          };
          open.set(item.withdrawalId, state);
          entry = {
            actor: SYSTEM_ACTOR,
            actorRole: ActorRole.SYSTEM,
            event: {
              $case: 'opened',
              value: {
                trigger: item.trigger,
                customerRef: item.customerRef,
                outcome: item.outcome,
                decisionHash: item.decisionHash,
                hits: item.hits,
              },
            },
          };
          counts.opened += 1;
        }
        const event = this.chained(state, entry, now, state.slaDueAt);
        audit.push(auditRow(event, now));
        outbox.push(eventRecord('caseEvents', EVENT_TYPES.caseEvent, event));
        state.lastAuditHash = event.auditHash;
        state.lastSequence = event.sequence;
        caseOf.set(item.triggerKey, state.caseId);
        touched.add(item.withdrawalId);
      }
      if (fresh.length) {
        await insertRows(
          client,
          'case_triggers (trigger_key, case_id, withdrawal_id, kind, payload)',
          fresh.map((t) => [
            t.triggerKey,
            caseOf.get(t.triggerKey) ?? null,
            t.withdrawalId,
            t.trigger,
            Buffer.from(t.payload),
          ]),
        );
      }
      if (releases.length) {
        const released = await this.disposeMany(
          client,
          outbox,
          releases.map((t) => ({
            withdrawalId: t.withdrawalId,
            caseId: '',
            decisionHash: t.decisionHash,
            plan: {
              action: DispositionAction.RELEASE,
              proposedBy: 'screening',
              approvedBy: '',
              reason: 'screening allowed it (no hit)',
              programs: [],
            },
            now,
          })),
        );
        counts.released += released;
      }
      if (audit.length)
        await insertRows(
          client,
          'audit_log (case_id, sequence, actor, actor_role, occurred_at, audit_hash, entry)',
          audit,
        );
      const states = [...touched].map((id) => open.get(id)!);
      const inserted = states.filter((s) => s.fresh);
      if (inserted.length) {
        await insertRows(
          client,
          'cases (case_id, withdrawal_id, customer_ref, status, trigger, outcome, decision_hash, hits, sources, opened_at, sla_due_at, updated_at, last_audit_hash, last_sequence)',
          inserted.map((s) => [
            s.caseId,
            s.withdrawalId,
            s.customerRef,
            s.status,
            s.trigger,
            s.outcome,
            s.decisionHash,
            JSON.stringify(s.hits.map((h) => Hit.toJSON(h))),
            sourcesOf(s.hits),
            new Date(now),
            new Date(s.slaDueAt),
            new Date(now),
            s.lastAuditHash,
            String(s.lastSequence),
          ]),
        );
      }
      for (const s of states.filter((x) => !x.fresh)) {
        await client.query(
          `update cases set hits = $2, sources = $3, outcome = $4, sla_due_at = $5, updated_at = $6, last_audit_hash = $7, last_sequence = $8 where case_id = $1`,
          [
            s.caseId,
            JSON.stringify(s.hits.map((h) => Hit.toJSON(h))),
            sourcesOf(s.hits),
            s.outcome,
            new Date(s.slaDueAt),
            new Date(now),
            s.lastAuditHash,
            String(s.lastSequence),
          ],
        );
      }
      if (positions.length) {
        await insertRows(
          client,
          'consumer_positions (topic, partition, next_offset)',
          positions.map((p) => [p.topic, p.partition, String(p.nextOffset)]),
          'on conflict (topic, partition) do update set next_offset = excluded.next_offset',
        );
      }
      await enqueue(client, outbox);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
    return counts;
  }

  /** `entry` chained after the case's last entry. */
  private chained(
    state: Pick<CaseState, 'caseId' | 'withdrawalId' | 'lastAuditHash' | 'lastSequence'>,
    entry: Entry,
    now: number,
    slaDueAt: number,
  ): CaseEvent {
    const previous =
      state.lastSequence > 0n ? { sequence: state.lastSequence, auditHash: state.lastAuditHash } : undefined;
    return chain(
      {
        caseId: state.caseId,
        withdrawalId: state.withdrawalId,
        occurredAt: timestampFromMillis(now),
        slaDueAt: timestampFromMillis(slaDueAt),
        ...entry,
      },
      previous,
    );
  }

  /** Chains `entries` after the case's last one, stores them and queues them for the case-events topic. */
  private async append(
    client: pg.ClientBase,
    outbox: OutboxRecord[],
    state: Pick<CaseState, 'caseId' | 'withdrawalId' | 'lastAuditHash' | 'lastSequence'>,
    entries: Entry[],
    now: number,
    slaDueAt: number,
  ): Promise<CaseEvent[]> {
    const events: CaseEvent[] = [];
    let head = state;
    for (const entry of entries) {
      const event = this.chained(head, entry, now, slaDueAt);
      events.push(event);
      outbox.push(eventRecord('caseEvents', EVENT_TYPES.caseEvent, event));
      head = { ...head, lastAuditHash: event.auditHash, lastSequence: event.sequence };
    }
    await insertRows(
      client,
      'audit_log (case_id, sequence, actor, actor_role, occurred_at, audit_hash, entry)',
      events.map((e) => auditRow(e, now)),
    );
    return events;
  }

  /** Records each withdrawal's final answer once; returns how many were new (the others already had one). */
  private async disposeMany(
    client: pg.ClientBase,
    outbox: OutboxRecord[],
    list: Array<{ withdrawalId: string; caseId: string; decisionHash: string; plan: DispositionPlan; now: number }>,
  ): Promise<number> {
    const byId = new Map(list.map((d) => [d.withdrawalId, d]));
    const { rows } = await client.query<{ withdrawal_id: string }>(
      `insert into dispositions (withdrawal_id, action, case_id, proposed_by, approved_by, decided_at, decision_hash, reason, programs)
       select * from unnest($1::text[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[])
         as t(withdrawal_id, action, case_id, proposed_by, approved_by, decided_at, decision_hash, reason, programs_text)
       cross join lateral (select string_to_array(programs_text, ',') as programs) p
       on conflict do nothing returning withdrawal_id`.replace(
        'select * from',
        "select withdrawal_id, action, case_id, proposed_by, approved_by, decided_at, decision_hash, reason, coalesce(programs, '{}') from",
      ),
      [
        [...byId.values()].map((d) => d.withdrawalId),
        [...byId.values()].map((d) => d.plan.action),
        [...byId.values()].map((d) => d.caseId),
        [...byId.values()].map((d) => d.plan.proposedBy),
        [...byId.values()].map((d) => d.plan.approvedBy),
        [...byId.values()].map((d) => new Date(d.now)),
        [...byId.values()].map((d) => d.decisionHash),
        [...byId.values()].map((d) => d.plan.reason),
        [...byId.values()].map((d) => (d.plan.programs.length ? d.plan.programs.join(',') : null)),
      ],
    );
    for (const { withdrawal_id: id } of rows) {
      const d = byId.get(id)!;
      const disposition: Disposition = {
        withdrawalId: d.withdrawalId,
        action: d.plan.action,
        caseId: d.caseId,
        decidedBy: d.plan.proposedBy,
        approvedBy: d.plan.approvedBy,
        decidedAt: timestampFromMillis(d.now),
        decisionHash: d.decisionHash,
        proposedBy: d.plan.proposedBy,
        reason: d.plan.reason,
        programs: d.plan.programs,
      };
      outbox.push(eventRecord('dispositions', EVENT_TYPES.disposition, disposition));
    }
    return rows.length;
  }

  /** Records the withdrawal's final answer once; false when it already had one. */
  private async dispose(
    client: pg.ClientBase,
    outbox: OutboxRecord[],
    d: { withdrawalId: string; caseId: string; decisionHash: string; plan: DispositionPlan; now: number },
  ): Promise<boolean> {
    return (await this.disposeMany(client, outbox, [d])) === 1;
  }

  /** Applies a workflow command in one transaction; returns the case after it and the entries written. */
  async act(caseId: string, actor: Actor, command: Command, now: number): Promise<{ case: Case; events: CaseEvent[] }> {
    return this.transaction(async (client) => {
      const state = await this.lockedState(client, caseId);
      return this.apply(client, state, actor, command, now);
    });
  }

  /** Assigns `actor` the most urgent open, unassigned case (skipping cases other callers hold locked). */
  async takeNext(actor: Actor, now: number): Promise<Case | undefined> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<Row>(
        `select ${CASE_COLUMNS} from cases where status = ${CaseStatus.OPEN} and assignee = ''
         order by sla_due_at, case_id limit 1 for update skip locked`,
      );
      if (!rows[0]) return undefined;
      const state = await this.withDisposed(client, stateOf(rows[0], false));
      return (await this.apply(client, state, actor, { kind: 'assign', assignee: actor.userId }, now)).case;
    });
  }

  private async apply(client: pg.PoolClient, state: CaseState, actor: Actor, command: Command, now: number) {
    const effect = act(state, actor, command, now);
    const outbox: OutboxRecord[] = [];
    const events = await this.append(client, outbox, state, effect.entries, now, state.slaDueAt);
    const last = events.at(-1)!;
    const next = { ...state, ...effect.next };
    const proposalHash =
      effect.proposalEntry !== undefined
        ? events[effect.proposalEntry]!.auditHash
        : (effect.next.pendingProposalHash ?? state.pendingProposalHash);
    const resolved = effect.next.resolved;
    if (effect.disposition) {
      const disposed = await this.dispose(client, outbox, {
        withdrawalId: state.withdrawalId,
        caseId: state.caseId,
        decisionHash: state.decisionHash,
        plan: effect.disposition,
        now,
      });
      if (!disposed) {
        throw new WorkflowError(
          'FAILED_PRECONDITION',
          'ALREADY_DISPOSED',
          `withdrawal ${state.withdrawalId} already has its disposition`,
        );
      }
      if (effect.disposition.action === DispositionAction.BLOCK) await this.block(client, state, now);
    }
    for (const s of effect.suppressions) {
      await client.query(
        `insert into suppressions (customer_ref, entity_source, entity_id, entity_hash, case_id, created_at) values ($1, $2, $3, $4, $5, $6)
         on conflict (customer_ref, entity_source, entity_id) do update set entity_hash = excluded.entity_hash, case_id = excluded.case_id, created_at = excluded.created_at`,
        [s.customerRef, s.source, s.entityId, s.entityHash, state.caseId, new Date(now)],
      );
      outbox.push(eventRecord('caseSuppressions', EVENT_TYPES.suppression, s));
    }
    const pendingProposal = next.status === CaseStatus.PENDING_APPROVAL ? next.pendingProposal : undefined;
    await client.query(
      `update cases set status = $2, assignee = $3, pending_proposal = $4, pending_proposal_hash = $5, proposed_by = $6,
         resolved = $7, resolved_at = $8, disposition = $9, updated_at = $10, last_audit_hash = $11, last_sequence = $12
       where case_id = $1`,
      [
        state.caseId,
        next.status,
        next.assignee,
        pendingProposal ? JSON.stringify(ResolutionProposed.toJSON(pendingProposal)) : null,
        next.status === CaseStatus.PENDING_APPROVAL ? proposalHash : '',
        next.proposedBy,
        resolved ? JSON.stringify(CaseResolved.toJSON(resolved)) : null,
        resolved ? new Date(now) : null,
        resolved?.action ?? DispositionAction.UNSPECIFIED,
        new Date(now),
        last.auditHash,
        String(last.sequence),
      ],
    );
    await enqueue(client, outbox);
    const after = await this.lockedState(client, state.caseId);
    return { case: toCase(await this.caseRow(client, after.caseId), now), events };
  }

  /** Adds the withdrawal's funds to the blocked-property ledger. */
  private async block(client: pg.PoolClient, state: CaseState, now: number): Promise<void> {
    const withdrawal = await client.query<Row>(
      'select chain, asset, amount_decimal, destination from withdrawals where withdrawal_id = $1',
      [state.withdrawalId],
    );
    const w = withdrawal.rows[0];
    if (!w) {
      throw new WorkflowError(
        'FAILED_PRECONDITION',
        'WITHDRAWAL_UNKNOWN',
        `withdrawal ${state.withdrawalId} has not been seen on the requested topic yet: its amount cannot be recorded as blocked`,
      );
    }
    const listed =
      state.hits.find((hit) => hit.kind === HitKind.ADDRESS) ?? state.hits.find((hit) => hit.kind === HitKind.NAME)!;
    const decision = await client.query<{ payload: Buffer }>(
      `select payload from case_triggers where case_id = $1 and kind = ${CaseTrigger.DECISION} order by received_at limit 1`,
      [state.caseId],
    );
    const pinned = decision.rows[0] ? ScreeningDecision.decode(decision.rows[0].payload).pinnedVersions : [];
    await client.query(
      `insert into blocked_property (withdrawal_id, case_id, customer_ref, chain, asset, amount_decimal, destination, entity_source,
         entity_id, entity_name, programs, list_versions, decision_hash, blocked_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) on conflict do nothing`,
      [
        state.withdrawalId,
        state.caseId,
        state.customerRef,
        w.chain,
        w.asset,
        w.amount_decimal,
        w.destination,
        listed.source,
        listed.entityId,
        listed.kind === HitKind.NAME ? listed.matchedValue : '',
        [...new Set(state.hits.flatMap((h) => h.programs))].sort(),
        JSON.stringify(pinned.map((p) => ({ source: p.source, contentHash: p.contentHash, versionId: p.versionId }))),
        state.decisionHash,
        new Date(now),
      ],
    );
  }

  /** Publishes an escalation for each unresolved case past its due time, once. */
  async escalateOverdue(now: number, limit = 500): Promise<number> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<Row>(
        `select ${CASE_COLUMNS} from cases where status <> ${CaseStatus.RESOLVED} and not escalated and sla_due_at < $1
         order by sla_due_at limit $2 for update skip locked`,
        [new Date(now), limit],
      );
      const outbox: OutboxRecord[] = [];
      for (const row of rows) {
        const state = stateOf(row, false);
        const events = await this.append(
          client,
          outbox,
          state,
          [
            {
              actor: SYSTEM_ACTOR,
              actorRole: ActorRole.SYSTEM,
              event: {
                $case: 'escalated',
                value: { dueAt: timestampFromMillis(state.slaDueAt), status: state.status },
              },
            },
          ],
          now,
          state.slaDueAt,
        );
        await client.query(
          'update cases set escalated = true, last_audit_hash = $2, last_sequence = $3 where case_id = $1',
          [state.caseId, events[0]!.auditHash, String(events[0]!.sequence)],
        );
      }
      await enqueue(client, outbox);
      return rows.length;
    });
  }

  /** One page of cases, most urgent first. */
  async list(filter: CaseFilter, now: number): Promise<{ cases: Case[]; next?: { dueAt: number; caseId: string } }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.statuses?.length) {
      const open = filter.statuses.every((s) => s !== CaseStatus.RESOLVED);
      where.push(open ? `status <> ${CaseStatus.RESOLVED}` : 'true');
      if (filter.statuses.length < 3 || !open) where.push(`status = any(${param(filter.statuses)}::smallint[])`);
    }
    if (filter.outcomes?.length) where.push(`outcome = any(${param(filter.outcomes)}::smallint[])`);
    if (filter.assignee !== undefined) where.push(`assignee = ${param(filter.assignee)}`);
    if (filter.customerRef) where.push(`customer_ref = ${param(filter.customerRef)}`);
    if (filter.withdrawalId) where.push(`withdrawal_id = ${param(filter.withdrawalId)}`);
    if (filter.trigger) where.push(`trigger = ${param(filter.trigger)}`);
    if (filter.source) where.push(`${param(filter.source)}::smallint = any(sources)`);
    if (filter.overdueOnly) where.push(`status <> ${CaseStatus.RESOLVED} and sla_due_at < ${param(new Date(now))}`);
    if (filter.dueBefore !== undefined) where.push(`sla_due_at < ${param(new Date(filter.dueBefore))}`);
    if (filter.after)
      where.push(`(sla_due_at, case_id) > (${param(new Date(filter.after.dueAt))}, ${param(filter.after.caseId)})`);
    const sql = `select ${CASE_COLUMNS} from cases ${where.length ? `where ${where.join(' and ')}` : ''}
      order by sla_due_at, case_id limit ${param(filter.pageSize + 1)}`;
    const { rows } = await this.pool.query<Row>(sql, params);
    const page = rows.slice(0, filter.pageSize).map((row) => toCase(row, now));
    const last = page.at(-1);
    return rows.length > filter.pageSize && last
      ? { cases: page, next: { dueAt: millisOf(rows[filter.pageSize - 1]!.sla_due_at), caseId: last.caseId } }
      : { cases: page };
  }

  /** A case with its audit log, the decisions behind it and the withdrawal. */
  /** The listed entities `hits` name: the version each matched when seen, else the latest seen. */
  private async entitiesOf(hits: Hit[]): Promise<SanctionedEntity[]> {
    const wanted = new Map<string, Hit>();
    for (const hit of hits)
      if (hit.kind !== HitKind.JURISDICTION && hit.entityId) wanted.set(`${hit.source}|${hit.entityId}`, hit);
    const out: SanctionedEntity[] = [];
    for (const hit of wanted.values()) {
      const { rows } = await this.pool.query<{ payload: Buffer }>(
        `select payload from listed_entities where source = $1 and entity_id = $2
         order by (entity_hash = $3) desc, received_at desc limit 1`,
        [hit.source, hit.entityId, hit.entityHash],
      );
      if (rows[0]) out.push(SanctionedEntity.decode(rows[0].payload));
    }
    return out;
  }

  async get(caseId: string, now: number): Promise<CaseDetail> {
    const row = await this.caseRow(this.pool, caseId);
    const [audit, triggers, withdrawal] = await Promise.all([
      this.pool.query<{ entry: Buffer }>('select entry from audit_log where case_id = $1 order by sequence', [caseId]),
      this.pool.query<{ payload: Buffer }>(
        `select payload from case_triggers where case_id = $1 and kind = ${CaseTrigger.DECISION} order by received_at`,
        [caseId],
      ),
      this.pool.query<{ payload: Buffer }>('select payload from withdrawals where withdrawal_id = $1', [
        row.withdrawal_id,
      ]),
    ]);
    const result: CaseDetail = {
      entities: [],
      case: toCase(row, now),
      events: audit.rows.map((r) => CaseEvent.decode(r.entry)),
      decisions: triggers.rows.map((r) => ScreeningDecision.decode(r.payload)),
    };
    if (withdrawal.rows[0]) result.withdrawal = WithdrawalRequested.decode(withdrawal.rows[0].payload);
    result.entities = await this.entitiesOf(result.case.hits);
    return result;
  }

  /** Seconds the oldest unpublished outbox record has waited (0 when none): how far Kafka lags PostgreSQL. */
  async outboxLagSeconds(now: number): Promise<number> {
    const { rows } = await this.pool.query<{ oldest: Date | null }>(
      'select min(created_at) as oldest from outbox where published_at is null',
    );
    return rows[0]!.oldest ? Math.max(0, (now - rows[0]!.oldest.getTime()) / 1000) : 0;
  }

  /** Number of unresolved cases past their due time (for the metrics). */
  async overdueCount(now: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      `select count(*) as n from cases where status <> ${CaseStatus.RESOLVED} and sla_due_at < $1`,
      [new Date(now)],
    );
    return Number(rows[0]!.n);
  }

  /**
   * Deletes resolved cases (with their audit chains and triggers) resolved before `before`, and withdrawals no
   * case refers to received before it: the recordkeeping rule's retention, applied.
   */
  async purge(before: number): Promise<number> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ case_id: string }>(
        `delete from cases where status = ${CaseStatus.RESOLVED} and resolved_at < $1 returning case_id`,
        [new Date(before)],
      );
      const ids = rows.map((r) => r.case_id);
      await client.query('delete from audit_log where case_id = any($1)', [ids]);
      await client.query(
        'delete from case_triggers where case_id = any($1) or (case_id is null and received_at < $2)',
        [ids, new Date(before)],
      );
      await client.query(
        'delete from withdrawals w where received_at < $1 and not exists (select 1 from cases c where c.withdrawal_id = w.withdrawal_id)',
        [new Date(before)],
      );
      await client.query('delete from outbox where published_at < $1', [new Date(before)]);
      return ids.length;
    });
  }

  /** The stored audit entries of one case, oldest first, as the chain verifier reads them, and the case's head. */
  async auditEntries(caseId: string): Promise<{ entries: StoredEntry[]; lastAuditHash: string }> {
    const row = await this.caseRow(this.pool, caseId);
    const { rows } = await this.pool.query<{ sequence: string; actor: string; audit_hash: string; entry: Buffer }>(
      'select sequence, actor, audit_hash, entry from audit_log where case_id = $1 order by sequence',
      [caseId],
    );
    return {
      lastAuditHash: String(row.last_audit_hash),
      entries: rows.map((r) => ({
        where: `audit_log case_id=${caseId} sequence=${r.sequence}`,
        bytes: r.entry,
        columns: { caseId, sequence: BigInt(r.sequence), actor: r.actor, auditHash: r.audit_hash },
      })),
    };
  }

  private async caseRow(db: Queryable, caseId: string): Promise<Row> {
    const { rows } = await db.query<Row>(`select ${CASE_COLUMNS} from cases where case_id = $1`, [caseId]);
    if (!rows[0]) throw new CaseNotFound(caseId);
    return rows[0];
  }

  private async lockedState(client: pg.PoolClient, caseId: string): Promise<CaseState> {
    const { rows } = await client.query<Row>(`select ${CASE_COLUMNS} from cases where case_id = $1 for update`, [
      caseId,
    ]);
    if (!rows[0]) throw new CaseNotFound(caseId);
    return this.withDisposed(client, stateOf(rows[0], false));
  }

  private async withDisposed(client: pg.PoolClient, state: CaseState): Promise<CaseState> {
    const { rowCount } = await client.query('select 1 from dispositions where withdrawal_id = $1', [
      state.withdrawalId,
    ]);
    return { ...state, withdrawalDisposed: (rowCount ?? 0) > 0 && state.status !== CaseStatus.RESOLVED };
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** One record waiting in the outbox. */
export interface OutboxRecord {
  role: TopicRoleName;
  key: Buffer | string | null;
  headers: Record<string, string | Buffer | (string | Buffer)[] | undefined>;
  value: Buffer | null;
}

function eventRecord<T>(role: TopicRoleName, type: AnyEventType & { key: (m: T) => string }, message: T): OutboxRecord {
  const encoded = encodeEvent(type as never, message);
  return { role, key: type.key(message), headers: encoded.headers, value: encoded.value };
}

/** The audit_log row of `event`. */
function auditRow(event: CaseEvent, now: number): unknown[] {
  return [
    event.caseId,
    String(event.sequence),
    event.actor,
    event.actorRole,
    new Date(now),
    event.auditHash,
    Buffer.from(CaseEvent.encode(event).finish()),
  ];
}

/** Multi-row insert into `target` ("table (columns)"), in chunks that stay under PostgreSQL's parameter limit. */
async function insertRows(client: pg.ClientBase, target: string, rows: unknown[][], suffix = ''): Promise<number> {
  let inserted = 0;
  const width = rows[0]?.length ?? 0;
  const chunk = Math.max(1, Math.floor(30_000 / Math.max(1, width)));
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const tuples = part.map(
      (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
    );
    const result = await client.query(`insert into ${target} values ${tuples.join(', ')} ${suffix}`, part.flat());
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}

/** Inserts outbox records under the outbox lock (held to commit), so ids become visible in order. */
async function enqueue(client: pg.ClientBase, records: OutboxRecord[]): Promise<void> {
  if (records.length === 0) return;
  await client.query('select pg_advisory_xact_lock(hashtext($1))', [OUTBOX_LOCK]);
  const values: unknown[] = [];
  const tuples = records.map((r, i) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(r.headers)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (first !== undefined)
        headers[name] = Buffer.isBuffer(first) ? `base64:${first.toString('base64')}` : `text:${first}`;
    }
    values.push(
      r.role,
      r.key === null ? '' : Buffer.isBuffer(r.key) ? r.key.toString('utf8') : r.key,
      JSON.stringify(headers),
      r.value ?? Buffer.alloc(0),
    );
    return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
  });
  await client.query(`insert into outbox (topic_role, record_key, headers, value) values ${tuples.join(', ')}`, values);
  await client.query("select pg_notify('cordon_case_outbox', '')");
}

/** Decodes the stored headers of an outbox row. */
export function outboxHeaders(stored: Record<string, string>): Record<string, string | Buffer> {
  const out: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(stored)) {
    out[name] = value.startsWith('base64:') ? Buffer.from(value.slice(7), 'base64') : value.slice(5);
  }
  return out;
}

function mergeHits(existing: Hit[], incoming: Hit[]): Hit[] {
  const key = (h: Hit) => `${h.kind}|${h.source}|${h.entityId}|${h.entityHash}|${h.queryField}|${h.matchedValue}`;
  const seen = new Set(existing.map(key));
  return [...existing, ...incoming.filter((h) => !seen.has(key(h)))];
}

function sourcesOf(hits: Hit[]): number[] {
  return [...new Set(hits.map((h) => h.source).filter((s) => s !== ListSource.UNSPECIFIED))].sort();
}

const millisOf = (value: unknown) => (value instanceof Date ? value.getTime() : new Date(String(value)).getTime());

function stateOf(row: Row, withdrawalDisposed: boolean): CaseState {
  const state: CaseState = {
    caseId: String(row.case_id),
    withdrawalId: String(row.withdrawal_id),
    customerRef: String(row.customer_ref),
    status: Number(row.status) as CaseStatus,
    trigger: Number(row.trigger) as CaseTrigger,
    outcome: Number(row.outcome) as DecisionOutcome,
    decisionHash: String(row.decision_hash),
    hits: (row.hits as unknown[]).map((h) => Hit.fromJSON(h)),
    assignee: String(row.assignee),
    openedAt: millisOf(row.opened_at),
    slaDueAt: millisOf(row.sla_due_at),
    pendingProposalHash: String(row.pending_proposal_hash),
    proposedBy: String(row.proposed_by),
    lastAuditHash: String(row.last_audit_hash),
    lastSequence: BigInt(String(row.last_sequence)),
    withdrawalDisposed,
  };
  if (row.pending_proposal) state.pendingProposal = ResolutionProposed.fromJSON(row.pending_proposal);
  return state;
}

function toCase(row: Row, now: number): Case {
  const state = stateOf(row, false);
  const result: Case = {
    caseId: state.caseId,
    withdrawalId: state.withdrawalId,
    customerRef: state.customerRef,
    status: state.status,
    trigger: state.trigger,
    outcome: state.outcome,
    decisionHash: state.decisionHash,
    hits: state.hits,
    assignee: state.assignee,
    openedAt: timestampFromMillis(state.openedAt),
    slaDueAt: timestampFromMillis(state.slaDueAt),
    updatedAt: timestampFromMillis(millisOf(row.updated_at)),
    proposedBy: state.proposedBy,
    lastAuditHash: state.lastAuditHash,
    overdue: state.status !== CaseStatus.RESOLVED && state.slaDueAt < now,
    disposition: Number(row.disposition) as DispositionAction,
    sources: (row.sources as number[]).map((s) => s as ListSource),
  };
  if (state.pendingProposal) result.pendingProposal = state.pendingProposal;
  if (row.resolved) result.resolved = CaseResolved.fromJSON(row.resolved);
  return result;
}
