import * as grpc from '@grpc/grpc-js';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { describe, expect, it } from 'vitest';
import { FieldViolations, GRPC_FIELD_VIOLATIONS_TRAILER } from '@cordon/contracts';
import { failure, invalidArgument, STATUS_DETAILS_TRAILER } from './rich-status.js';

type Fields = Map<number, Array<Uint8Array | number>>;

/** A generic wire-format reader (field number -> values), independent of the encoder under test. */
function read(bytes: Uint8Array): Fields {
  const fields: Fields = new Map();
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    const value = wireType === 0 ? reader.int32() : reader.bytes();
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}
const text = (value: Uint8Array | number | undefined) => new TextDecoder().decode(value as Uint8Array);

describe('rich gRPC status', () => {
  it('writes google.rpc.Status with a BadRequest detail, and the same violations in the Cordon trailer', () => {
    const violations = [
      { field: 'submission.chain', code: 'REQUIRED', description: 'chain is required' },
      { field: 'submission.amount.amount_decimal', code: 'INVALID_AMOUNT', description: 'not a decimal' },
    ];
    const error = invalidArgument('2 fields are invalid', violations);
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    const status = read(error.metadata!.get(STATUS_DETAILS_TRAILER)[0] as Buffer);
    expect(status.get(1)).toEqual([grpc.status.INVALID_ARGUMENT]);
    expect(text(status.get(2)![0])).toBe('2 fields are invalid');
    const any = read(status.get(3)![0] as Uint8Array);
    expect(text(any.get(1)![0])).toBe('type.googleapis.com/google.rpc.BadRequest');
    const badRequest = read(any.get(2)![0] as Uint8Array);
    const decoded = badRequest.get(1)!.map((v) => {
      const f = read(v as Uint8Array);
      return { field: text(f.get(1)![0]), description: text(f.get(2)![0]), code: text(f.get(3)![0]) };
    });
    expect(decoded).toEqual(violations);
    const cordon = FieldViolations.decode(error.metadata!.get(GRPC_FIELD_VIOLATIONS_TRAILER)[0] as Buffer);
    expect(cordon.violations).toEqual(violations);
  });

  it('writes an ErrorInfo detail with reason, domain and metadata for other failures', () => {
    const error = failure(grpc.status.PERMISSION_DENIED, 'no', 'METHOD_NOT_ALLOWED', { method: 'SubmitWithdrawals' });
    const status = read(error.metadata!.get(STATUS_DETAILS_TRAILER)[0] as Buffer);
    const any = read(status.get(3)![0] as Uint8Array);
    expect(text(any.get(1)![0])).toBe('type.googleapis.com/google.rpc.ErrorInfo');
    const info = read(any.get(2)![0] as Uint8Array);
    expect(text(info.get(1)![0])).toBe('METHOD_NOT_ALLOWED');
    expect(text(info.get(2)![0])).toBe('ingest.cordon');
    const entry = read(info.get(3)![0] as Uint8Array);
    expect([text(entry.get(1)![0]), text(entry.get(2)![0])]).toEqual(['method', 'SubmitWithdrawals']);
    expect(error.metadata!.get(GRPC_FIELD_VIOLATIONS_TRAILER)).toEqual([]);
  });
});
