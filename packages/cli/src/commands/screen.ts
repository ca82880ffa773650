import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { ListParseError, loadList, resolveListFormat, type LoadedList } from '@cordon/lists';
import {
  buildSnapshot,
  DEFAULT_POLICY,
  parsePolicy,
  PolicyError,
  screen,
  type Decision,
  type Policy,
  type Snapshot,
  type Withdrawal,
} from '@cordon/screening-core';
import { progressBar } from '../progress.js';

/** A failure the user can fix (bad argument, unreadable path or policy): one line on stderr, exit status 2. */
export class UsageError extends Error {}

/** One query line of `cordon screen`, read: a withdrawal to screen, or why the line cannot be one. */
export type ParsedQuery = { withdrawal: Withdrawal } | { error: string };

const STRING_FIELDS = ['id', 'name', 'dob', 'nationality', 'address', 'ticker'] as const;
const DOB = /^\d{4}(?:-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))?$/;
const COUNTRY = /^[A-Za-z]{2}$/;

function fieldError(query: Record<string, unknown>): string | undefined {
  for (const field of STRING_FIELDS) {
    if (query[field] !== undefined && typeof query[field] !== 'string') return `"${field}" must be a string`;
  }
  const aliases = query.aliases;
  if (aliases !== undefined && !(Array.isArray(aliases) && aliases.every((a) => typeof a === 'string'))) {
    return '"aliases" must be a list of strings';
  }
  if (typeof query.dob === 'string' && !DOB.test(query.dob)) return '"dob" must be YYYY-MM-DD or YYYY';
  if (typeof query.nationality === 'string' && !COUNTRY.test(query.nationality)) {
    return '"nationality" must be an ISO 3166 alpha-2 code';
  }
  if (typeof query.address === 'string' && query.address.trim() === '') return '"address" is empty';
  return undefined;
}

/**
 * Reads one JSONL query (`name`, `dob`, `nationality`, `address`, `ticker`, and optionally `id`, `aliases`) into
 * a withdrawal. `lineNumber` (1-based) names the withdrawal when the query has no `id`.
 */
export function parseQuery(line: string, lineNumber: number): ParsedQuery {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: line.trim() === '' ? 'empty line' : 'not valid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'not a JSON object' };
  const query = value as Record<string, unknown>;
  const error = fieldError(query);
  if (error) return { error };
  const str = (field: string): string | undefined => query[field] as string | undefined;
  const withdrawal: Withdrawal = { id: str('id') ?? `line-${lineNumber}` };
  const address = str('address');
  if (address !== undefined) withdrawal.destination = { address, ticker: str('ticker') ?? '' };
  const customer: NonNullable<Withdrawal['customer']> = {};
  if (str('name') !== undefined) customer.name = str('name');
  if (query.aliases !== undefined) customer.aliases = query.aliases as string[];
  if (str('dob') !== undefined) customer.dob = str('dob');
  if (str('nationality') !== undefined) customer.nationality = str('nationality')?.toUpperCase();
  if (Object.keys(customer).length > 0) withdrawal.customer = customer;
  return { withdrawal };
}

/** The output line for one decision: the contract's `decision` and `hits`, plus the audit fields. */
export function formatDecision(decision: Decision): Record<string, unknown> {
  const listHits = decision.hits.filter((h) => h.kind !== 'jurisdiction');
  const jurisdictions = decision.hits.filter((h) => h.kind === 'jurisdiction');
  return {
    id: decision.withdrawalId,
    decision: decision.decision,
    hits: listHits.map((h) => ({
      source: h.source,
      entityId: h.entityId,
      name: h.name,
      matched: h.matched,
      score: h.score,
      kind: h.kind,
      action: h.action,
    })),
    ...(jurisdictions.length > 0
      ? { jurisdictions: jurisdictions.map((h) => ({ field: h.field, code: h.entityId, action: h.action })) }
      : {}),
    reasons: decision.reasons,
    lists: decision.lists,
    policyHash: decision.policyHash,
    engineVersion: decision.engineVersion,
    decisionHash: decision.decisionHash,
  };
}

