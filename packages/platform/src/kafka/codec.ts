import { DeadLetterReason, HEADERS, deadLetterReasonToJSON } from '@cordon/contracts';
import { CordonError } from '../errors.js';

/** Header names every Cordon record carries (defined once, in the contracts). */
export const HEADER_TYPE = HEADERS.type;
export const HEADER_SCHEMA_VERSION = HEADERS.schemaVersion;

/** What ts-proto generates for each message: an encoder/decoder pair. */
export interface ProtoCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
}

/** A protobuf event type: its fully qualified proto name, schema version and codec. */
export interface EventType<T> {
  typeName: string;
  schemaVersion: number;
  codec: ProtoCodec<T>;
}

/** Value and headers of an encoded event. */
export interface EncodedEvent {
  value: Buffer;
  headers: Record<string, string>;
}

/** Encodes `message` as `type`, with the type and schema-version headers readers decode by. */
export function encodeEvent<T>(type: EventType<T>, message: T): EncodedEvent {
  return {
    value: Buffer.from(type.codec.encode(message).finish()),
    headers: { [HEADER_TYPE]: type.typeName, [HEADER_SCHEMA_VERSION]: String(type.schemaVersion) },
  };
}

/** Why a record could not be decoded; these are the dead-letter reason codes of the decode step. */
export type DecodeFailure =
  'missing-type-header' | 'unexpected-type' | 'unsupported-schema-version' | 'malformed-payload' | 'empty-payload';

const DEAD_LETTER_REASONS: Record<DecodeFailure, DeadLetterReason> = {
  'missing-type-header': DeadLetterReason.MISSING_TYPE,
  'unexpected-type': DeadLetterReason.WRONG_TYPE,
  'unsupported-schema-version': DeadLetterReason.UNSUPPORTED_SCHEMA_VERSION,
  'malformed-payload': DeadLetterReason.MALFORMED,
  'empty-payload': DeadLetterReason.MALFORMED,
};

/** A record that cannot be decoded; never retriable (the same bytes fail the same way). */
export class DecodeError extends CordonError {
  /** The contract's reason code for the dead-letter record, e.g. `DEAD_LETTER_REASON_MALFORMED`. */
  readonly deadLetterReason: string;

  constructor(
    readonly reason: DecodeFailure,
    message: string,
  ) {
    super(`DECODE_${reason.toUpperCase().replaceAll('-', '_')}`, message, { retriable: false });
    this.deadLetterReason = deadLetterReasonToJSON(DEAD_LETTER_REASONS[reason]);
  }
}

function headerString(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/**
 * Decodes a record that must be of `type`. Older schema versions decode (protobuf evolution keeps them readable);
 * a newer one than this code knows is refused, so a rollback never misreads data it does not understand.
 */
export function decodeEvent<T>(
  type: EventType<T>,
  value: Buffer | null,
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
): T {
  const typeName = headerString(headers?.[HEADER_TYPE]);
  if (!typeName) throw new DecodeError('missing-type-header', `record has no ${HEADER_TYPE} header`);
  if (typeName !== type.typeName) {
    throw new DecodeError('unexpected-type', `expected ${type.typeName}, got ${typeName}`);
  }
  const version = Number(headerString(headers?.[HEADER_SCHEMA_VERSION]) ?? '1');
  if (!Number.isInteger(version) || version < 1 || version > type.schemaVersion) {
    throw new DecodeError(
      'unsupported-schema-version',
      `${typeName} schema version ${version} is not supported (max ${type.schemaVersion})`,
    );
  }
  if (value === null || value.length === 0) throw new DecodeError('empty-payload', `${typeName} record has no value`);
  try {
    return type.codec.decode(value);
  } catch (error) {
    throw new DecodeError('malformed-payload', `${typeName} payload does not decode: ${(error as Error).message}`);
  }
}
