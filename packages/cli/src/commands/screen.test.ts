/** End-to-end: the `cordon screen` command, spawned as a user would run it, against real list files. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseQuery } from './screen.js';

const BIN = fileURLToPath(new URL('../../bin/cordon.mjs', import.meta.url));
const DATASETS = fileURLToPath(new URL('../../../../../shared/datasets/', import.meta.url));
const SDN = ['--source', 'ofac-sdn', '--path', join(DATASETS, 'ofac-sdn/2023-12-28')];
// The smallest full set, where the test is not about what is listed.
const SMALL = ['--source', 'ofac-sdn', '--path', join(DATASETS, 'ofac-sdn/2019-01-15')];

function run(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'screen', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const lines = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

type OutHit = { source: string; entityId: string; name: string; score: number; kind: string };

const dir = mkdtempSync(join(tmpdir(), 'cordon-screen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cordon screen', () => {
  it('writes one decision per query line, in order, malformed lines included', async () => {
    const input = [
      JSON.stringify({ name: 'Путин Владимир Владимирович', dob: '1952-10-07', nationality: 'RU' }),
      JSON.stringify({ address: '0x7f367cc41522ce07553e823bf3be79a889debe1b', ticker: 'USDC' }),
      '{"name": "unterminated',
      JSON.stringify({ name: 'Hiroshi Tanaka', dob: '1985' }),
      JSON.stringify(['not', 'an', 'object']),
      JSON.stringify({ name: 'Sergei Lawrow' }),
      JSON.stringify({ dob: '15 Jan 1964' }),
      JSON.stringify({ address: 'BC1QV7K70U2ZYNVEM59U88CTDLAW7HC735D8XEP9RQ' }),
      JSON.stringify({ name: 'Jane Doe', nationality: 'KP' }),
    ].join('\n');
    const { code, stdout, stderr } = await run(SDN, `${input}\n`);
    expect(code, stderr).toBe(0);
    const out = lines(stdout);
    expect(out).toHaveLength(9);
    const hits = (i: number) => out[i]?.hits as OutHit[];

    expect(out[0]?.decision).toBe('BLOCK');
    expect(hits(0)[0]).toMatchObject({ source: 'ofac-sdn', entityId: '35096', kind: 'name' });
    expect(out[1]?.decision).toBe('BLOCK');
    expect(hits(1)[0]).toMatchObject({ entityId: '29584', kind: 'address', score: 1 });
    expect(out[2]).toEqual({ line: 3, error: 'not valid JSON' });
    expect(out[3]).toMatchObject({ decision: 'ALLOW', hits: [] });
    expect(out[4]).toEqual({ line: 5, error: 'not a JSON object' });
    expect(out[5]?.decision).toBe('HOLD');
    expect(hits(5).map((h) => h.entityId)).toContain('35233');
    expect(out[6]).toEqual({ line: 7, error: '"dob" must be YYYY-MM-DD or YYYY' });
    expect(out[7]?.decision).toBe('BLOCK');
    expect(hits(7)[0]).toMatchObject({ entityId: '31212', kind: 'address' });
    expect(out[8]).toMatchObject({ decision: 'HOLD', hits: [], jurisdictions: [{ field: 'nationality', code: 'KP' }] });

    for (const decision of out.filter((o) => 'decision' in o)) {
      const scores = (decision.hits as OutHit[]).map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(decision.decisionHash).toMatch(/^[0-9a-f]{64}$/);
      expect(decision.lists).toEqual([{ source: 'ofac-sdn', version: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    }
  }, 120_000);

  it('applies a policy file and refuses a bad one', async () => {
    const query = `${JSON.stringify({ name: 'Jane Doe', nationality: 'KP' })}\n`;
    const byDefault = await run(SMALL, query);
    expect(lines(byDefault.stdout)[0]).toMatchObject({ decision: 'HOLD' });

    const cubaOnly = join(dir, 'cuba-only.json');
    writeFileSync(cubaOnly, JSON.stringify({ jurisdiction: { codes: ['CU'] } }));
    const { code, stdout } = await run([...SMALL, '--policy', cubaOnly], query);
    expect(code).toBe(0);
    expect(lines(stdout)[0]).toMatchObject({ decision: 'ALLOW', hits: [] });

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: { holdAt: 7 } }));
    const refused = await run([...SMALL, '--policy', bad], query);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('name.holdAt');
  }, 120_000);

  it('screens against several lists at once and pins each version', async () => {
    const un = ['--source', 'un', '--path', join(DATASETS, 'un/2026-01-28/consolidated.xml')];
    const { code, stdout, stderr } = await run([...SMALL, ...un], `${JSON.stringify({ name: 'Hiroshi Tanaka' })}\n`);
    expect(code, stderr).toBe(0);
    const decision = lines(stdout)[0];
    expect((decision?.lists as Array<{ source: string }>).map((l) => l.source)).toEqual(['ofac-sdn', 'un']);
  }, 120_000);

  it('explains usage errors with exit status 2', async () => {
    const missing = await run(['--source', 'ofac-sdn'], '');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--path');
    const unknown = await run(['--source', 'nope', '--path', DATASETS], '');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown --source');
  }, 60_000);
});

describe('parseQuery', () => {
  it('maps the query fields onto a withdrawal', () => {
    expect(parseQuery('{"name":"A B","dob":"1970","nationality":"ru","address":"x1","ticker":"BTC"}', 4)).toEqual({
      withdrawal: {
        id: 'line-4',
        destination: { address: 'x1', ticker: 'BTC' },
        customer: { name: 'A B', dob: '1970', nationality: 'RU' },
      },
    });
    expect(parseQuery('{"id":"w-9","aliases":["C D"]}', 1)).toEqual({
      withdrawal: { id: 'w-9', customer: { aliases: ['C D'] } },
    });
  });

  it('names what is wrong with a bad line', () => {
    expect(parseQuery('', 1)).toEqual({ error: 'empty line' });
    expect(parseQuery('{"name": 5}', 1)).toEqual({ error: '"name" must be a string' });
    expect(parseQuery('{"nationality": "Russia"}', 1)).toEqual({
      error: '"nationality" must be an ISO 3166 alpha-2 code',
    });
    expect(parseQuery('{"aliases": "x"}', 1)).toEqual({ error: '"aliases" must be a list of strings' });
    expect(parseQuery('{"address": "  "}', 1)).toEqual({ error: '"address" is empty' });
  });
});
