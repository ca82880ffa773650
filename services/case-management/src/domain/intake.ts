/**
 * What each record read from the input topics asks of case-management, decided without I/O: a withdrawal to
 * remember, a decision or retro-hit to take in (with its idempotency key), or a record to dead-letter with its
 * reason. ALLOW decisions are released at once; HOLD, BLOCK and every retro-hit open or join a case.
 */
import {
  CaseTrigger,
  DecisionOutcome,
  EVENT_TYPES,
  RetroHit,
  SanctionedEntity,
  ScreeningDecision,
  WithdrawalRequested,
  type Hit,
} from '@cordon/contracts';
import { DecodeError, decodeEvent, deadLetter, type ConsumedRecord, type OutgoingRecord } from '@cordon/platform';
import type { SlaClass } from './sla.js';

/** One thing to take in. */
export type IntakeItem =
  | { kind: 'withdrawal'; withdrawal: WithdrawalRequested }
  | { kind: 'entity'; entity: SanctionedEntity }
  /** A tombstone of the entities topic: the entity left the list; the versions seen stay for the cases. */
  | { kind: 'none' }
  | { kind: 'dead-letter'; record: OutgoingRecord }
  | {
      kind: 'decision' | 'retro-hit';
      /** Unique per decision (its hash) or retro-hit (withdrawal, new list version, original decision). */
      triggerKey: string;
      trigger: CaseTrigger;
      withdrawalId: string;
      customerRef: string;
      outcome: DecisionOutcome;
      decisionHash: string;
      hits: Hit[];
      slaClass: SlaClass;
      /** The record's value, kept with the case (the decision an analyst and an auditor see). */
      payload: Uint8Array;
    };

/** Which input a record came from. */
export type InputRole = 'entities' | 'requested' | 'decisions' | 'retroHits';

const SERVICE = 'case-management';

/** The intake item of `record` read from the `role` topic; `dlqTopic` names the dead-letter topic. */
export function intakeItem(role: InputRole, record: ConsumedRecord, dlqTopic: string): IntakeItem {
  try {
    switch (role) {
      case 'entities': {
        if (record.value === null || record.value.length === 0) return { kind: 'none' };
        const entity = decodeEvent(EVENT_TYPES.sanctionedEntity, record.value, record.headers);
        if (!entity.id || !entity.entityHash) return invalid(record, dlqTopic, 'the entity has no id or entity_hash');
        return { kind: 'entity', entity };
      }
      case 'requested': {
        const withdrawal = decodeEvent(EVENT_TYPES.withdrawalRequested, record.value, record.headers);
        if (!withdrawal.withdrawalId) return invalid(record, dlqTopic, 'the withdrawal has no withdrawal_id');
        return { kind: 'withdrawal', withdrawal };
      }
      case 'decisions': {
        const decision = decodeEvent(EVENT_TYPES.screeningDecision, record.value, record.headers);
        if (!decision.withdrawalId || !decision.decisionHash) {
          return invalid(record, dlqTopic, 'the decision has no withdrawal_id or decision_hash');
        }
        if (decision.outcome === DecisionOutcome.UNSPECIFIED)
          return invalid(record, dlqTopic, 'the decision has no outcome');
        return {
          kind: 'decision',
          triggerKey: `decision:${decision.decisionHash}`,
          trigger: CaseTrigger.DECISION,
          withdrawalId: decision.withdrawalId,
          customerRef: decision.customerRef,
          outcome: decision.outcome,
          decisionHash: decision.decisionHash,
          hits: decision.hits,
          slaClass: decision.outcome === DecisionOutcome.BLOCK ? 'block-report' : 'hold-review',
          payload: ScreeningDecision.encode(decision).finish(),
        };
      }
      case 'retroHits': {
        const hit = decodeEvent(EVENT_TYPES.retroHit, record.value, record.headers);
        if (!hit.withdrawalId || !hit.originalDecisionHash || !hit.newVersion?.contentHash) {
          return invalid(record, dlqTopic, 'the retro-hit has no withdrawal_id, original_decision_hash or new_version');
        }
        return {
          kind: 'retro-hit',
          triggerKey: `retro:${hit.withdrawalId}:${hit.newVersion.contentHash}:${hit.originalDecisionHash}`,
          trigger: CaseTrigger.RETRO_HIT,
          withdrawalId: hit.withdrawalId,
          customerRef: hit.customerRef,
          outcome: hit.originalOutcome,
          decisionHash: hit.originalDecisionHash,
          hits: hit.hits,
          slaClass: 'hold-review',
          payload: RetroHit.encode(hit).finish(),
        };
      }
    }
  } catch (error) {
    if (error instanceof DecodeError) {
      return {
        kind: 'dead-letter',
        record: deadLetter(record, dlqTopic, SERVICE, error.deadLetterReason, error.message),
      };
    }
    throw error;
  }
}

function invalid(record: ConsumedRecord, dlqTopic: string, detail: string): IntakeItem {
  return {
    kind: 'dead-letter',
    record: deadLetter(record, dlqTopic, SERVICE, 'DEAD_LETTER_REASON_INVALID_FIELDS', detail),
  };
}
