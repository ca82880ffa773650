import * as grpc from '@grpc/grpc-js';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { FieldViolations, GRPC_FIELD_VIOLATIONS_TRAILER, type FieldViolation } from '@cordon/contracts';

/**
 * gRPC's rich error model, written by hand with the wire encoder (field numbers from Google's public
 * google/rpc/status.proto and error_details.proto), so clients in any language decode the details with
 * their stock google.rpc types from the `grpc-status-details-bin` trailer.
 */
export const STATUS_DETAILS_TRAILER = 'grpc-status-details-bin';

/** Type URLs of the detail messages written. */
export const TYPE_URLS = {
  badRequest: 'type.googleapis.com/google.rpc.BadRequest',
  errorInfo: 'type.googleapis.com/google.rpc.ErrorInfo',
  retryInfo: 'type.googleapis.com/google.rpc.RetryInfo',
} as const;

/** One google.protobuf.Any. */
interface Any {
  typeUrl: string;
  value: Uint8Array;
}

/** google.rpc.BadRequest { repeated FieldViolation field_violations = 1 }, FieldViolation { field = 1; description = 2; reason = 3 }. */
function badRequest(violations: readonly FieldViolation[]): Any {
  const writer = new BinaryWriter();
  for (const v of violations) {
    writer.tag(1, WireType.LengthDelimited).fork();
    writer.tag(1, WireType.LengthDelimited).string(v.field);
    writer.tag(2, WireType.LengthDelimited).string(v.description);
    writer.tag(3, WireType.LengthDelimited).string(v.code);
    writer.join();
  }
  return { typeUrl: TYPE_URLS.badRequest, value: writer.finish() };
}

/** google.rpc.ErrorInfo { reason = 1; domain = 2; map<string, string> metadata = 3 }. */
function errorInfo(domain: string, reason: string, metadata: Record<string, string>): Any {
  const writer = new BinaryWriter();
  writer.tag(1, WireType.LengthDelimited).string(reason);
  writer.tag(2, WireType.LengthDelimited).string(domain);
  for (const [key, value] of Object.entries(metadata)) {
    writer.tag(3, WireType.LengthDelimited).fork();
    writer.tag(1, WireType.LengthDelimited).string(key);
    writer.tag(2, WireType.LengthDelimited).string(value);
    writer.join();
  }
  return { typeUrl: TYPE_URLS.errorInfo, value: writer.finish() };
}

/** google.rpc.RetryInfo { google.protobuf.Duration retry_delay = 1 }, Duration { int64 seconds = 1; int32 nanos = 2 }. */
function retryInfo(delayMillis: number): Any {
  const writer = new BinaryWriter();
  writer.tag(1, WireType.LengthDelimited).fork();
  const seconds = Math.floor(delayMillis / 1000);
  const nanos = Math.round((delayMillis - seconds * 1000) * 1_000_000);
  if (seconds !== 0) writer.tag(1, WireType.Varint).int64(seconds);
  if (nanos !== 0) writer.tag(2, WireType.Varint).int32(nanos);
  writer.join();
  return { typeUrl: TYPE_URLS.retryInfo, value: writer.finish() };
}

/** google.rpc.Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3 }. */
function status(code: grpc.status, message: string, details: readonly Any[]): Uint8Array {
  const writer = new BinaryWriter();
  if (code !== 0) writer.tag(1, WireType.Varint).int32(code);
  if (message !== '') writer.tag(2, WireType.LengthDelimited).string(message);
  for (const detail of details) {
    writer.tag(3, WireType.LengthDelimited).fork();
    writer.tag(1, WireType.LengthDelimited).string(detail.typeUrl);
    writer.tag(2, WireType.LengthDelimited).bytes(detail.value);
    writer.join();
  }
  return writer.finish();
}

/** A gRPC error for grpc-js callbacks. */
export type GrpcError = Partial<grpc.StatusObject>;

/**
 * INVALID_ARGUMENT with one field violation per bad field: google.rpc.Status with a BadRequest detail in
 * `grpc-status-details-bin`, and the same violations as cordon.common.v1.FieldViolations (with their codes)
 * in Cordon's own trailer.
 */
export function invalidArgument(message: string, violations: readonly FieldViolation[]): GrpcError {
  return withDetails(grpc.status.INVALID_ARGUMENT, message, [badRequest(violations)], violations);
}

/**
 * A non-validation failure with an ErrorInfo detail (reason code + metadata), and optional violations. `domain`
 * names the service that answers (e.g. `ingest.cordon`), as Google's guidance for ErrorInfo asks.
 */
export function failure(
  domain: string,
  code: grpc.status,
  message: string,
  reason: string,
  metadata: Record<string, string> = {},
  violations: readonly FieldViolation[] = [],
): GrpcError {
  return withDetails(code, message, [errorInfo(domain, reason, metadata)], violations);
}

/**
 * RESOURCE_EXHAUSTED for a caller over its rate: an ErrorInfo (reason, and `retryAfterMillis` in its metadata)
 * and a RetryInfo whose retry_delay says when the call would be accepted, as Google's guidance for quota errors
 * asks, so a client's retry policy can wait exactly that long.
 */
export function rateLimited(
  domain: string,
  message: string,
  reason: string,
  retryAfterMillis: number,
  metadata: Record<string, string> = {},
): GrpcError {
  return withDetails(
    grpc.status.RESOURCE_EXHAUSTED,
    message,
    [
      errorInfo(domain, reason, { ...metadata, retryAfterMillis: String(retryAfterMillis) }),
      retryInfo(retryAfterMillis),
    ],
    [],
  );
}

function withDetails(
  code: grpc.status,
  message: string,
  details: readonly Any[],
  violations: readonly FieldViolation[],
): GrpcError {
  const trailers = new grpc.Metadata();
  trailers.set(STATUS_DETAILS_TRAILER, Buffer.from(status(code, message, details)));
  if (violations.length > 0) {
    trailers.set(
      GRPC_FIELD_VIOLATIONS_TRAILER,
      Buffer.from(FieldViolations.encode({ violations: [...violations] }).finish()),
    );
  }
  return { code, details: message, metadata: trailers };
}
