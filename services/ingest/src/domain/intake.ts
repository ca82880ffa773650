import {
  DeadLetterReason,
  EVENT_TYPES,
  EventDecodeError,
  HEADERS,
  WithdrawalSubmission,
  eventTypeFor,
} from '@cordon/contracts';

/** A record header value as Kafka clients hand it over. */
export type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** What the intake topic's record turned out to be. */
export type IntakeRecord =
  | { kind: 'submission'; submission: WithdrawalSubmission }
  | { kind: 'rejected'; reason: DeadLetterReason; detail: string };

function header(headers: Record<string, HeaderValue>, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

const rejected = (reason: DeadLetterReason, detail: string): IntakeRecord => ({ kind: 'rejected', reason, detail });

/**
 * Classifies one intake record before validation: too large, without or with the wrong type header, of a schema
 * version this code does not know, or bytes that do not decode are each rejected with their own reason; anything
 * else is a submission to validate. Pure: the same record always classifies the same way.
 */
export function classifyIntakeRecord(
  value: Buffer | null,
  headers: Record<string, HeaderValue>,
  maxBytes: number,
): IntakeRecord {
  if (value !== null && value.length > maxBytes) {
    return rejected(DeadLetterReason.OVERSIZE, `value is ${value.length} bytes, limit ${maxBytes}`);
  }
  const expected = EVENT_TYPES.withdrawalSubmission;
  const typeName = header(headers, HEADERS.type);
  try {
    eventTypeFor(typeName);
  } catch (error) {
    return rejected((error as EventDecodeError).reason, (error as Error).message);
  }
  if (typeName !== expected.typeName) {
    return rejected(DeadLetterReason.WRONG_TYPE, `the intake topic carries ${expected.typeName}, not ${typeName}`);
  }
  const version = header(headers, HEADERS.schemaVersion);
  if (version === undefined || !/^[1-9]\d{0,8}$/.test(version) || Number(version) > expected.schemaVersion) {
    return rejected(
      DeadLetterReason.UNSUPPORTED_SCHEMA_VERSION,
      `${HEADERS.schemaVersion} ${JSON.stringify(version ?? null)}: expected 1..${expected.schemaVersion}`,
    );
  }
  if (value === null) return rejected(DeadLetterReason.MALFORMED, 'record has no value (tombstone)');
  try {
    return { kind: 'submission', submission: WithdrawalSubmission.decode(value) };
  } catch (error) {
    return rejected(DeadLetterReason.MALFORMED, `value does not decode: ${(error as Error).message}`);
  }
}
