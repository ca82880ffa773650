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
