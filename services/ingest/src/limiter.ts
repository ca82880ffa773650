/**
 * Bounds the submissions in flight (from admission until their write to Kafka settles). gRPC calls are turned
 * away when it is full (RESOURCE_EXHAUSTED: the producer backs off); streams and the intake consumer wait for
 * room instead, which is backpressure through gRPC flow control and consumer fetches.
 */
export class InFlightLimiter {
  private used = 0;
  private readonly waiters: Array<{ count: number; resume: () => void }> = [];

  constructor(readonly capacity: number) {}

  /** Submissions in flight now. */
  get inFlight(): number {
    return this.used;
  }

  /** Takes `count` slots when they are free now; false (nothing taken) otherwise. */
  tryAcquire(count: number): boolean {
    if (this.waiters.length > 0 || this.used + count > this.capacity) return false;
    this.used += count;
    return true;
  }

  /** Takes `count` slots (at most the capacity), waiting in arrival order until they are free. */
  async acquire(count: number): Promise<void> {
    if (count > this.capacity) throw new RangeError(`cannot take ${count} slots of ${this.capacity}`);
    if (this.tryAcquire(count)) return;
    await new Promise<void>((resume) => this.waiters.push({ count, resume }));
  }

  /** Returns `count` slots and lets waiters in, first come first served. */
  release(count: number): void {
    this.used -= count;
    while (this.waiters.length > 0 && this.used + this.waiters[0]!.count <= this.capacity) {
      const next = this.waiters.shift()!;
      this.used += next.count;
      next.resume();
    }
  }

  /** Resolves once nothing is in flight (graceful drain). */
  async idle(pollMillis = 20): Promise<void> {
    while (this.used > 0) await new Promise((resolve) => setTimeout(resolve, pollMillis));
  }
}

/**
 * Serialises work per idempotency key within this process, so two concurrent submissions of one key never race
 * each other through reserve and publish: the second waits and then sees the first's outcome.
 */
export class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` holding the locks of every key in `keys` (distinct keys; taken in sorted order). */
  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = sorted.map((key) => this.tails.get(key)).filter((p): p is Promise<void> => p !== undefined);
    for (const key of sorted) this.tails.set(key, held);
    try {
      await Promise.all(previous);
      return await work();
    } finally {
      release();
      for (const key of sorted) if (this.tails.get(key) === held) this.tails.delete(key);
    }
  }
}
