/**
 * Coalesces concurrent calls of a batch operation: calls made while `maxConcurrent` runs are in flight wait and
 * then go together in one run. Under load, many small requests become few large ones (one PostgreSQL commit,
 * one Kafka write for many submissions) without adding latency when idle.
 */
export class Coalescer<I, O> {
  private queue: Array<{ items: readonly I[]; resolve(out: O[]): void; reject(error: unknown): void }> = [];
  private running = 0;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxConcurrent: number,
    private readonly maxItems: number,
  ) {}

  /** Runs `items` (alone or with others'), resolving with their outputs in order. */
  call(items: readonly I[]): Promise<O[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.maxConcurrent && this.queue.length > 0) {
      const calls = this.take();
      this.running++;
      this.run(calls.flatMap((c) => [...c.items]))
        .then(
          (outputs) => {
            let offset = 0;
            for (const c of calls) {
              c.resolve(outputs.slice(offset, offset + c.items.length));
              offset += c.items.length;
            }
          },
          (error: unknown) => {
            for (const c of calls) c.reject(error);
          },
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }

  private take() {
    const calls = [this.queue.shift()!];
    let size = calls[0]!.items.length;
    while (this.queue.length > 0 && size + this.queue[0]!.items.length <= this.maxItems) {
      const next = this.queue.shift()!;
      size += next.items.length;
      calls.push(next);
    }
    return calls;
  }
}
