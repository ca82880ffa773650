import { createHash } from 'node:crypto';
import { WithdrawalSubmission } from '@cordon/contracts';

/** Lower-case hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The content fingerprint idempotency compares: SHA-256 of the submission re-encoded canonically (fields in
 * number order, defaults omitted, unknown fields dropped). Two producers' encoders, or one producer retrying
 * through the other door, may lay out the same content in different bytes; only different content is a
 * reused key.
 */
export function contentFingerprint(submission: WithdrawalSubmission): string {
  return sha256Hex(WithdrawalSubmission.encode(submission).finish());
}
