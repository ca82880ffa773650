/**
 * `cordon replay` and `cordon lookback`: an auditor's proof of past decisions from Kafka alone, "what if" under
 * another list version or policy, and "which past withdrawals touch what is designated today".
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_TOPIC_PREFIX, topicNames } from '@cordon/contracts';
import { ListParseError, loadList, type SanctionedEntity } from '@cordon/lists';
import { createKafka, createLogger, type KafkaClient } from '@cordon/platform';
import type { ListVersion } from '@cordon/screening-core/contract';
import { rateBar } from '../progress.js';
import { renderHtml, textSummary } from '../replay/report.js';
import { runReplay, type ReplayOptions, type ReplayReport } from '../replay/run.js';
import type { DecisionRange, LoadedCatalogue } from '../replay/topics.js';
import { addressEntity, adHocVersion, entityOf, versionDelta } from '../replay/whatif.js';
import { readPolicy, UsageError } from './screen.js';

interface CommonOptions {
  brokers: string;
  topicPrefix: string;
  all?: boolean;
  from?: string;
  to?: string;
  fromOffset?: string;
  toOffset?: string;
  partition: string[];
  json?: boolean;
  out?: string;
  html?: string;
  inputWindow: string;
}

interface ReplayCommandOptions extends CommonOptions {
  lists?: string;
  listsFormat: string;
  policy?: string;
}

interface LookbackCommandOptions extends CommonOptions {
  version?: string;
  entity?: string;
  address?: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function millisOf(text: string, flag: string): number {
  const millis = Date.parse(text);
  if (!Number.isFinite(millis)) throw new UsageError(`${flag} ${text}: not a date-time (e.g. 2026-01-01T00:00:00Z)`);
  return millis;
}

function offsetOf(text: string, flag: string): bigint {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} ${text}: not an offset`);
  return BigInt(text);
}

/** The decisions range the options ask for; exactly one kind. */
export function rangeOf(options: CommonOptions, defaultAll = false): DecisionRange {
  const time = options.from !== undefined || options.to !== undefined;
  const offsets = options.fromOffset !== undefined || options.toOffset !== undefined || options.partition.length > 0;
  if ([options.all === true, time, offsets].filter(Boolean).length > 1) {
    throw new UsageError('give one of --all, --from/--to (time) or --from-offset/--to-offset/--partition');
  }
  if (time) {
    return {
      kind: 'time',
      ...(options.from !== undefined ? { fromMillis: millisOf(options.from, '--from') } : {}),
      ...(options.to !== undefined ? { toMillis: millisOf(options.to, '--to') } : {}),
    };
  }
  if (offsets) {
    const partitions = options.partition.map((p) => Number(offsetOf(p, '--partition')));
    return {
      kind: 'offsets',
      ...(options.fromOffset !== undefined ? { from: offsetOf(options.fromOffset, '--from-offset') } : {}),
      ...(options.toOffset !== undefined ? { to: offsetOf(options.toOffset, '--to-offset') } : {}),
      ...(partitions.length > 0 ? { partitions } : {}),
    };
  }
  if (options.all || defaultAll) return { kind: 'all' };
  throw new UsageError('say which decisions: --all, --from/--to (time) or --from-offset/--to-offset');
}

function kafkaOf(options: CommonOptions): KafkaClient {
  return createKafka(
    { clientId: 'cordon-replay', brokers: options.brokers.split(',') },
    createLogger('cli', { level: 'error' }),
  );
}

/** What `--lists` names: a version on the snapshots topic (by content hash), or list files to load. */
async function listsPlan(spec: string, format: string): Promise<(catalogue: LoadedCatalogue) => ListVersion[]> {
  if (/^[0-9a-f]{64}$/.test(spec)) {
    return (catalogue) => {
      const found = [...catalogue.versions.values()].filter((v) => v.contentHash === spec);
      if (found.length === 0) throw new UsageError(`--lists ${spec}: no such list version on the snapshots topic`);
      return found.slice(0, 1);
    };
  }
  let entities: SanctionedEntity[];
  try {
    entities = (await loadList(format, spec)).entities;
  } catch (error) {
    if (error instanceof ListParseError) throw new UsageError(`--lists ${spec}: ${error.code}: ${error.message}`);
    throw new UsageError(`--lists ${spec}: ${(error as Error).message}`);
  }
  const version = adHocVersion(entities, spec);
  return () => [version];
}

async function execute(options: CommonOptions, replay: Omit<ReplayOptions, 'kafka' | 'topics'>): Promise<ReplayReport> {
  const kafka = kafkaOf(options);
  const bar = rateBar('replay', 'decisions');
  const out = options.out ? createWriteStream(options.out) : undefined;
  try {
    const report = await runReplay({
      ...replay,
      input: { maxPending: Number(offsetOf(options.inputWindow, '--input-window')) },
      kafka,
      topics: topicNames(options.topicPrefix),
      onProgress: (done, total) => bar.update(done, total),
      ...(out ? { onResult: (result) => out.write(`${JSON.stringify(result)}\n`) } : {}),
    });
    bar.stop();
    if (options.json) {
      for (const failure of report.failures) process.stdout.write(`${JSON.stringify({ failure })}\n`);
      for (const change of report.whatIf?.changes ?? []) process.stdout.write(`${JSON.stringify({ change })}\n`);
      for (const hit of report.lookback?.hits ?? []) process.stdout.write(`${JSON.stringify({ lookback: hit })}\n`);
      process.stdout.write(`${JSON.stringify({ summary: summaryOf(report) })}\n`);
    } else {
      process.stdout.write(`${textSummary(report)}\n`);
    }
    if (options.html) await writeFile(options.html, renderHtml(report));
    return report;
  } finally {
    bar.stop();
    await new Promise<void>((resolve) => (out ? out.end(resolve) : resolve()));
    await kafka.close();
  }
}

