/**
 * HTTP(S) downloads of list files: conditional requests (ETag / Last-Modified), a time budget per request (redirects
 * included), redirects followed within the URL's origin only, bounded retries with exponential backoff, a size limit,
 * and detection of bodies shorter than announced. The configuration accepts https URLs only (and http to a loopback
 * address, which never leaves the machine).
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { QuarantineReason } from '@cordon/contracts';
import type { HttpSettings } from '../../config.js';
import { retryDelayMillis } from '../../domain/safety.js';
import { AcquireError } from './errors.js';

/** What a server said about a URL's current content, to ask "changed since?" next time. */
export interface Validator {
  etag?: string;
  lastModified?: string;
}

/** Validators by URL. */
export type Validators = ReadonlyMap<string, Validator>;

type Fetched = { kind: 'not-modified' } | { kind: 'file'; validator: Validator };

/** One failed try, and whether another try may help. */
class AttemptFailure extends Error {
  constructor(
    readonly reason: QuarantineReason,
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

// A file name the download may take from a URL: nothing that climbs out of the folder or hides in it.
const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * The file name of each URL in the download folder: its last path segment (the parsers know the files by name,
 * e.g. SDN.CSV), `file-<index>` when there is none. A segment that decodes to anything but a plain name (`..%2F`,
 * a slash, a control character) or two URLs with the same name are refused rather than written.
 */
export function fileNamesOf(urls: readonly string[]): string[] {
  const names = urls.map((url, index) => {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    let name: string;
    try {
      name = last ? decodeURIComponent(last) : `file-${index}`;
    } catch {
      name = last ?? '';
    }
    if (!SAFE_FILE_NAME.test(name) || name.includes('..')) {
      throw new AcquireError(
        QuarantineReason.FETCH_FAILED,
        `${url}: ${JSON.stringify(name)} is not a plain file name`,
        {
          retriable: false,
        },
      );
    }
    return name;
  });
  const seen = new Set<string>();
  for (const [index, name] of names.entries()) {
    const folded = name.toLowerCase();
    if (seen.has(folded)) {
      throw new AcquireError(
        QuarantineReason.FETCH_FAILED,
        `${urls[index]}: another URL of the source is also named ${name}`,
        {
          retriable: false,
        },
      );
    }
    seen.add(folded);
  }
  return names;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * GET `url`, following at most five redirects, each within the origin (scheme, host and port) of `url`: a list
 * server may move a file, not hand the download to another host or from https to http.
 */
async function get(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
  const origin = new URL(url).origin;
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await fetch(current, { headers, signal, redirect: 'manual' });
    if (!REDIRECTS.has(response.status)) return response;
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (location === null) {
      throw new AttemptFailure(QuarantineReason.FETCH_FAILED, `HTTP ${response.status} without a location`, false);
    }
    const next = new URL(location, current);
    if (next.origin !== origin) {
      throw new AttemptFailure(
        QuarantineReason.FETCH_FAILED,
        `redirected to ${next.origin}, outside ${origin}: not followed`,
        false,
      );
    }
    if (hop + 1 >= MAX_REDIRECTS) {
      throw new AttemptFailure(QuarantineReason.FETCH_FAILED, `more than ${MAX_REDIRECTS} redirects`, false);
    }
    current = next.toString();
  }
}

function conditionalHeaders(validator: Validator | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (validator?.etag) headers['if-none-match'] = validator.etag;
  if (validator?.lastModified) headers['if-modified-since'] = validator.lastModified;
  return headers;
}

/** Writes the body to `path`, counting bytes in `progress` as they arrive (a cut body still reports its size). */
async function writeBody(
  response: Response,
  path: string,
  settings: HttpSettings,
  progress: { received: number },
): Promise<void> {
  const out = createWriteStream(path);
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      progress.received += chunk.length;
      if (progress.received > settings.maxBytes) {
        throw new AttemptFailure(
          QuarantineReason.FETCH_FAILED,
          `larger than the ${settings.maxBytes}-byte limit`,
          false,
        );
      }
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}

async function tryOnce(url: string, path: string, settings: HttpSettings, validator?: Validator, outer?: AbortSignal) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.timeoutMillis);
  const stop = () => controller.abort();
  outer?.addEventListener('abort', stop, { once: true });
  let declared: number | undefined;
  const progress = { received: 0 };
  try {
    const response = await get(url, conditionalHeaders(validator), controller.signal);
    if (response.status === 304) return { kind: 'not-modified' } as const;
    if (!response.ok) {
      await response.body?.cancel();
      const retriable = response.status >= 500 || response.status === 408 || response.status === 429;
      throw new AttemptFailure(QuarantineReason.FETCH_FAILED, `HTTP ${response.status}`, retriable);
    }
    // With a content coding the announced length is of the coded body, not of the bytes read here.
    const length = response.headers.get('content-length');
    if (length !== null && !response.headers.get('content-encoding')) declared = Number(length);
    if (declared !== undefined && declared > settings.maxBytes) {
      throw new AttemptFailure(QuarantineReason.FETCH_FAILED, `announces ${declared} bytes, above the limit`, false);
    }
    await writeBody(response, path, settings, progress);
    if (declared !== undefined && progress.received !== declared) {
      throw new AttemptFailure(QuarantineReason.TRUNCATED, `got ${progress.received} of ${declared} bytes`, true);
    }
    const etag = response.headers.get('etag');
    const lastModified = response.headers.get('last-modified');
    return {
      kind: 'file',
      validator: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) },
    } as const;
  } catch (error) {
    if (error instanceof AttemptFailure) throw error;
    if (timedOut) {
      throw new AttemptFailure(
        QuarantineReason.TIMEOUT,
        `no complete answer within ${settings.timeoutMillis} ms`,
        true,
      );
    }
    if (outer?.aborted) throw new AttemptFailure(QuarantineReason.FETCH_FAILED, 'stopped', false);
    // A connection closed mid-body shows up as a network error; the byte count tells a cut download apart.
    if (declared !== undefined && progress.received < declared) {
      throw new AttemptFailure(
        QuarantineReason.TRUNCATED,
        `connection closed after ${progress.received} of ${declared} bytes`,
        true,
      );
    }
    const cause = (error as Error & { cause?: Error }).cause;
    throw new AttemptFailure(
      QuarantineReason.FETCH_FAILED,
      `${(error as Error).message}${cause ? `: ${cause.message}` : ''}`,
      true,
    );
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', stop);
  }
}

