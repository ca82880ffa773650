import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QuarantineReason } from '@cordon/contracts';
import type { HttpSettings } from '../../config.js';
import { AcquireError } from './errors.js';
import { downloadAll } from './http.js';

const settings: HttpSettings = {
  timeoutMillis: 2_000,
  attempts: 3,
  backoffBaseMillis: 1,
  backoffMaxMillis: 5,
  maxBytes: 1_000,
};

let handler: (request: IncomingMessage, response: ServerResponse) => void;
const requests: string[] = [];
let server: Server;
let base: string;
let folder: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(`${request.url} ${request.headers['if-none-match'] ?? ''}`.trim());
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(async () => {
  requests.length = 0;
  folder = await mkdtemp(join(tmpdir(), 'list-sync-http-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

async function failure(urls: string[]): Promise<AcquireError> {
  try {
    await downloadAll(urls, folder, settings, new Map());
  } catch (error) {
    if (error instanceof AcquireError) return error;
    throw error;
  }
  throw new Error('download did not fail');
}

describe('downloadAll', () => {
  it('saves each URL under its last path segment and keeps the validators', async () => {
    handler = (request, response) =>
      response.writeHead(200, { etag: `"${request.url}"` }).end(`body of ${request.url}`);
    const result = await downloadAll([`${base}/lists/SDN.CSV`, `${base}/lists/ADD.CSV`], folder, settings, new Map());
    expect((await readdir(folder)).sort()).toEqual(['ADD.CSV', 'SDN.CSV']);
    expect(await readFile(join(folder, 'SDN.CSV'), 'utf8')).toBe('body of /lists/SDN.CSV');
    expect(result).toEqual({
      kind: 'files',
      validators: new Map([
        [`${base}/lists/SDN.CSV`, { etag: '"/lists/SDN.CSV"' }],
        [`${base}/lists/ADD.CSV`, { etag: '"/lists/ADD.CSV"' }],
      ]),
    });
  });

  it('fetches again in full a file of a set that answered 304 while another changed', async () => {
    handler = (request, response) => {
      if (request.headers['if-none-match'] === '"a1"') response.writeHead(304).end();
      else response.writeHead(200, { etag: request.url === '/a' ? '"a1"' : '"b2"' }).end(request.url);
    };
    const known = new Map([
      [`${base}/a`, { etag: '"a1"' }],
      [`${base}/b`, { etag: '"b1"' }],
    ]);
    const result = await downloadAll([`${base}/a`, `${base}/b`], folder, settings, known);
    expect(result.kind).toBe('files');
    expect(requests).toEqual(['/a "a1"', '/b "b1"', '/a']);
    expect(await readFile(join(folder, 'a'), 'utf8')).toBe('/a');
  });

  it('answers not-modified only when every file is unchanged', async () => {
    handler = (_, response) => response.writeHead(304).end();
    const known = new Map([[`${base}/a`, { etag: '"a1"' }]]);
    expect(await downloadAll([`${base}/a`], folder, settings, known)).toEqual({ kind: 'not-modified' });
  });

  it('does not retry a client error', async () => {
    handler = (_, response) => response.writeHead(404).end();
    const error = await failure([`${base}/gone`]);
    expect(error.reason).toBe(QuarantineReason.FETCH_FAILED);
    expect(error.message).toContain('HTTP 404');
    expect(requests).toHaveLength(1);
  });

  it('retries a server error a bounded number of times', async () => {
    handler = (_, response) => response.writeHead(503).end();
    const error = await failure([`${base}/busy`]);
    expect(error.message).toContain('HTTP 503 after 3 attempts');
    expect(requests).toHaveLength(3);
  });

  it('refuses a body above the size limit, announced or streamed, without retrying', async () => {
    handler = (_, response) => response.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5_000));
    expect((await failure([`${base}/announced`])).message).toContain('announces 5000 bytes');
    handler = (_, response) => {
      response.writeHead(200);
      response.write('x'.repeat(800));
      response.end('x'.repeat(800));
    };
    expect((await failure([`${base}/streamed`])).message).toContain('larger than the 1000-byte limit');
    expect(requests).toHaveLength(2);
  });

  it('follows a redirect within the origin', async () => {
    handler = (request, response) => {
      if (request.url === '/old/SDN.CSV') response.writeHead(302, { location: '/new/SDN.CSV' }).end();
      else response.writeHead(200).end(`body of ${request.url}`);
    };
    await downloadAll([`${base}/old/SDN.CSV`], folder, settings, new Map());
    expect(await readFile(join(folder, 'SDN.CSV'), 'utf8')).toBe('body of /new/SDN.CSV');
    expect(requests).toEqual(['/old/SDN.CSV', '/new/SDN.CSV']);
  });

  it('refuses a redirect to another origin (host, port or scheme), and endless redirects', async () => {
    const elsewhere = base.replace('127.0.0.1', 'localhost');
    handler = (request, response) => {
      if (request.url === '/host') response.writeHead(301, { location: `${elsewhere}/SDN.CSV` }).end();
      else if (request.url === '/scheme')
        response.writeHead(307, { location: `${base.replace('http:', 'https:')}/x` }).end();
      else if (request.url?.startsWith('/loop'))
        response.writeHead(302, { location: `/loop${request.url.length}` }).end();
      else response.writeHead(200).end('listed');
    };
    const host = await failure([`${base}/host`]);
    expect(host.reason).toBe(QuarantineReason.FETCH_FAILED);
    expect(host.message).toContain(`redirected to ${new URL(elsewhere).origin}`);
    expect((await failure([`${base}/scheme`])).message).toMatch(/redirected to https:/);
    expect((await failure([`${base}/loop`])).message).toMatch(/more than 5 redirects/);
    // Not retried: another try would be redirected again.
    expect(requests.filter((r) => r === '/host')).toHaveLength(1);
    expect(await readdir(folder)).toEqual([]);
  });

  it('refuses file names that climb out of the folder, and two URLs with one name', async () => {
    handler = (_request, response) => response.writeHead(200).end('x');
    expect((await failure([`${base}/lists/..%2F..%2Fescape`])).message).toMatch(/not a plain file name/);
    expect((await failure([`${base}/a/sdn%00.csv`])).message).toMatch(/not a plain file name/);
    expect((await failure([`${base}/a/SDN.CSV`, `${base}/b/sdn.csv`])).message).toMatch(/also named sdn\.csv/);
    expect(requests).toEqual([]);
  });
});
