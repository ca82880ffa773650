import type { FieldViolation } from '@cordon/contracts';

/**
 * Stable codes of the validation rules (FieldViolation.code). Producers branch on these; the descriptions are
 * for people and may change.
 */
export type ViolationCode =
  | 'REQUIRED'
  | 'TOO_LONG'
  | 'TOO_MANY'
  | 'BAD_CHARACTERS'
  | 'BAD_FORMAT'
  | 'BAD_DATE_FORMAT'
  | 'INVALID_DATE'
  | 'DATE_IN_FUTURE'
  | 'DATE_TOO_EARLY'
  | 'INVALID_COUNTRY'
  | 'INVALID_ENUM'
  | 'EMPTY_PARTY'
  | 'INVALID_AMOUNT'
  | 'AMOUNT_NOT_POSITIVE'
  | 'TOO_MANY_DECIMALS'
  | 'DECIMALS_REQUIRED'
  | 'DECIMALS_MISMATCH'
  | 'AMOUNT_MISMATCH'
  | 'UNSUPPORTED_CHAIN'
  | 'INVALID_ADDRESS'
  | 'CHAIN_MISMATCH'
  | 'INVALID_TIMESTAMP'
  | 'TIMESTAMP_IN_FUTURE'
  | 'TIMESTAMP_TOO_EARLY'
  | 'IDEMPOTENCY_CONFLICT'
  | 'WITHDRAWAL_ID_REUSED'
  | 'MALFORMED';

/** Builds one violation; `field` is the proto field path relative to the submission ("amount.asset"). */
export function violation(field: string, code: ViolationCode, description: string): FieldViolation {
  return { field, code, description };
}

/**
 * Collects the violations of one submission. Every rule runs and reports, so a producer fixes all its fields
 * in one round trip instead of one per call.
 */
export class Violations {
  readonly list: FieldViolation[] = [];

  /** Records a violation of `code` on `field`. */
  add(field: string, code: ViolationCode, description: string): void {
    this.list.push(violation(field, code, description));
  }

  /** True when nothing was recorded. */
  get empty(): boolean {
    return this.list.length === 0;
  }
}

/** Prefixes every violation's field path, e.g. with "submission." for the gRPC request message. */
export function prefixFields(violations: readonly FieldViolation[], prefix: string): FieldViolation[] {
  return violations.map((v) => ({ ...v, field: `${prefix}${v.field}` }));
}
