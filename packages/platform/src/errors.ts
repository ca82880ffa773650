/**
 * Failures at the edges carry a code and say whether a retry can help (STYLE: errors that say whether a retry
 * helps). Expected outcomes, such as a screening hit, are return values, never errors.
 */
export class CordonError extends Error {
  /** Stable, greppable code, e.g. `KAFKA_UNAVAILABLE`, `DECODE_UNKNOWN_TYPE`. */
  readonly code: string;
  /** True when the same call may succeed later (broker down, timeout); false for bad input or bad config. */
  readonly retriable: boolean;

  constructor(code: string, message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CordonError';
    this.code = code;
    this.retriable = options.retriable;
  }
}

/** True when `error` is known to be retriable (a CordonError that says so, or a kafkajs retriable error). */
export function isRetriable(error: unknown): boolean {
  if (error instanceof CordonError) return error.retriable;
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
}
