/**
 * A token bucket per caller: each caller may make `ratePerSecond` calls a second on average, in bursts of up to
 * `burst` (screening's pre-checks, list-sync's TriggerSync). Callers are few (producers, by authenticated identity), but the table is bounded anyway: the callers
 * idle longest are forgotten first (a forgotten caller starts again with a full bucket).
 */
export class CallerRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMillis: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly maxCallers = 10_000,
  ) {}

  /** Takes one token of `caller`'s bucket at `nowMillis`; false when it is empty (the call is refused). */
  take(caller: string, nowMillis: number): boolean {
    const bucket = this.buckets.get(caller) ?? { tokens: this.burst, atMillis: nowMillis };
    this.buckets.delete(caller);
    const elapsed = Math.max(0, nowMillis - bucket.atMillis) / 1000;
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.ratePerSecond);
    bucket.atMillis = nowMillis;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    // Re-inserted last: the map's order is the order of last use.
    this.buckets.set(caller, bucket);
    if (this.buckets.size > this.maxCallers) this.buckets.delete(this.buckets.keys().next().value!);
    return allowed;
  }

  /** Milliseconds from `nowMillis` until `caller` has a token again (0: it has one now). */
  retryAfterMillis(caller: string, nowMillis: number): number {
    const bucket = this.buckets.get(caller);
    if (!bucket) return 0;
    const tokens = Math.min(
      this.burst,
      bucket.tokens + (Math.max(0, nowMillis - bucket.atMillis) / 1000) * this.ratePerSecond,
    );
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.ratePerSecond) * 1000);
  }
}
