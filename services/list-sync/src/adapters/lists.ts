/** The lists package as list-sync's parser port. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadList, type LoadedList, type SourceKind } from '@cordon/lists';
import type { SourceConfig } from '../config.js';

/** Parses the files at `path` as the source's format; throws ListParseError when the list is unusable. */
export function parseSource(source: SourceConfig, path: string): Promise<LoadedList> {
  return loadList(source.format, path, { source: source.slug as SourceKind });
}

/**
 * The lists package's version, recorded in every manifest. The package exports no version constant, so it is read
 * from its package.json (its entry point sits in its src/ folder).
 */
export function listsParserVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@cordon/lists');
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
