/**
 * `cordon lookback runs`: the audit trail of screening's lookback. Each time a list version replaced another, every
 * screening instance recorded what it looked back over (the requested-topic partitions it owned, the window of
 * screening times, how many withdrawals it checked and how many retro-hits it found) on the lookback-runs topic, in
 * the same transaction as those retro-hits. This lists them, oldest first, so "looked and found nothing" can be told
 * from "never looked". Exit status 0, or 2 on a usage or connection error.
 */
import type { Command } from 'commander';
import {
  DEFAULT_TOPIC_PREFIX,
  EVENT_TYPES,
  listSourceSlug,
  timestampToMillis,
  topicNames,
  type LookbackRun,
  type Timestamp,
} from '@cordon/contracts';
import { createKafka, createLogger, decodeEvent, readToEnd } from '@cordon/platform';

/** A run as the command prints it (JSON) or formats it (text). */
export interface RunRow {
  source: string;
  version: string;
  contentHash: string;
  replacedContentHash: string;
  deltaEntities: number;
  partitions: number[];
  windowFrom: string | null;
  windowTo: string | null;
  withdrawalsChecked: number;
  candidates: number;
  retroHits: number;
  maxWithdrawals: number;
  maxAgeHours: number;
  instance: string;
  ranAt: string | null;
}

const iso = (timestamp: Timestamp | undefined) =>
  timestamp === undefined ? null : new Date(timestampToMillis(timestamp)).toISOString();

/** The printable row of a run. */
export function runRow(run: LookbackRun): RunRow {
  return {
    source: run.newVersion ? listSourceSlug(run.newVersion.source) : '',
    version: run.newVersion?.versionId ?? '',
    contentHash: run.newVersion?.contentHash ?? '',
    replacedContentHash: run.replacedVersion?.contentHash ?? '',
    deltaEntities: run.deltaEntities,
    partitions: run.partitions,
    windowFrom: iso(run.windowFrom),
    windowTo: iso(run.windowTo),
    withdrawalsChecked: run.withdrawalsChecked,
    candidates: run.candidates,
    retroHits: run.retroHits,
    maxWithdrawals: run.maxWithdrawals,
    maxAgeHours: run.maxAgeHours,
    instance: run.instance,
    ranAt: iso(run.ranAt),
  };
}

/** One line per run. */
export function formatRow(row: RunRow): string {
  const window = row.windowFrom === null ? 'no withdrawals remembered' : `${row.windowFrom} .. ${row.windowTo}`;
  return [
    `${row.ranAt ?? '?'}  ${row.source} ${row.version} (${row.contentHash.slice(0, 12)})`,
    `delta ${row.deltaEntities}`,
    `partitions [${row.partitions.join(',')}]`,
    `window ${window}`,
    `checked ${row.withdrawalsChecked}`,
    `candidates ${row.candidates}`,
    `retro-hits ${row.retroHits}`,
    `by ${row.instance}`,
  ].join('  ');
}

export function registerLookbackCommands(program: Command): void {
  const lookback = program
    .command('lookback')
    .description("screening's lookback: what each list version looked back over");
  lookback
    .command('runs')
    .description('list the lookback runs recorded on the lookback-runs topic, oldest first')
    .option('--brokers <list>', 'Kafka bootstrap servers (default: KAFKA_BROKERS, else 127.0.0.1:9092)')
    .option('--topic-prefix <prefix>', 'topic prefix (default: KAFKA_TOPIC_PREFIX, else cordon.)')
    .option('--source <slug>', 'only runs of this list source, e.g. ofac-sdn')
    .option('--content-hash <hash>', 'only runs of the list version with this content hash (a prefix will do)')
    .option('--json', 'print the runs as JSON, one object per line')
    .action(
      async (options: {
        brokers?: string;
        topicPrefix?: string;
        source?: string;
        contentHash?: string;
        json?: boolean;
      }) => {
        let rows: RunRow[];
        try {
          rows = await readRuns(options);
        } catch (error) {
          console.error(`cordon lookback runs: ${(error as Error).message}`);
          process.exitCode = 2;
          return;
        }
        rows = rows.filter(
          (row) =>
            (options.source === undefined || row.source === options.source) &&
            (options.contentHash === undefined || row.contentHash.startsWith(options.contentHash)),
        );
        for (const row of rows) console.log(options.json ? JSON.stringify(row) : formatRow(row));
        if (!options.json) console.log(`${rows.length} lookback run(s)`);
      },
    );
}

/** Reads every run on the topic, read_committed, oldest first (by when it ran). */
export async function readRuns(options: { brokers?: string; topicPrefix?: string }): Promise<RunRow[]> {
  const brokers = (options.brokers ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const topic = topicNames(
    options.topicPrefix ?? process.env.KAFKA_TOPIC_PREFIX ?? DEFAULT_TOPIC_PREFIX,
  ).screeningLookbackRuns;
  const kafka = createKafka({ clientId: 'cordon-lookback', brokers }, createLogger('cli', { level: 'error' }));
  try {
    const records = await readToEnd(kafka, { topic, timeoutMillis: 300_000, settleMillis: 3_000 });
    const rows = records.map((r) => runRow(decodeEvent(EVENT_TYPES.lookbackRun, r.value, r.headers)));
    return rows.sort((a, b) => (a.ranAt ?? '').localeCompare(b.ranAt ?? ''));
  } finally {
    await kafka.close();
  }
}