async function load(source: string, path: string): Promise<LoadedList> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const resolved = resolveListFormat(source, { isDirectory, name: basename(path) });
  if (!resolved)
    throw new UsageError(`unknown --source "${source}": use a list or a format as for cordon lists export`);
  const bar = progressBar(basename(path));
  try {
    return await loadList(resolved.format, path, {
      source: resolved.source,
      onProgress: (p) => bar.update(p.bytesRead, p.totalBytes),
    });
  } finally {
    bar.stop();
  }
}

/** The policy in the JSON file at `path` (the default policy when none); a UsageError when it does not read. */
export async function readPolicy(path: string | undefined): Promise<Policy> {
  if (path === undefined) return DEFAULT_POLICY;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read policy ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return parsePolicy(JSON.parse(text));
  } catch (error) {
    if (error instanceof PolicyError || error instanceof SyntaxError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
}

// Set once the reader of stdout has gone away (`| head`): the rest of the output is dropped quietly.
let stdoutClosed = false;

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

function screenLine(line: string, lineNumber: number, snapshot: Snapshot, policy: Policy): string {
  const parsed = parseQuery(line, lineNumber);
  if ('error' in parsed) return JSON.stringify({ line: lineNumber, error: parsed.error });
  try {
    return JSON.stringify(formatDecision(screen(parsed.withdrawal, snapshot, policy)));
  } catch (error) {
    // The order of output lines must hold whatever one query does; report the query, keep going.
    return JSON.stringify({ line: lineNumber, error: `screening failed: ${(error as Error).message}` });
  }
}

interface ScreenOptions {
  source: string[];
  path: string[];
  policy?: string;
}

async function screenStdin(options: ScreenOptions): Promise<void> {
  if (options.source.length === 0) throw new UsageError('at least one --source with its --path is required');
  if (options.source.length !== options.path.length) {
    throw new UsageError('give one --path for each --source, in the same order');
  }
  const policy = await readPolicy(options.policy);
  const lists: LoadedList[] = [];
  for (let i = 0; i < options.source.length; i++)
    lists.push(await load(options.source[i] ?? '', options.path[i] ?? ''));
  let snapshot: Snapshot;
  try {
    snapshot = buildSnapshot(lists);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  process.stderr.write(
    `screening against ${snapshot.lists.map((l) => `${l.source}@${l.version.slice(0, 12)}`).join(', ')} ` +
      `(${snapshot.entities.length} entities)\n`,
  );
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  let batch: string[] = [];
  for await (const line of lines) {
    lineNumber += 1;
    batch.push(screenLine(line, lineNumber, snapshot, policy));
    if (batch.length === 256) {
      await writeOut(`${batch.join('\n')}\n`);
      batch = [];
    }
  }
  if (batch.length > 0) await writeOut(`${batch.join('\n')}\n`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
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
      process.stderr.write(`cordon screen: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof ListParseError) {
      process.stderr.write(`cordon screen: ${error.code}: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}

/** `cordon screen`: screen JSONL queries on stdin against official lists; one JSONL decision per query. */
export function registerScreenCommands(program: Command): void {
  program
    .command('screen')
    .description(
      'Screen JSONL queries on stdin ({"name","dob","nationality","address","ticker"}) against lists; ' +
        'write one JSONL decision per line, in order',
    )
    .option('--source <kind>', 'list (ofac-sdn, un, ...) or format (ofac-csv, ...); repeatable', collect, [])
    .option('--path <file-or-dir>', 'list file or OFAC CSV folder, one per --source', collect, [])
    .option('--policy <file>', 'policy JSON (thresholds, jurisdictions); defaults apply to fields it leaves out')
    .action((options: ScreenOptions) => run(() => screenStdin(options)));
}
