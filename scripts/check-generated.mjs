// Fails when packages/contracts/src/gen does not match what proto/ generates: regenerates into a temporary
// directory with the same buf.gen.yaml, formats it as `npm run proto:gen` does, and compares file by file; and
// rebuilds the descriptor set (served by gRPC reflection) as `npm run proto:gen` does, compared byte for byte.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const root = fileURLToPath(new URL('..', import.meta.url));
const GEN = 'packages/contracts/src/gen';
/** The FileDescriptorSet of proto/ and its imports, exactly as compiled: what every gRPC server reflects. */
const DESCRIPTOR_SET = 'descriptor-set.binpb';

function listFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function buf(args) {
  const result = spawnSync(join(root, 'node_modules/.bin/buf'), args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(`proto:check: buf ${args[0]} failed\n${result.stderr || result.error}`);
    process.exit(2);
  }
}

function generate(outDir) {
  // --output is prepended to the template's out path, so files land in <outDir>/packages/contracts/src/gen.
  buf(['generate', '--output', outDir]);
  buf(['build', '--as-file-descriptor-set', '-o', join(outDir, GEN, DESCRIPTOR_SET)]);
}

// Formats with the options prettier resolves for the committed location, which is what proto:gen used.
async function formatted(generatedPath, committedPath) {
  const options = (await prettier.resolveConfig(committedPath)) ?? {};
  return prettier.format(readFileSync(generatedPath, 'utf8'), { ...options, filepath: committedPath });
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'cordon-proto-check-'));
  try {
    generate(tmp);
    const fresh = join(tmp, GEN);
    const committed = join(root, GEN);
    const freshFiles = new Set(listFiles(fresh).map((p) => relative(fresh, p)));
    const committedFiles = new Set(listFiles(committed).map((p) => relative(committed, p)));
    const problems = [];
    for (const file of freshFiles) {
      if (!committedFiles.has(file)) {
        problems.push(`missing: ${GEN}/${file}`);
      } else if (file === DESCRIPTOR_SET) {
        if (!readFileSync(join(fresh, file)).equals(readFileSync(join(committed, file))))
          problems.push(`differs: ${GEN}/${file}`);
      } else if (
        (await formatted(join(fresh, file), join(committed, file))) !== readFileSync(join(committed, file), 'utf8')
      ) {
        problems.push(`differs: ${GEN}/${file}`);
      }
    }
    for (const file of committedFiles)
      if (!freshFiles.has(file)) problems.push(`stale (no proto generates it): ${GEN}/${file}`);
    if (problems.length > 0) {
      console.error(
        `proto:check: the generated code does not match proto/:\n  ${problems.join('\n  ')}\n` +
          'Run `npm run proto:gen` and commit the result.',
      );
      process.exit(1);
    }
    console.log(`proto:check: ${GEN} matches proto/ (${freshFiles.size} files)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
