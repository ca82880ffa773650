/**
 * Getting a source's files into a fresh temporary folder, from HTTP(S) or from a local path (air-gapped sites),
 * with each file's size and digest for the manifest. The parser then reads the copy, never a file that may change
 * under it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { QuarantineReason, type SourceFile } from '@cordon/contracts';
import type { ListFormat } from '@cordon/lists';
import type { HttpSettings, SourceConfig } from '../../config.js';
import { AcquireError } from './errors.js';
import { downloadAll, type Validators } from './http.js';

/** The files of one attempt, in a temporary folder that `dispose` removes. */
export interface AcquiredFiles {
  /** What to hand the parser: the folder for OFAC CSV sets, else the one file. */
  parsePath: string;
  files: SourceFile[];
  /** The URLs fetched, or the resolved local path. */
  sourceUri: string;
  /** HTTP validators of this download, to remember once the version is accepted. */
  validators: Validators;
  dispose(): Promise<void>;
}

/** What an attempt found: new files, or the server's word that nothing changed since the last accepted fetch. */
export type Acquisition = { kind: 'files'; files: AcquiredFiles } | { kind: 'not-modified' };

// Formats read from a folder of several files; every other format is one file.
const FOLDER_FORMATS: ReadonlySet<ListFormat> = new Set(['ofac-csv']);

const extensionOf = (format: ListFormat): string => (format.endsWith('-xml') ? '.xml' : '.csv');

async function describeFiles(folder: string): Promise<SourceFile[]> {
  const names = (await readdir(folder)).sort();
  return Promise.all(
    names.map(async (name) => {
      const hash = createHash('sha256');
      await pipeline(createReadStream(join(folder, name)), hash);
      return { name, sizeBytes: BigInt((await stat(join(folder, name))).size), sha256: hash.digest('hex') };
    }),
  );
}

async function parsePathFor(folder: string, format: ListFormat): Promise<string> {
  if (FOLDER_FORMATS.has(format)) return folder;
  const names = await readdir(folder);
  if (names.length !== 1) {
    throw new AcquireError(
      QuarantineReason.FETCH_FAILED,
      `a ${format} source needs exactly one file, found ${names.length}: ${names.join(', ')}`,
      { retriable: false },
    );
  }
  return join(folder, names[0]!);
}

/** The folder or file a path source points at now: for `newest`, the last sub-folder by name (dated names). */
async function resolvePath(path: string, newest: boolean): Promise<string> {
  const target = resolve(path);
  if (!newest) return target;
  // stat, not the directory entry, so that version folders may be symbolic links.
  const names = (await readdir(target)).sort();
  const isFolder = await Promise.all(names.map(async (name) => (await stat(join(target, name))).isDirectory()));
  const folders = names.filter((_, i) => isFolder[i]);
  if (folders.length === 0) throw new Error(`no version folder in ${target}`);
  return join(target, folders[folders.length - 1]!);
}

async function copyLocal(path: string, newest: boolean, format: ListFormat, into: string): Promise<string> {
  let target: string;
  let isFolder: boolean;
  try {
    target = await resolvePath(path, newest);
    isFolder = (await stat(target)).isDirectory();
  } catch (error) {
    throw new AcquireError(QuarantineReason.FETCH_FAILED, `cannot read ${path}: ${(error as Error).message}`, {
      retriable: true,
      cause: error,
    });
  }
  // A folder may hold notes and checksums beside the list: only files of the format's kind are taken.
  const names = isFolder
    ? (await readdir(target, { withFileTypes: true }))
        .filter((e) => e.isFile() && extname(e.name).toLowerCase() === extensionOf(format))
        .map((e) => e.name)
    : [basename(target)];
  const from = isFolder ? target : resolve(target, '..');
  for (const name of names) await pipeline(createReadStream(join(from, name)), createWriteStream(join(into, name)));
  return target;
}

/**
 * Gets the current files of `source` into a new temporary folder under `tempRoot`. `known` holds the HTTP
 * validators of the last accepted download, for conditional requests. Throws AcquireError.
 */
export async function acquire(
  source: SourceConfig,
  http: HttpSettings,
  known: Validators,
  options: { tempRoot?: string; signal?: AbortSignal } = {},
): Promise<Acquisition> {
  const folder = await mkdtemp(join(options.tempRoot ?? tmpdir(), `list-sync-${source.slug}-`));
  const dispose = () => rm(folder, { recursive: true, force: true });
  try {
    let sourceUri: string;
    let validators: Validators = new Map();
    if (source.location.kind === 'http') {
      const result = await downloadAll(source.location.urls, folder, http, known, options.signal);
      if (result.kind === 'not-modified') {
        await dispose();
        return { kind: 'not-modified' };
      }
      validators = result.validators;
      sourceUri = source.location.urls.join(' ');
    } else {
      sourceUri = await copyLocal(source.location.path, source.location.newest, source.format, folder);
    }
    const files = await describeFiles(folder);
    const parsePath = await parsePathFor(folder, source.format);
    return { kind: 'files', files: { parsePath, files, sourceUri, validators, dispose } };
  } catch (error) {
    await dispose();
    if (error instanceof AcquireError) throw error;
    throw new AcquireError(QuarantineReason.FETCH_FAILED, (error as Error).message, { retriable: true, cause: error });
  }
}
