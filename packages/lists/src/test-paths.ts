/** Where the shared real list files sit relative to this package, for tests and the benchmark. */
import { fileURLToPath } from 'node:url';

/** Absolute path of a file or folder under the shared datasets (`<repo>/../shared/datasets/<relative>`). */
export function datasetPath(relative: string): string {
  return fileURLToPath(new URL(`../../../../shared/datasets/${relative}`, import.meta.url));
}

/** Absolute path of a hand-made fixture under packages/lists/test-fixtures. */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../test-fixtures/${relative}`, import.meta.url));
}
