import { HEADERS } from '@cordon/contracts';
import type { ConsumedRecord } from './consumer.js';
import type { OutgoingRecord } from './producer.js';

/** Headers a dead-letter record carries beside the original headers (names from the contracts). */
export const DLQ_HEADERS = {
  reason: HEADERS.dlqReason,
  detail: HEADERS.dlqDetail,
  originalTopic: HEADERS.originalTopic,
  originalPartition: HEADERS.originalPartition,
  originalOffset: HEADERS.originalOffset,
  service: HEADERS.dlqService,
  summary: HEADERS.dlqSummary,
} as const;

/** Longest detail kept in a header; the reason code is the part machines act on. */
const MAX_DETAIL = 2_000;

/**
 * The dead-letter record for `original`: the original key and bytes untouched, the original headers kept,
 * plus the reason code (a `DeadLetterReason` name from the contracts), a human-readable detail without personal
 * data, and where it came from. `extraHeaders` carries e.g. the encoded `WithdrawalRejected` summary under
 * `cordon-dlq-summary`. Nothing is dropped silently.
 */
export function deadLetter(
  original: ConsumedRecord,
  dlqTopic: string,
  service: string,
  reason: string,
  detail: string,
  extraHeaders: Record<string, string | Buffer> = {},
): OutgoingRecord {
  const headers: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(original.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? (value[0] ?? '') : value;
  }
  headers[DLQ_HEADERS.reason] = reason;
  headers[DLQ_HEADERS.detail] = detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}…` : detail;
  headers[DLQ_HEADERS.originalTopic] = original.topic;
  headers[DLQ_HEADERS.originalPartition] = String(original.partition);
  headers[DLQ_HEADERS.originalOffset] = original.offset;
  headers[DLQ_HEADERS.service] = service;
  Object.assign(headers, extraHeaders);
  return { topic: dlqTopic, key: original.key, value: original.value, headers };
}
