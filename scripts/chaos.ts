/**
 * `npm run chaos [-- --withdrawals N --kills-per-service K ...]`: the chaos run (scripts/chaos/run.ts) with its
 * figures printed. PostgreSQL: DATABASE_URL when set, else the server on 127.0.0.1:5432, else an embedded one.
 * Exits 1 unless lost = 0 and duplicated = 0.
 */
import { Command } from 'commander';
import { startTestPostgres } from '../test/postgres.js';
import { clean, formatResult, runChaos } from './chaos/run.js';

const program = new Command('chaos')
  .option('--withdrawals <n>', 'withdrawals to submit', '100000')
  .option('--kills-per-service <n>', 'kill -9 of each of the four services', '20')
  .option('--concurrency <n>', 'submissions in flight', '64')
  .option('--seed <n>', 'seed of the mix and of the kill order', '1')
  .option('--list-versions <n>', 'new list versions published during the run', '4')
  .option('--resolve-fraction <x>', 'share of the cases resolved with four eyes during the run', '0.2')
  .option('--hold <x>', 'share of withdrawals to a listed name (HOLD)', '0.05')
  .option('--block <x>', 'share of withdrawals to a listed address (BLOCK)', '0.05')
  .option('--retro <x>', 'share of withdrawals to an address a later list version designates (retro-hit)', '0.01')
  .option('--work-dir <dir>', 'broker data, service logs and list versions (default: a temp dir, removed)')
  .option('--keep', 'keep the work dir and the schemas')
  .parse();

const o = program.opts<Record<string, string | boolean | undefined>>();
const pg = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, description: 'DATABASE_URL', stop: async () => undefined }
  : await startTestPostgres();
console.log(`postgresql ${pg.description}`);
try {
  const result = await runChaos({
    withdrawals: Number(o.withdrawals),
    killsPerService: Number(o.killsPerService),
    concurrency: Number(o.concurrency),
    seed: Number(o.seed),
    listVersions: Number(o.listVersions),
    resolveFraction: Number(o.resolveFraction),
    holdFraction: Number(o.hold),
    blockFraction: Number(o.block),
    retroFraction: Number(o.retro),
    databaseUrl: pg.url,
    ...(typeof o.workDir === 'string' ? { workDir: o.workDir } : {}),
    keep: o.keep === true,
    log: (line) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`),
  });
  console.log(`\n${formatResult(result)}`);
  process.exitCode = clean(result) ? 0 : 1;
} finally {
  await pg.stop();
}
