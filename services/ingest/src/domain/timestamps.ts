import { timestampToMillis, type Timestamp } from '@cordon/contracts';
import type { Violations } from './violations.js';

/** No withdrawal predates the first Bitcoin block (2009-01-03T18:15:05Z): an earlier time is a producer bug. */
export const EARLIEST_REQUEST_MILLIS = Date.UTC(2009, 0, 3, 18, 15, 5);

/**
 * Checks requested_at: present, well-formed (nanos in [0, 1e9)), not before {@link EARLIEST_REQUEST_MILLIS}
 * and at most `maxFutureSkewMillis` ahead of `nowMillis` (the ingest clock), which tolerates clock skew
 * between producer and ingest but not a timestamp in the wrong unit.
 */
export function checkRequestedAt(
  value: Timestamp | undefined,
  nowMillis: number,
  maxFutureSkewMillis: number,
  violations: Violations,
): Timestamp | undefined {
  const field = 'requested_at';
  if (value === undefined) {
    violations.add(field, 'REQUIRED', `${field} is required`);
    return undefined;
  }
  if (value.nanos < 0 || value.nanos > 999_999_999) {
    violations.add(field, 'INVALID_TIMESTAMP', `${field}.nanos must be in [0, 999999999]`);
    return undefined;
  }
  // Compared in bigint seconds first, so absurd seconds (beyond a safe-integer millisecond count) never round.
  const earliestSeconds = BigInt(Math.floor(EARLIEST_REQUEST_MILLIS / 1000));
  const latestSeconds = BigInt(Math.floor((nowMillis + maxFutureSkewMillis) / 1000)) + 1n;
  if (value.seconds < earliestSeconds || timestampToMillis(value) < EARLIEST_REQUEST_MILLIS) {
    violations.add(field, 'TIMESTAMP_TOO_EARLY', `${field} is before the first Bitcoin block (2009-01-03)`);
    return undefined;
  }
  if (value.seconds > latestSeconds || timestampToMillis(value) > nowMillis + maxFutureSkewMillis) {
    violations.add(
      field,
      'TIMESTAMP_IN_FUTURE',
      `${field} is more than ${maxFutureSkewMillis} ms ahead of the ingest clock`,
    );
    return undefined;
  }
  return { seconds: value.seconds, nanos: value.nanos };
}
