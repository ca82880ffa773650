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
// The exit status is vitest's, and never 0 when the report counts a failure or no test at all: a library's exit
// hook in the runner process must not be able to turn a failed run green.
let status = run.status ?? 1;
if (existsSync(out)) {
  const results = JSON.parse(readFileSync(out, 'utf8'));
  const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  console.log(`Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`);
  if (results.numFailedTests > 0 || results.numFailedTestSuites > 0 || results.numPassedTests === 0) status ||= 1;
} else {
  console.log('Tests: 0 passed, 1 failed (vitest wrote no results)');
  status ||= 1;
}
process.exit(status);
