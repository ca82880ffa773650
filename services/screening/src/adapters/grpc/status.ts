/**
 * gRPC errors of the screening service, in the standard rich error model written by the platform: INVALID_ARGUMENT
 * carries a `google.rpc.Status` with a `google.rpc.BadRequest` detail in `grpc-status-details-bin`, and the
 * project's own FieldViolations trailer.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import type { FieldViolation } from '@cordon/contracts';
import { invalidArgument as richInvalidArgument } from '@cordon/platform';

/** An INVALID_ARGUMENT error naming every violation, in both trailers. */
export function invalidArgument(violations: readonly FieldViolation[]): Partial<ServiceError> {
  const message = `invalid request: ${violations.map((v) => `${v.field} ${v.code}`).join(', ')}`;
  return richInvalidArgument(message, violations) as Partial<ServiceError>;
}

/** An error with `code` and a message, no details. */
export function grpcError(code: status, message: string): Partial<ServiceError> {
  return { code, details: message };
}
