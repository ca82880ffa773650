/**
 * `npm run bench:compare -- --base <rev> [--rounds 5] [--bench <file>]`: runs one benchmark on an earlier revision
 * and on this working tree, alternately (base, here, base, here, ...), and prints each figure's median on both
 * sides and their ratio. Machines here are shared and noisy; alternating the two in one run lets the noise fall on
 * both alike, so the ratio says more than either figure.
 *
 * The base is checked out into a temporary git worktree that shares this tree's node_modules (the workspace
 * packages link to the worktree's own sources) and the datasets beside this tree (../shared). Both sides run this tree's benchmark file, so they do the same
 * work. A figure is every number followed by `/s` or ` ms` on a line the benchmark prints, named by the words
 * before it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    bench: { type: 'string', default: 'packages/screening-core/bench/screen.bench.ts' },
  },
});
if (!values.base) {
  console.error('usage: npm run bench:compare -- --base <rev> [--rounds 5] [--bench <file>]');
  process.exit(2);
}
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`--rounds must be a positive whole number, not ${values.rounds}`);
  process.exit(2);
}
const here = resolve('.');
const bench = values.bench as string;
if (!existsSync(join(here, bench))) {
  console.error(`no benchmark at ${bench}`);
  process.exit(2);
}

function git(...args: string[]): string {
  const run = spawnSync('git', args, { cwd: here, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr.trim()}`);
  return run.stdout.trim();
}

/** A worktree of `rev` whose node_modules links to this tree's, except the workspace packages (its own). */
function checkout(rev: string): string {
  const parent = mkdtempSync(join(tmpdir(), 'cordon-bench-'));
  const dir = join(parent, 'base');
  git('worktree', 'add', '--detach', dir, rev);
  // Benchmarks read the shared datasets beside the checkout (../shared).
  const shared = resolve(here, '..', 'shared');
  if (existsSync(shared)) symlinkSync(shared, join(parent, 'shared'));
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(join(here, 'node_modules'))) {
    if (entry === '@cordon') continue;
    symlinkSync(join(here, 'node_modules', entry), join(modules, entry));
  }
  // The workspace links are relative (../../packages/lists), so copied they point into the worktree.
  cpSync(join(here, 'node_modules', '@cordon'), join(modules, '@cordon'), { recursive: true, verbatimSymlinks: true });
  cpSync(join(here, bench), join(dir, bench));
  return dir;
}

type Figures = Map<string, number>;

const FIGURE = /([\d.]+)(\/s| ms)/g;

/** Every figure of the benchmark's output, labelled by its line's opening words and the words just before it. */
function run(dir: string): Figures {
  const out = spawnSync(process.execPath, ['--import', 'tsx', bench], { cwd: dir, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${bench} failed in ${dir}:\n${out.stderr}`);
  const figures: Figures = new Map();
  for (const line of out.stdout.split('\n')) {
    const head = (line.split(/[:;(]/)[0] ?? '').trim();
    let from = 0;
    for (const match of line.matchAll(FIGURE)) {
      const before = line
        .slice(from, match.index)
        .replace(/[^\p{L}\d ]+/gu, ' ')
        .trim()
        .split(/\s+/);
      from = (match.index as number) + match[0].length;
      let label = `${head} | ${before.slice(-2).join(' ')}${match[2] === '/s' ? ' /s' : ' ms'}`;
      for (let n = 2; figures.has(label); n++) label = `${label.replace(/ #\d+$/, '')} #${n}`;
      figures.set(label, Number(match[1]));
    }
  }
  return figures;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const baseRev = git('rev-parse', '--short', values.base);
const headRev = git('rev-parse', '--short', 'HEAD');
const dirty = git('status', '--porcelain') !== '';
const baseDir = checkout(values.base);
const samples = { base: [] as Figures[], here: [] as Figures[] };
try {
  for (let i = 0; i < rounds; i++) {
    samples.base.push(run(baseDir));
    samples.here.push(run(here));
    console.error(`round ${i + 1}/${rounds} done`);
  }
} finally {
  git('worktree', 'remove', '--force', baseDir);
  rmSync(join(baseDir, '..'), { recursive: true, force: true });
}

console.log(
  `${bench}: base ${baseRev} against ${headRev}${dirty ? ' (with uncommitted changes)' : ''}, ${rounds} rounds`,
);
console.log(`${'figure'.padEnd(72)} ${'base'.padStart(10)} ${'here'.padStart(10)}  here/base`);
for (const label of samples.here[0]?.keys() ?? []) {
  const base = samples.base.map((f) => f.get(label)).filter((v): v is number => v !== undefined);
  const mine = samples.here.map((f) => f.get(label)).filter((v): v is number => v !== undefined);
  if (base.length === 0) {
    console.log(`${label.slice(0, 72).padEnd(72)} ${'-'.padStart(10)} ${median(mine).toFixed(3).padStart(10)}`);
    continue;
  }
  const [b, m] = [median(base), median(mine)];
  console.log(
    `${label.slice(0, 72).padEnd(72)} ${b.toFixed(3).padStart(10)} ${m.toFixed(3).padStart(10)}  ${(m / b).toFixed(2).padStart(9)}`,
  );
}
