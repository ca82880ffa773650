// Fails when proto/ changes incompatibly (buf breaking, rules in buf.yaml) against the base it will merge
// into: the merge-base with origin/main when there is one and it is not HEAD itself, else the previous commit.
// Skips, saying so, when that base has no proto/ directory to compare with.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function git(...args) {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const hasProto = (ref) => git('cat-file', '-e', `${ref}:proto`) !== undefined;

function findBase() {
  const head = git('rev-parse', '--verify', '--quiet', 'HEAD');
  const mergeBase = git('rev-parse', '--verify', '--quiet', 'origin/main') && git('merge-base', 'HEAD', 'origin/main');
  // On main itself the merge-base is HEAD: comparing the last commit with itself proves nothing, so use HEAD~1.
  if (mergeBase && mergeBase !== head) {
    if (hasProto(mergeBase)) return { ref: mergeBase, why: 'merge-base with origin/main' };
    return { skip: `the merge-base with origin/main (${mergeBase.slice(0, 12)}) has no proto/` };
  }
  const previous = git('rev-parse', '--verify', '--quiet', 'HEAD~1');
  if (previous && hasProto(previous)) return { ref: previous, why: 'previous commit (HEAD~1)' };
  return { skip: 'HEAD~1 does not exist or has no proto/' };
}

const base = findBase();
if (base.skip !== undefined) {
  console.log(`proto:breaking: skipped: ${base.skip}; nothing to compare with.`);
  process.exit(0);
}
console.log(`proto:breaking: comparing proto/ with ${base.ref.slice(0, 12)}, the ${base.why}`);
const result = spawnSync(
  join(root, 'node_modules/.bin/buf'),
  ['breaking', 'proto', '--against', `.git#ref=${base.ref},subdir=proto`],
  { cwd: root, stdio: 'inherit' },
);
if (result.status !== 0) {
  console.error(
    'proto:breaking: failed (see above): the protos do not compile, or they change incompatibly. Old records ' +
      'must stay readable: add fields and messages instead; reserve removed field numbers and names.',
  );
  process.exit(result.status ?? 1);
}
console.log('proto:breaking: no breaking changes');
