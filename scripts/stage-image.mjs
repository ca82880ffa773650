#!/usr/bin/env node
// Copies what the image runs into <dir>, after `npm run build`: every workspace's package.json and compiled dist/
// (no declarations, no build info), the console's built assets, the bundled lists under data/, the root manifests.
// Not node_modules: the Dockerfile's build stage prunes it to the production dependencies and copies it beside.
// The Dockerfile's build stage runs it; so does test/image.test.ts, which then starts the services from <dir>.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const target = process.argv[2];
if (!target) {
  console.error('usage: node scripts/stage-image.mjs <dir>');
  process.exit(2);
}
const skipped = (path) => /\.d\.ts(\.map)?$|\.tsbuildinfo$/.test(path);

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
for (const file of ['package.json', 'package-lock.json']) cpSync(file, join(target, file));
cpSync('data', join(target, 'data'), { recursive: true });
const missing = [];
for (const parent of ['packages', 'services']) {
  for (const name of readdirSync(parent)) {
    const workspace = join(parent, name);
    if (!existsSync(join(workspace, 'package.json'))) continue;
    cpSync(join(workspace, 'package.json'), join(target, workspace, 'package.json'));
    // The cli runs from its sources (a developer's tool, not in the image); every other workspace is built.
    if (name === 'cli') continue;
    const dist = join(workspace, 'dist');
    if (!existsSync(dist)) {
      missing.push(dist);
      continue;
    }
    cpSync(dist, join(target, dist), { recursive: true, filter: (path) => !skipped(path) });
  }
}
if (missing.length > 0) {
  console.error(`stage-image: not built: ${missing.join(', ')} (run npm run build first)`);
  process.exit(1);
}
console.log(`stage-image: the image's files are in ${target}`);
