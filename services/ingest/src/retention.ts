/**
 * Retention of personal data ingest keeps: the submissions table (each row holds the whole event, names and
 * addresses included) and the dead-letter topic (the original bytes of every rejected record). A periodic job
 * deletes published submissions older than INGEST_RETENTION_DAYS and dead letters older than
 * INGEST_DEAD_LETTER_RETENTION_DAYS. The requested topic is not touched: it is the record replay proves decisions
 * from, kept for the recordkeeping period.
 */
import type pg from 'pg';
import { deleteRecordsBefore, type KafkaClient, type Logger, type Migration } from '@cordon/platform';

/** The index the purge walks (published rows by publication time); numbered apart from the store's own. */
export const RETENTION_MIGRATIONS: Migration[] = [
  {
    id: '0100_submissions_published_at',
    sql: `create index submissions_published_at on submissions (published_at) where state = 'published';`,
  },
];

const DAY_MILLIS = 86_400_000;

/**
 * Deletes published submissions published before `beforeMillis`, `batch` rows per statement (short transactions on
 * a busy table). Reservations (not yet published) are never deleted: they still guard a write. Returns the rows
 * deleted. Once a key's row is gone, the same key submitted again is a new withdrawal: producers must not reuse an
 * idempotency key after the retention period.
 */
export async function purgeSubmissions(pool: pg.Pool, beforeMillis: number, batch = 5_000): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await pool.query(
      `delete from submissions where withdrawal_id in (
         select withdrawal_id from submissions
         where state = 'published' and published_at < to_timestamp($1::double precision / 1000)
         limit $2)`,
      [beforeMillis, batch],
    );
    total += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < batch) return total;
  }
}

/** What the retention job needs. */
export interface RetentionOptions {
  pool: pg.Pool;
  kafka: KafkaClient;
  deadLetterTopic: string;
  submissionDays: number;
  deadLetterDays: number;
  intervalMillis: number;
  clock: { now(): number };
  logger: Logger;
  onPurged(what: 'submissions' | 'dead-letters', count: number): void;
}

/** The running job: `runOnce` purges now (also what the timer calls); `stop` ends the timer. */
export interface RetentionJob {
  runOnce(): Promise<{ submissions: number; deadLetters: number }>;
  stop(): Promise<void>;
}

/**
 * Starts the periodic purge: once at start, then every `intervalMillis`. Several instances may run it at once (a
 * delete is idempotent). A failed round is logged and retried at the next one.
 */
export function startRetention(options: RetentionOptions): RetentionJob {
  let running: Promise<unknown> = Promise.resolve();
  const runOnce = async () => {
    const now = options.clock.now();
    const submissions = await purgeSubmissions(options.pool, now - options.submissionDays * DAY_MILLIS);
    const deadLetters = await deleteRecordsBefore(
      options.kafka,
      options.deadLetterTopic,
      now - options.deadLetterDays * DAY_MILLIS,
    );
    options.onPurged('submissions', submissions);
    options.onPurged('dead-letters', deadLetters);
    if (submissions + deadLetters > 0) {
      options.logger.info({ submissions, deadLetters }, 'purged personal data past its retention');
    }
    return { submissions, deadLetters };
  };
  const round = () => {
    running = runOnce().catch((error: unknown) => options.logger.warn({ err: error }, 'retention purge failed'));
  };
  round();
  const timer = setInterval(round, options.intervalMillis);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
