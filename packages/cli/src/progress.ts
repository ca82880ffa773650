import cliProgress from 'cli-progress';

/** A byte-progress bar for long CLI work. */
export interface ProgressBar {
  update(read: number, total: number): void;
  stop(): void;
}

/** A byte-progress bar on stderr, shown only when a person is watching (stderr is a terminal). */
export function progressBar(label: string): ProgressBar {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {value}/{total} bytes`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(read, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(read);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** A count-progress bar with rate and ETA (e.g. decisions replayed), on stderr only when it is a terminal. */
export function rateBar(label: string, unit: string): ProgressBar {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const startedAt = Date.now();
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, 0, { rate: 0 });
      started = true;
      const seconds = (Date.now() - startedAt) / 1000;
      bar.setTotal(total);
      bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds) : 0 });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
