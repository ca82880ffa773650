/**
 * The entry points: `openList` / `parseList` stream a list file's entities, `loadList` reads it whole into a
 * LoadedList with its content hash. Each format knows its files; this module adds progress, issue collection and
 * the checks every format shares (no empty list, unique ids).
 */
import { ListParseError, type ParseIssue } from './errors.js';
import { contentHash, compareEntities } from './hash.js';
import { ProgressTracker, type LoadProgress } from './io/files.js';
import type { SanctionedEntity, SourceKind } from './model.js';
import { FORMAT_OPENERS, type ListFormat, type ListMeta } from './formats/registry.js';

export type { ListFormat } from './formats/registry.js';
export type { LoadProgress } from './io/files.js';

/** Every format `openList` understands. */
export const LIST_FORMATS: readonly ListFormat[] = Object.keys(FORMAT_OPENERS) as ListFormat[];

/** Options shared by every entry point. */
export interface ParseOptions {
  /**
   * Which list the file is, when the format alone does not say (OFAC XML: SDN or Consolidated; by default the file
   * name decides: "cons..." is Consolidated). For `ofac-csv` it restricts which set is looked for in the folder.
   */
  source?: SourceKind;
  /** Bytes read so far out of the total, called as reading progresses (for a progress bar). */
  onProgress?: (progress: LoadProgress) => void;
  /** Called for each issue as it is found (they are also collected in `issues`). */
  onIssue?: (issue: ParseIssue) => void;
}

/** An open list: its entities stream once; issues fill in as they are found. */
export interface ListStream extends AsyncIterable<SanctionedEntity> {
  format: ListFormat;
  source: SourceKind;
  /** Total size of the files being read, in bytes. */
  totalBytes: number;
  /** Issues found so far; complete once iteration has ended. */
  issues: ParseIssue[];
  /** Publication date/time as the file states it, once read (not every format has one). */
  meta: ListMeta;
}

/** A whole list version in memory. Entities are sorted by id. */
export interface LoadedList {
  format: ListFormat;
  source: SourceKind;
  entities: SanctionedEntity[];
  issues: ParseIssue[];
  /** sha256 (hex) of the canonical JSON of the entities sorted by id; see `contentHash`. */
  contentHash: string;
  /** Publication date as the file states it, when it does. */
  published?: string;
}

function isListFormat(format: string): format is ListFormat {
  return Object.hasOwn(FORMAT_OPENERS, format);
}

/** Opens a list for streaming. Unknown formats and unreadable paths fail here, before any entity is read. */
export async function openList(format: string, path: string, options: ParseOptions = {}): Promise<ListStream> {
  if (!isListFormat(format)) {
    throw new ListParseError(
      'UNKNOWN_FORMAT',
      `unknown list format "${format}"; expected one of ${LIST_FORMATS.join(', ')}`,
    );
  }
  const opened = await FORMAT_OPENERS[format](path, options.source);
  const issues: ParseIssue[] = [];
  const meta: ListMeta = {};
  const report = (issue: ParseIssue): void => {
    issues.push(issue);
    options.onIssue?.(issue);
  };
  const progress = new ProgressTracker(opened.totalBytes, options.onProgress);
  async function* entities(): AsyncGenerator<SanctionedEntity> {
    const ids = new Set<string>();
    for await (const entity of opened.read(progress, report, meta)) {
      if (ids.has(entity.id)) {
        report({
          severity: 'error',
          code: 'duplicate-id',
          message: `id ${entity.id} appears twice; later copy dropped`,
          entityId: entity.id,
        });
        continue;
      }
      ids.add(entity.id);
      yield entity;
    }
    if (ids.size === 0) throw new ListParseError('EMPTY_LIST', `${path}: no entity found`, { file: path });
  }
  return {
    format,
    source: opened.source,
    totalBytes: opened.totalBytes,
    issues,
    meta,
    [Symbol.asyncIterator]: () => entities(),
  };
}

/** Streams the entities of a list file (or, for `ofac-csv`, folder) one at a time. */
export async function* parseList(
  format: string,
  path: string,
  options: ParseOptions = {},
): AsyncGenerator<SanctionedEntity> {
  yield* await openList(format, path, options);
}

/** Reads a whole list version: entities sorted by id, every issue, and the content hash. */
export async function loadList(format: string, path: string, options: ParseOptions = {}): Promise<LoadedList> {
  const stream = await openList(format, path, options);
  const entities: SanctionedEntity[] = [];
  for await (const entity of stream) entities.push(entity);
  entities.sort(compareEntities);
  const loaded: LoadedList = {
    format: stream.format,
    source: stream.source,
    entities,
    issues: stream.issues,
    contentHash: contentHash(entities),
  };
  if (stream.meta.published !== undefined) loaded.published = stream.meta.published;
  return loaded;
}
