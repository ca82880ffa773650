/**
 * One requested withdrawal through screening: the checks screening itself needs (the decision is keyed by the
 * withdrawal id; a destination must be there to screen), the screen, and the sealed decision. Pure.
 */
import {
  DeadLetterReason,
  timestampToMillis,
  type FieldViolation,
  type ScreeningDecision,
  type Timestamp,
  type WithdrawalRequested,
} from '@cordon/contracts';
import { sealDecision, screenedAtOf, sha256Hex } from './decision.js';
import type { Freshness, ScreeningEngine } from './engine.js';
import type { CustomerSuppression } from './suppressions.js';

/** What became of one input record. */
export type WithdrawalOutcome =
  | { kind: 'decision'; decision: ScreeningDecision }
  | { kind: 'rejected'; reason: DeadLetterReason; detail: string; violations: FieldViolation[] };

const MAX_ID_LENGTH = 128;

/**
 * The fields screening cannot do without. Ingest validates everything before publishing; these checks keep a
 * record that did not come through ingest from producing an unkeyed or meaningless decision.
 */
export function withdrawalViolations(withdrawal: WithdrawalRequested): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const add = (field: string, code: string, description: string) => violations.push({ field, code, description });
  if (withdrawal.withdrawalId.trim() === '') add('withdrawal_id', 'REQUIRED', 'the decision is keyed by it');
  else if (withdrawal.withdrawalId.length > MAX_ID_LENGTH) {
    add('withdrawal_id', 'TOO_LONG', `at most ${MAX_ID_LENGTH} characters`);
  }
  if ((withdrawal.customer?.customerRef ?? '').trim() === '') {
    add('customer.customer_ref', 'REQUIRED', 'the customer reference is required');
  }
  if ((withdrawal.destination?.address ?? '').trim() === '' && (withdrawal.destination?.canonical ?? '') === '') {
    add('destination.address', 'REQUIRED', 'there is no destination address to screen');
  }
  return violations;
}

/**
 * Screens one decoded withdrawal against `snapshot`. `input` is the record's value bytes (hashed into the
 * decision); `recordTimestamp` is only used when the withdrawal carries no time of its own. `suppressionsOf`
 * gives a customer's approved false positives (none when omitted); the decision pins those it applied.
 */
export function screenWithdrawal<S>(
  withdrawal: WithdrawalRequested,
  input: Uint8Array,
  recordTimestamp: Timestamp,
  engine: ScreeningEngine<S>,
  snapshot: S,
  confirmations?: Freshness['confirmations'],
  suppressionsOf?: (customerRef: string) => readonly CustomerSuppression[],
): WithdrawalOutcome {
  const violations = withdrawalViolations(withdrawal);
  if (violations.length > 0) {
    return {
      kind: 'rejected',
      reason: DeadLetterReason.INVALID_FIELDS,
      detail: violations.map((v) => `${v.field}: ${v.code}`).join('; '),
      violations,
    };
  }
  const screenedAt = screenedAtOf(withdrawal, recordTimestamp);
  // The list age is measured at the withdrawal's own time, not the clock: a replay reaches the same verdict.
  const freshness = confirmations ? { atMillis: timestampToMillis(screenedAt), confirmations } : undefined;
  const suppressions = suppressionsOf?.(withdrawal.customer?.customerRef ?? '');
  const body = engine.screenWithdrawal(withdrawal, snapshot, freshness, suppressions);
  return {
    kind: 'decision',
    decision: sealDecision(body, {
      withdrawalId: withdrawal.withdrawalId,
      requestId: '',
      customerRef: withdrawal.customer?.customerRef ?? '',
      inputSha256: sha256Hex(input),
      screenedAt,
    }),
  };
}
