import { describe, expect, it } from 'vitest';
import { DeadLetterReason, EVENT_TYPES, HEADERS, WithdrawalSubmission } from '@cordon/contracts';
import { validSubmission } from '../../test/fixtures.js';
import { classifyIntakeRecord, type HeaderValue } from './intake.js';

const submissionHeaders = { [HEADERS.type]: EVENT_TYPES.withdrawalSubmission.typeName, [HEADERS.schemaVersion]: '1' };
const value = Buffer.from(WithdrawalSubmission.encode(validSubmission('i1')).finish());

describe('classifyIntakeRecord', () => {
  it('decodes a submission with the right headers', () => {
    expect(classifyIntakeRecord(value, submissionHeaders, 1024)).toEqual({
      kind: 'submission',
      submission: validSubmission('i1'),
    });
  });

  it.each<[string, Buffer | null, Record<string, HeaderValue>, number, DeadLetterReason]>([
    ['oversize', value, submissionHeaders, value.length - 1, DeadLetterReason.OVERSIZE],
    ['no type header', value, { [HEADERS.schemaVersion]: '1' }, 1024, DeadLetterReason.MISSING_TYPE],
    [
      'an unknown type',
      value,
      { ...submissionHeaders, [HEADERS.type]: 'acme.Withdrawal' },
      1024,
      DeadLetterReason.UNKNOWN_TYPE,
    ],
    [
      'another Cordon type',
      value,
      { ...submissionHeaders, [HEADERS.type]: EVENT_TYPES.withdrawalRequested.typeName },
      1024,
      DeadLetterReason.WRONG_TYPE,
    ],
    [
      'no schema version',
      value,
      { [HEADERS.type]: EVENT_TYPES.withdrawalSubmission.typeName },
      1024,
      DeadLetterReason.UNSUPPORTED_SCHEMA_VERSION,
    ],
    [
      'a newer schema version',
      value,
      { ...submissionHeaders, [HEADERS.schemaVersion]: '2' },
      1024,
      DeadLetterReason.UNSUPPORTED_SCHEMA_VERSION,
    ],
    [
      'a non-numeric schema version',
      value,
      { ...submissionHeaders, [HEADERS.schemaVersion]: 'v1' },
      1024,
      DeadLetterReason.UNSUPPORTED_SCHEMA_VERSION,
    ],
    ['a tombstone', null, submissionHeaders, 1024, DeadLetterReason.MALFORMED],
    ['garbage bytes', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f]), submissionHeaders, 1024, DeadLetterReason.MALFORMED],
  ])('rejects %s', (_name, bytes, headers, maxBytes, reason) => {
    const result = classifyIntakeRecord(bytes, headers, maxBytes);
    expect(result.kind).toBe('rejected');
    expect(result.kind === 'rejected' && result.reason).toBe(reason);
  });

  it('reads header values given as buffers, as Kafka clients deliver them', () => {
    const headers = {
      [HEADERS.type]: Buffer.from(EVENT_TYPES.withdrawalSubmission.typeName),
      [HEADERS.schemaVersion]: [Buffer.from('1')],
    };
    expect(classifyIntakeRecord(value, headers, 1024).kind).toBe('submission');
  });
});
