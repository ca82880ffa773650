import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerListCommands } from './lists.js';

// Real lists take a second or two to load on a busy two-core machine.
vi.setConfig({ testTimeout: 60_000 });

const datasets = fileURLToPath(new URL('../../../../../shared/datasets/', import.meta.url));
const ukExcerpt = join(datasets, 'uk/uk-sanctions-list/2026-09-10_excerpt/sample_uk_sanctions.xml');

async function run(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  const exitListeners = process.listeners('exit');
  const program = new Command('cordon').exitOverride();
  registerListCommands(program);
  try {
    await program.parseAsync(['node', 'cordon', ...args]);
    return { stdout: stdout.join(''), stderr: stderr.join(''), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    // The command pins its exit status with an 'exit' listener; the test process must not inherit it.
    for (const listener of process.listeners('exit')) {
      if (!exitListeners.includes(listener)) process.removeListener('exit', listener);
    }
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('cordon lists export', () => {
  it('prints one entity per line, sorted by id, with the summary on stderr', async () => {
    const { stdout, stderr, exitCode } = await run(['lists', 'export', '--source', 'uk', '--path', ukExcerpt]);
    expect(exitCode).toBe(0);
    const entities = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; source: string });
    // grep -c '<Designation>' sample_uk_sanctions.xml
    expect(entities.map((e) => e.id)).toEqual(['AFG0001', 'AFG0006', 'AQD0195', 'BEL0107', 'DPR0075']);
    expect(entities.every((e) => e.source === 'uk')).toBe(true);
    expect(Object.keys(entities[0]!)).toEqual(
      expect.arrayContaining(['source', 'id', 'type', 'names', 'flags', 'digitalCurrencyAddresses']),
    );
    expect(stderr).toMatch(/entities: 5 \(entity=2 individual=2 vessel=1\)/u);
    expect(stderr).toMatch(/version hash: [0-9a-f]{64}/u);
  });

  it('exports digital currency addresses with ticker, published address, canonical key and validity', async () => {
    const fixture = fileURLToPath(new URL('../../../lists/test-fixtures/ofac-sdn-sample.xml', import.meta.url));
    const { stdout } = await run(['lists', 'export', '--source', 'ofac-xml', '--path', fixture]);
    const first = JSON.parse(stdout.split('\n')[0]!) as { digitalCurrencyAddresses: Array<Record<string, unknown>> };
    expect(first.digitalCurrencyAddresses[0]).toMatchObject({
      ticker: 'XBT',
      address: '18Ke1QWE9nQfXuhJijHggZuPJ5ZYxapoBK',
    });
    expect(Object.keys(first.digitalCurrencyAddresses[0]!)).toEqual(expect.arrayContaining(['canonical', 'valid']));
  });

  it('rejects an unknown source with status 2 and a truncated file with status 1, writing nothing to stdout', async () => {
    const bad = await run(['lists', 'export', '--source', 'nowhere', '--path', ukExcerpt]);
    expect([bad.exitCode, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toMatch(/unknown --source "nowhere"/u);
    const missing = await run(['lists', 'export', '--source', 'uk', '--path', join(tmpdir(), 'no-such-list.xml')]);
    expect(missing.exitCode).toBe(2);
    const cut = join(mkdtempSync(join(tmpdir(), 'cli-lists-')), 'cut.xml');
    writeFileSync(cut, readFileSync(ukExcerpt).subarray(0, 3000));
    const truncated = await run(['lists', 'export', '--source', 'uk', '--path', cut]);
    expect([truncated.exitCode, truncated.stdout]).toEqual([1, '']);
    expect(truncated.stderr).toMatch(/TRUNCATED/u);
  });
});

describe('cordon lists diff', () => {
  it('prints summary counts and the ids added, removed and changed', async () => {
    const { stdout, exitCode } = await run([
      'lists',
      'diff',
      '--source',
      'un',
      '--from',
      join(datasets, 'un/2018-10-29/consolidated.xml'),
      '--to',
      join(datasets, 'un/2026-01-28/consolidated.xml'),
    ]);
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout) as {
      summary: { added: number; removed: number; changed: number; unchanged: number };
      added: string[];
      removed: string[];
      changed: Array<{ id: string; fields: string[] }>;
    };
    // Entity counts: grep -o '<INDIVIDUAL>\|<ENTITY>' | wc -l gives 1093 (2018) and 999 (2026).
    const { added, removed, changed, unchanged } = report.summary;
    expect(removed + changed + unchanged).toBe(1093);
    expect(added + changed + unchanged).toBe(999);
    expect(report.added).toHaveLength(added);
    expect(report.changed.every((c) => c.fields.length > 0)).toBe(true);
  });
});

describe('the installed command', () => {
  it('exits non-zero on bad arguments', () => {
    const bin = fileURLToPath(new URL('../../bin/cordon.mjs', import.meta.url));
    const result = spawnSync(process.execPath, [bin, 'lists', 'export', '--source', 'nowhere', '--path', ukExcerpt], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown --source/u);
  }, 60_000);
});
