/**
 * gRPC errors in the standard rich error model: INVALID_ARGUMENT carries a `google.rpc.Status` with a
 * `google.rpc.BadRequest` detail in `grpc-status-details-bin`, and the project's own FieldViolations trailer.
 */
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { FieldViolations, GRPC_FIELD_VIOLATIONS_TRAILER, type FieldViolation } from '@cordon/contracts';

const BAD_REQUEST_TYPE_URL = 'type.googleapis.com/google.rpc.BadRequest';

// Field numbers from the public google.rpc protos: Status {code=1, message=2, details=3 (Any)},
// Any {type_url=1, value=2}, BadRequest {field_violations=1}, BadRequest.FieldViolation {field=1, description=2}.
function badRequest(violations: readonly FieldViolation[]): Uint8Array {
  const writer = new BinaryWriter();
  for (const violation of violations) {
    writer.uint32(10).fork().uint32(10).string(violation.field).uint32(18).string(violation.description).join();
  }
  return writer.finish();
}

function rpcStatus(code: number, message: string, violations: readonly FieldViolation[]): Uint8Array {
  return new BinaryWriter()
    .uint32(8)
    .int32(code)
    .uint32(18)
    .string(message)
    .uint32(26)
    .fork()
    .uint32(10)
    .string(BAD_REQUEST_TYPE_URL)
    .uint32(18)
    .bytes(badRequest(violations))
    .join()
    .finish();
}

/** An INVALID_ARGUMENT error naming every violation, in both trailers. */
export function invalidArgument(violations: readonly FieldViolation[]): Partial<ServiceError> {
  const message = `invalid request: ${violations.map((v) => `${v.field} ${v.code}`).join(', ')}`;
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(rpcStatus(status.INVALID_ARGUMENT, message, violations)));
  metadata.set(
    GRPC_FIELD_VIOLATIONS_TRAILER,
    Buffer.from(FieldViolations.encode({ violations: [...violations] }).finish()),
  );
  return { code: status.INVALID_ARGUMENT, details: message, metadata };
}

/** An error with `code` and a message, no details. */
export function grpcError(code: status, message: string): Partial<ServiceError> {
  return { code, details: message };
}
