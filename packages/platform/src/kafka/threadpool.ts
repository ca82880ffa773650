/**
 * libuv's thread pool and the Kafka binding. A consumer of @confluentinc/kafka-javascript waits for records on a
 * thread of libuv's pool: each consume call holds one for up to its timeout. The same pool serves DNS lookups (every
 * connection to PostgreSQL or a broker by name), file reads, zlib and crypto, so a process that has as many
 * consumers waiting as the pool has threads stalls all of those until a wait ends.
 *
 * The pool has UV_THREADPOOL_SIZE threads (4 unless set). libuv reads it once, when the pool starts, and Node's
 * module loader starts it before any of our code runs: it cannot be raised from inside the process, only in its
 * environment. The image (Dockerfile) and `cordon up` set it; a process started otherwise is told at the consumer
 * that takes it over the limit.
 */
import type { Logger } from '../logger.js';

/** libuv's pool size when UV_THREADPOOL_SIZE is unset. */
export const DEFAULT_THREADPOOL_SIZE = 4;
/** libuv's largest pool. */
export const MAX_THREADPOOL_SIZE = 1024;
/** Threads left for DNS, files, zlib and crypto beside the consumers' waits. */
export const THREADPOOL_RESERVE = 2;
/** The size the image and `cordon up` set: the most consumers any one service opens, plus the reserve, with room. */
export const RECOMMENDED_THREADPOOL_SIZE = 16;

/** The pool size libuv starts with for `value` (UV_THREADPOOL_SIZE): unset or invalid is 4, clamped to 1..1024. */
export function threadpoolSize(value: string | undefined): number {
  const size = value === undefined ? NaN : Number.parseInt(value, 10);
  if (!Number.isFinite(size)) return DEFAULT_THREADPOOL_SIZE;
  return Math.min(MAX_THREADPOOL_SIZE, Math.max(1, size));
}

/** The smallest pool that leaves the reserve free while `waiting` consumers each hold a thread. */
export function threadpoolNeeded(waiting: number): number {
  return waiting + THREADPOOL_RESERVE;
}

/** Counts this process's consumers that wait on the pool and warns, once, when they leave it less than the reserve. */
export class ThreadpoolBudget {
  private waiting = 0;
  private warned = false;

  constructor(readonly size: number) {}

  /** How many consumers hold a pool thread now. */
  get consumers(): number {
    return this.waiting;
  }

  /** Records a consumer `what` that waits on the pool until the returned function is called. */
  hold(what: string, logger: Logger): () => void {
    this.waiting += 1;
    if (!this.warned && threadpoolNeeded(this.waiting) > this.size) {
      this.warned = true;
      logger.warn(
        {
          consumers: this.waiting,
          threadpoolSize: this.size,
          needed: threadpoolNeeded(this.waiting),
          consumer: what,
        },
        `${this.waiting} Kafka consumers wait on libuv's pool of ${this.size} threads, which DNS, files, zlib and ` +
          `crypto share: set UV_THREADPOOL_SIZE to at least ${threadpoolNeeded(this.waiting)} in the environment ` +
          `(${RECOMMENDED_THREADPOOL_SIZE} in the image)`,
      );
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.waiting -= 1;
    };
  }
}

/** The process's budget, sized from its environment as libuv sized the pool. */
export const processThreadpool = new ThreadpoolBudget(threadpoolSize(process.env.UV_THREADPOOL_SIZE));