/** The report without what the JSON lines before it listed one by one. */
function summaryOf(report: ReplayReport): Record<string, unknown> {
  const summary: Record<string, unknown> = { ...report, failures: undefined };
  if (report.whatIf) summary.whatIf = { ...report.whatIf, changes: undefined };
  if (report.lookback) summary.lookback = { ...report.lookback, hits: undefined };
  return summary;
}

async function run(name: string, action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (error) {
    if (error instanceof UsageError || error instanceof RangeError) {
      process.stderr.write(`cordon ${name}: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      throw error;
    }
  }
}

function commonOptions(command: Command): Command {
  return command
    .option('--brokers <list>', 'Kafka bootstrap servers', process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .option('--topic-prefix <prefix>', 'topic prefix', process.env.KAFKA_TOPIC_PREFIX || DEFAULT_TOPIC_PREFIX)
    .option('--all', 'every decision on the decisions topic')
    .option('--from <date-time>', 'decisions recorded at or after this time (ISO 8601)')
    .option('--to <date-time>', 'decisions recorded before this time')
    .option('--from-offset <n>', 'decisions at or after this offset (each partition)')
    .option('--to-offset <n>', 'decisions before this offset (each partition)')
    .option('--partition <n>', 'only this partition of the decisions topic; repeatable', collect, [])
    .option('--json', 'JSON lines on stdout (each failure, change or hit, then the summary) instead of text')
    .option('--out <file>', 'write every decision replayed as a JSON line to this file')
    .option('--html <file>', 'write a self-contained HTML report to this file')
    .option('--input-window <n>', 'requested withdrawals kept in memory while looking for their decision', '500000');
}

/** Registers `replay` and `lookback`. */
export function registerReplayCommands(program: Command): void {
  commonOptions(
    program
      .command('replay')
      .description(
        'Prove past decisions from Kafka alone: rebuild the pinned list versions and policy, screen each withdrawal ' +
          'again and compare byte for byte. Exit 0: all verified; 1: a decision does not reproduce; 2: some could ' +
          'not be verified (input, list version or policy missing, other engine version)',
      ),
  )
    .option('--lists <hash|path>', 'what if: screen under this list version (content hash) or these list files too')
    .option('--lists-format <format>', 'format of the files --lists names', 'ofac-csv')
    .option('--policy <file>', 'what if: screen under this policy JSON too')
    .action((options: ReplayCommandOptions) =>
      run('replay', async () => {
        const range = rangeOf(options);
        const versions = options.lists ? await listsPlan(options.lists, options.listsFormat) : undefined;
        const policy = options.policy ? await readPolicy(options.policy) : undefined;
        const label = [options.lists ? `lists ${options.lists}` : '', options.policy ? `policy ${options.policy}` : '']
          .filter(Boolean)
          .join(', ');
        const report = await execute(options, {
          range,
          ...(versions || policy
            ? { whatIf: { label, versions: versions ?? (() => []), ...(policy ? { policy } : {}) } }
            : {}),
        });
        return report.exitCode;
      }),
    );

  commonOptions(
    program
      .command('lookback')
      .description(
        'List the past withdrawals that hit what a list version added or changed (--version), one listed entity ' +
          '(--entity) or one address (--address), with the decision each got at the time',
      ),
  )
    .option('--version <hash>', 'content hash of a list version on the snapshots topic')
    .option('--entity <source:id>', 'a listed entity, e.g. ofac-sdn:25308')
    .option('--address <ticker-and-address...>', 'a ticker and an address, e.g. --address ETH 0x...')
    .action((options: LookbackCommandOptions) =>
      run('lookback', async () => {
        const asked = [options.version, options.entity, options.address].filter((o) => o !== undefined);
        if (asked.length !== 1) throw new UsageError('give exactly one of --version, --entity or --address');
        if (options.address && options.address.length !== 2) {
          throw new UsageError('--address takes a ticker and an address');
        }
        const label = options.version
          ? `version ${options.version}`
          : options.entity
            ? `entity ${options.entity}`
            : `address ${options.address!.join(' ')}`;
        const entities = (catalogue: LoadedCatalogue): SanctionedEntity[] =>
          options.version
            ? versionDelta(catalogue, options.version)
            : options.entity
              ? entityOf(catalogue, options.entity)
              : [addressEntity(options.address![0]!, options.address![1]!)];
        await execute(options, { range: rangeOf(options, true), lookback: { label, entities } });
        return 0;
      }),
    );
}
