import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the CLI runs from its sources, so this is fixed relative to this file). */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
}
