/**
 * `npm run bench [-- <filter>]`: runs every benchmark (`packages/*\/bench/*.bench.ts`, `services/*\/bench/*.bench.ts`)
 * one after another, each in its own process so that memory figures are its own. Each prints its figures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2] ?? '';
const files: string[] = [];
for (const area of ['packages', 'services']) {
  for (const name of readdirSync(area)) {
    const dir = join(area, name, 'bench');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.bench.ts') && join(dir, file).includes(filter)) files.push(join(dir, file));
    }
  }
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed++;
}
console.log(`\n${files.length} benchmarks run, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
