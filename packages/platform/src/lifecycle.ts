import type { Logger } from './logger.js';

/** One step of an orderly shutdown. */
export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
}

/**
 * Graceful drain on SIGTERM/SIGINT. Steps run in the reverse order of registration (stop consuming before
 * flushing producers before closing pools), each bounded by the remaining budget, so a stuck step cannot keep
 * the pod past Kubernetes' grace period.
 */
export class Lifecycle {
  private readonly steps: ShutdownStep[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly budgetMillis = 25_000,
  ) {}

  /** Registers a step; the last registered runs first. */
  onShutdown(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  /** Installs the signal handlers; the process exits after the drain with `exitCode` (0 unless a step failed). */
  installSignalHandlers(): void {
    const handler = (signal: NodeJS.Signals) => {
      this.logger.info({ signal }, 'shutting down');
      void this.shutdown().then((ok) => process.exit(ok ? 0 : 1));
    };
    process.once('SIGTERM', handler);
    process.once('SIGINT', handler);
  }

  /** Runs every step once (later calls share the first run); resolves true when all steps finished in time. */
  async shutdown(): Promise<boolean> {
    this.stopping ??= this.drain();
    let ok = true;
    await this.stopping.catch(() => {
      ok = false;
    });
    return ok && !this.failed;
  }

  private failed = false;

  private async drain(): Promise<void> {
    const deadline = Date.now() + this.budgetMillis;
    for (const step of [...this.steps].reverse()) {
      const remaining = Math.max(0, deadline - Date.now());
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), remaining);
      });
      try {
        const outcome = await Promise.race([step.run().then(() => 'done' as const), timeout]);
        if (outcome === 'timeout') {
          this.failed = true;
          this.logger.error({ step: step.name }, 'shutdown step timed out');
        }
      } catch (error) {
        this.failed = true;
        this.logger.error({ step: step.name, err: error }, 'shutdown step failed');
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
