/**
 * Where pre-checks (ScreenAddress, ScreenParty) run. A pool of worker threads by default: each holds its own
 * snapshot of the lists in force, so a slow pre-check never stalls the event loop that runs the exactly-once
 * pipeline and the list feed (review F7). Inline on the calling thread when the pool has no workers (tests,
 * benchmarks).
 */
import { Worker } from 'node:worker_threads';
import { timestampFromMillis, type ScreeningDecision } from '@cordon/contracts';
import type { ListVersion, ScreeningEngine } from '@cordon/screening-core/contract';
import type { Logger } from '@cordon/platform';
import { screenAddressRequest, screenPartyRequest } from '../../domain/prechecks.js';
import type { FromWorker, PrecheckJob, PrecheckWorkerData, ToWorker } from './protocol.js';

export type { PrecheckJob } from './protocol.js';

/** Why a pre-check was not run; `reason` maps to a gRPC status. */
export class PrecheckRefused extends Error {
  constructor(
    readonly reason: 'no-snapshot' | 'overloaded' | 'failed' | 'stopped',
    message: string,
  ) {
    super(message);
    this.name = 'PrecheckRefused';
  }
}

/** Runs pre-checks against the lists in force. */
export interface PrecheckRunner {
  /** Screens `job`; rejects with {@link PrecheckRefused}. */
  screen(job: PrecheckJob): Promise<ScreeningDecision>;
  /** The versions now in force (every source), after each change. */
  setVersions(versions: readonly ListVersion[]): void;
  close(): Promise<void>;
}

/** Pre-checks on the calling thread, against the service's own snapshot. */
export function inlineRunner<S>(engine: ScreeningEngine<S>, snapshot: () => S | undefined): PrecheckRunner {
  return {
    async screen(job) {
      const current = snapshot();
      if (current === undefined) throw new PrecheckRefused('no-snapshot', 'no list snapshot loaded yet');
      const at = timestampFromMillis(job.nowMillis);
      const confirmations = job.confirmations ? new Map(job.confirmations) : undefined;
      return job.kind === 'address'
        ? screenAddressRequest(job.request, engine, current, at, confirmations)
        : screenPartyRequest(job.request, engine, current, at, confirmations);
    },
    setVersions: () => undefined,
    close: async () => undefined,
  };
}

/** Options of {@link workerPool}. */
export interface WorkerPoolOptions {
  /** Worker threads (at least 1). */
  size: number;
  /** The service's engine: its policy is rebuilt in each worker and checked by hash. */
  engine: Pick<ScreeningEngine, 'policyJson' | 'policyHash'>;
  /** Pre-checks waiting or running per worker, past which new ones are refused (overloaded). */
  maxQueuedPerWorker: number;
  logger: Logger;
}

interface Pending {
  resolve(decision: ScreeningDecision): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** False once the worker has exited (until its replacement starts). */
  alive: boolean;
}

/** How long a worker that exited waits before it is replaced (a worker that cannot start must not spin). */
const RESPAWN_MILLIS = 1_000;

/**
 * The worker thread's script, beside this module: compiled (the image, plain `node`), dist/.../worker.js itself;
 * from the TypeScript sources (tsx, vitest), worker-entry.mjs, which registers tsx in the new thread first.
 */
const ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./worker-entry.mjs', import.meta.url)
  : new URL('./worker.js', import.meta.url);

/**
 * A pool of pre-check worker threads. Each pre-check goes to the worker with the fewest in hand. A worker that
 * dies is replaced, with the latest versions; the pre-checks it had in hand fail.
 */
export function workerPool(options: WorkerPoolOptions): PrecheckRunner {
  const data: PrecheckWorkerData = { policyJson: options.engine.policyJson, policyHash: options.engine.policyHash };
  let latest: ToWorker | undefined;
  let generation = 0;
  let nextId = 0;
  let closed = false;
  const slots: Slot[] = [];

  const spawn = (index: number): Slot => {
    const worker = new Worker(ENTRY, { workerData: data, name: `precheck-${index}` });
    const slot: Slot = { worker, pending: new Map(), alive: true };
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'lists') return;
      if (message.type === 'fatal') {
        options.logger.error({ worker: index, message: message.message }, 'pre-check worker refused to start');
        void worker.terminate();
        return;
      }
      const pending = slot.pending.get(message.id);
      if (!pending) return;
      slot.pending.delete(message.id);
      if (message.type === 'result') pending.resolve(message.decision);
      else pending.reject(new PrecheckRefused(message.reason, message.message));
    });
    worker.on('error', (error) => options.logger.error({ err: error, worker: index }, 'pre-check worker failed'));
    worker.on('exit', (code) => {
      slot.alive = false;
      for (const pending of slot.pending.values()) {
        pending.reject(new PrecheckRefused('failed', `pre-check worker exited (${code})`));
      }
      slot.pending.clear();
      if (closed) return;
      options.logger.warn({ worker: index, code }, 'pre-check worker exited; starting another');
      setTimeout(() => {
        if (!closed) slots[index] = spawn(index);
      }, RESPAWN_MILLIS).unref();
    });
    if (latest) worker.postMessage(latest);
    return slot;
  };
  for (let i = 0; i < Math.max(1, options.size); i++) slots.push(spawn(i));

  return {
    screen(job) {
      if (closed) return Promise.reject(new PrecheckRefused('stopped', 'the service is stopping'));
      const alive = slots.filter((s) => s.alive);
      if (alive.length === 0)
        return Promise.reject(new PrecheckRefused('no-snapshot', 'no pre-check worker is running'));
      const slot = alive.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
      if (slot.pending.size >= options.maxQueuedPerWorker) {
        return Promise.reject(new PrecheckRefused('overloaded', 'too many pre-checks in flight; retry with backoff'));
      }
      const id = nextId++;
      return new Promise<ScreeningDecision>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ type: 'screen', id, job } satisfies ToWorker);
      });
    },
    setVersions(versions) {
      latest = { type: 'lists', generation: ++generation, versions: [...versions] };
      for (const slot of slots) if (slot.alive) slot.worker.postMessage(latest);
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
