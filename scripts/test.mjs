#!/usr/bin/env node
// Runs the whole test suite (unit + integration against real Kafka and PostgreSQL) with vitest, then prints one
// plain closing line, `Tests: N passed, N failed, N skipped`, that any CI log reader understands.
// Extra arguments go to vitest (e.g. `npm test -- --project unit`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const out = join('.cordon', 'test-results.json');
mkdirSync('.cordon', { recursive: true });
rmSync(out, { force: true });
const run = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
if (existsSync(out)) {
  const results = JSON.parse(readFileSync(out, 'utf8'));
  const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  console.log(`Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`);
} else {
  console.log('Tests: 0 passed, 1 failed (vitest wrote no results)');
}
process.exit(run.status ?? 1);
