import {
  timestampFromMillis,
  type ChainAddress,
  type FieldViolation,
  type IngestChannel,
  type Money,
  type Party,
  type Timestamp,
  type WithdrawalRequested,
  type WithdrawalSubmission,
} from '@cordon/contracts';
import { checkAmount } from './amount.js';
import { checkChain, checkChainAddress, type ResolvedChain } from './address.js';
import { utcDate } from './dates.js';
import { checkIdentifier } from './identifiers.js';
import { checkParty } from './party.js';
import { checkRequestedAt } from './timestamps.js';
import { Violations } from './violations.js';

/** What validation needs from outside: the ingest clock's reading and the tolerated producer clock skew. */
export interface ValidationContext {
  nowMillis: number;
  maxFutureSkewMillis: number;
}

/** A submission that passed every rule, normalised and with its addresses canonicalised. */
export interface ValidSubmission {
  idempotencyKey: string;
  withdrawalId: string;
  customer: Party;
  chain: ResolvedChain;
  amount: Money;
  destination: ChainAddress;
  source?: ChainAddress;
  counterparty?: Party;
  requestedAt: Timestamp;
}

/** The outcome of {@link validateSubmission}: the valid submission, or every violation found. */
export type Validation = { ok: true; value: ValidSubmission } | { ok: false; violations: FieldViolation[] };

/**
 * Validates every field of a submission and normalises it. Field paths in violations are relative to the
 * submission ("amount.amount_decimal"); the gRPC adapter prefixes them with "submission.". Pure: the clock's
 * reading comes in through `context`.
 */
export function validateSubmission(submission: WithdrawalSubmission, context: ValidationContext): Validation {
  const violations = new Violations();
  const today = utcDate(context.nowMillis);
  const idempotencyKey = checkIdentifier(submission.idempotencyKey, 'idempotency_key', violations);
  const withdrawalId = checkIdentifier(submission.withdrawalId, 'withdrawal_id', violations);
  let customer: Party | undefined;
  if (submission.customer === undefined) violations.add('customer', 'REQUIRED', 'customer is required');
  else customer = checkParty(submission.customer, 'customer', 'customer', today, violations);
  const counterparty =
    submission.counterparty === undefined
      ? undefined
      : checkParty(submission.counterparty, 'counterparty', 'counterparty', today, violations);
  const chain = checkChain(submission.chain, violations);
  const amount = checkAmount(submission.amount, chain?.id, violations);
  const ticker = amount?.asset ?? submission.amount?.asset.trim().toUpperCase() ?? '';
  const destination = chain
    ? checkChainAddress(submission.destinationAddress, 'destination_address', chain, ticker, violations)
    : undefined;
  const source =
    chain && submission.sourceAddress !== ''
      ? checkChainAddress(submission.sourceAddress, 'source_address', chain, ticker, violations)
      : undefined;
  const requestedAt = checkRequestedAt(
    submission.requestedAt,
    context.nowMillis,
    context.maxFutureSkewMillis,
    violations,
  );
  if (!violations.empty) return { ok: false, violations: violations.list };
  // Every rule passed, so every required part is defined.
  const value: ValidSubmission = {
    idempotencyKey: idempotencyKey!,
    withdrawalId: withdrawalId!,
    customer: customer!,
    chain: chain!,
    amount: amount!,
    destination: destination!,
    requestedAt: requestedAt!,
  };
  if (source) value.source = source;
  if (counterparty) value.counterparty = counterparty;
  return { ok: true, value };
}

/** What ingest adds to a valid submission when it accepts it. */
export interface AcceptanceFacts {
  ingestedAtMillis: number;
  channel: IngestChannel;
  /** Lower-case hex SHA-256 of the submission's bytes as received. */
  submissionSha256: string;
  /** Who submitted it, as authenticated; `kafka:<topic>` for the intake topic. */
  producer: string;
}

/** The WithdrawalRequested event for a valid submission, keyed (and partitioned) by the customer reference. */
export function requestedEvent(valid: ValidSubmission, facts: AcceptanceFacts): WithdrawalRequested {
  const event: WithdrawalRequested = {
    idempotencyKey: valid.idempotencyKey,
    withdrawalId: valid.withdrawalId,
    customer: valid.customer,
    chain: valid.chain.name,
    amount: valid.amount,
    destination: valid.destination,
    requestedAt: valid.requestedAt,
    ingestedAt: timestampFromMillis(facts.ingestedAtMillis),
    channel: facts.channel,
    partitionKey: valid.customer.customerRef,
    submissionSha256: facts.submissionSha256,
    producer: facts.producer,
  };
  if (valid.source) event.source = valid.source;
  if (valid.counterparty) event.counterparty = valid.counterparty;
  return event;
}
