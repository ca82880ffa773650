import type * as grpc from '@grpc/grpc-js';
import type { FieldViolation } from '@cordon/contracts';
import { failure as failureIn, type GrpcError } from '@cordon/platform';

export { invalidArgument, STATUS_DETAILS_TRAILER, type GrpcError } from '@cordon/platform';

/** The domain of ingest's ErrorInfo details. */
export const ERROR_DOMAIN = 'ingest.cordon';

/** A non-validation failure of ingest, with an ErrorInfo detail in ingest's domain. */
export function failure(
  code: grpc.status,
  message: string,
  reason: string,
  metadata: Record<string, string> = {},
  violations: readonly FieldViolation[] = [],
): GrpcError {
  return failureIn(ERROR_DOMAIN, code, message, reason, metadata, violations);
}