/** Downloads one URL to `path`, retrying what may pass on a later try. Throws AcquireError. */
async function download(
  url: string,
  path: string,
  settings: HttpSettings,
  validator: Validator | undefined,
  signal: AbortSignal | undefined,
): Promise<Fetched> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tryOnce(url, path, settings, validator, signal);
    } catch (error) {
      const failure = error as AttemptFailure;
      if (!failure.retriable || attempt >= settings.attempts || signal?.aborted) {
        const tries = attempt === 1 ? '' : ` after ${attempt} attempts`;
        throw new AcquireError(failure.reason, `${url}: ${failure.message}${tries}`, { retriable: failure.retriable });
      }
      await new Promise((r) =>
        setTimeout(r, retryDelayMillis(attempt, settings.backoffBaseMillis, settings.backoffMaxMillis)),
      );
    }
  }
}

/**
 * Downloads every URL of a source into `folder`, each under its last path segment. Answers not-modified only when
 * every URL is unchanged since `known`; when only some are, those are fetched again in full, since the files of
 * one version must come from one moment.
 */
export async function downloadAll(
  urls: readonly string[],
  folder: string,
  settings: HttpSettings,
  known: Validators,
  signal?: AbortSignal,
): Promise<{ kind: 'not-modified' } | { kind: 'files'; validators: Validators }> {
  const names = fileNamesOf(urls);
  const validators = new Map<string, Validator>();
  const unchanged: number[] = [];
  for (const [index, url] of urls.entries()) {
    const result = await download(url, join(folder, names[index]!), settings, known.get(url), signal);
    if (result.kind === 'not-modified') unchanged.push(index);
    else validators.set(url, result.validator);
  }
  if (unchanged.length === urls.length) return { kind: 'not-modified' };
  for (const index of unchanged) {
    const url = urls[index]!;
    const result = await download(url, join(folder, names[index]!), settings, undefined, signal);
    if (result.kind === 'file') validators.set(url, result.validator);
  }
  return { kind: 'files', validators };
}
