import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  ListParseError,
  diffLists,
  loadList,
  resolveListFormat,
  summariseList,
  type ListSummary,
  type LoadedList,
} from '@cordon/lists';
import { progressBar } from '../progress.js';

/** A failure the user can fix (bad argument, unreadable path): printed as one line, exit status 2. */
class UsageError extends Error {}

async function resolveInput(source: string, path: string): Promise<{ format: string; source?: string }> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const resolved = resolveListFormat(source, { isDirectory, name: basename(path) });
  if (!resolved) {
    throw new UsageError(
      `unknown --source "${source}": use a list (ofac-sdn, ofac-consolidated, un, uk, uk-ofsi, eu) or a format ` +
        '(ofac-csv, ofac-xml, un-xml, uk-xml, uk-ofsi-csv, eu-xml, eu-csv)',
    );
  }
  return resolved;
}

async function load(source: string, path: string): Promise<LoadedList> {
  const input = await resolveInput(source, path);
  const bar = progressBar(basename(path));
  try {
    return await loadList(input.format, path, {
      source: input.source as LoadedList['source'] | undefined,
      onProgress: (p) => bar.update(p.bytesRead, p.totalBytes),
    });
  } finally {
    bar.stop();
  }
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? '(none)' : entries.map(([k, v]) => `${k}=${v}`).join(' ');
}

function printSummary(list: LoadedList, summary: ListSummary): void {
  const lines = [
    `source: ${list.source} (${list.format})${list.published ? `, published ${list.published}` : ''}`,
    `version hash: ${list.contentHash}`,
    `entities: ${summary.entities} (${formatCounts(summary.byType)})`,
    `digital currency addresses: ${Object.values(summary.addressesByTicker).reduce((a, b) => a + b, 0)} ` +
      `(${formatCounts(summary.addressesByTicker)}), invalid: ${summary.invalidAddresses}`,
    `flags: ${formatCounts(summary.flags)}`,
    `issues: ${summary.issues.error} errors, ${summary.issues.warning} warnings`,
    ...list.issues
      .slice(0, 20)
      .map((i) => `  ${i.severity} ${i.code}${i.entityId ? ` [${i.entityId}]` : ''}: ${i.message}`),
  ];
  if (list.issues.length > 20) lines.push(`  ... ${list.issues.length - 20} more`);
  process.stderr.write(`${lines.join('\n')}\n`);
}

// Set once the reader of stdout has gone away (`| head`): the rest of the output is dropped quietly.
let stdoutClosed = false;

// Writes to stdout honouring back-pressure.
async function writeOut(text: string): Promise<void> {
  if (stdoutClosed || process.stdout.write(text)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      process.stdout.off('drain', done);
      process.stdout.off('close', done);
      resolve();
    };
    process.stdout.on('drain', done);
    process.stdout.on('close', done);
  });
}

// Sets the exit status so that it survives a library calling process.exit(0) on its way out (an exit hook that
// another command's dependency installs): 'exit' listeners run last and may still change process.exitCode.
function failWith(status: number): void {
  process.exitCode = status;
  process.once('exit', () => {
    process.exitCode = status;
  });
}

async function run(action: () => Promise<void>): Promise<void> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutClosed = true;
  });
  try {
    await action();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`cordon lists: ${error.message}\n`);
      failWith(2);
    } else if (error instanceof ListParseError) {
      process.stderr.write(`cordon lists: ${error.code}: ${error.message}\n`);
      failWith(1);
    } else {
      throw error;
    }
  }
}

async function exportList(options: { source: string; path: string }): Promise<void> {
  const list = await load(options.source, options.path);
  printSummary(list, summariseList(list.entities, list.issues));
  const batch: string[] = [];
  for (const entity of list.entities) {
    batch.push(JSON.stringify(entity));
    if (batch.length === 500) await writeOut(`${batch.splice(0).join('\n')}\n`);
  }
  if (batch.length > 0) await writeOut(`${batch.join('\n')}\n`);
}

async function diff(options: { source: string; from: string; to: string }): Promise<void> {
  const from = await load(options.source, options.from);
  const to = await load(options.source, options.to);
  const delta = diffLists(from.entities, to.entities);
  const version = (list: LoadedList, path: string) => ({
    path,
    contentHash: list.contentHash,
    published: list.published,
    entities: list.entities.length,
    issues: list.issues.length,
  });
  const report = {
    source: to.source,
    from: version(from, options.from),
    to: version(to, options.to),
    summary: {
      added: delta.added.length,
      removed: delta.removed.length,
      changed: delta.changed.length,
      unchanged: delta.unchanged,
    },
    added: delta.added.map((e) => e.id),
    removed: delta.removed.map((e) => e.id),
    changed: delta.changed.map((c) => ({ id: c.id, fields: c.fields })),
  };
  await writeOut(`${JSON.stringify(report, null, 2)}\n`);
}

/** `cordon lists ...`: read official sanctions lists, export them as JSONL, compare two versions. */
export function registerListCommands(program: Command): void {
  const lists = program.command('lists').description('Official sanctions lists: parse, export, compare versions');
  lists
    .command('export')
    .description('Parse a list and print one JSON entity per line (sorted by id); summary on stderr')
    .requiredOption(
      '--source <kind>',
      'list (ofac-sdn, ofac-consolidated, un, uk, uk-ofsi, eu) or format (ofac-csv, ...)',
    )
    .requiredOption('--path <file-or-dir>', 'list file, or the folder of an OFAC CSV set')
    .action((options: { source: string; path: string }) => run(() => exportList(options)));
  lists
    .command('diff')
    .description('Compare two versions of a list: added, removed and changed entities as JSON')
    .requiredOption('--source <kind>', 'list or format, as for export')
    .requiredOption('--from <path>', 'older version')
    .requiredOption('--to <path>', 'newer version')
    .action((options: { source: string; from: string; to: string }) => run(() => diff(options)));
}
