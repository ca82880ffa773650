import type { Timestamp } from './gen/google/protobuf/timestamp.js';

const NANOS_PER_MILLI = 1_000_000;

/**
 * The Timestamp for `millis` since the Unix epoch (e.g. a Clock's `now()`). Throws for a non-integer or
 * unsafe value, which would otherwise be silently rounded.
 */
export function timestampFromMillis(millis: number): Timestamp {
  if (!Number.isSafeInteger(millis)) throw new RangeError(`timestamp millis must be a safe integer, got ${millis}`);
  // Floor division keeps nanos in [0, 1e9) for instants before 1970, as google.protobuf.Timestamp requires.
  const seconds = Math.floor(millis / 1000);
  return { seconds: BigInt(seconds), nanos: (millis - seconds * 1000) * NANOS_PER_MILLI };
}

/** Milliseconds since the Unix epoch of `timestamp`, sub-millisecond nanos truncated towards the past. */
export function timestampToMillis(timestamp: Timestamp): number {
  return Number(timestamp.seconds) * 1000 + Math.floor(timestamp.nanos / NANOS_PER_MILLI);
}
