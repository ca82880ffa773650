import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, ensureDevKeys, createTokenVerifier, DEV_AUDIENCE, DEV_ISSUER } from '@cordon/platform';
import { CONTENT_SECURITY_POLICY, stale, startConsole, type ConsoleServer } from './console.js';
import { csrfSafe, requestAuthorization, sessionCookie, sessionToken } from './session.js';

const logger = createLogger('test', { level: 'silent' });
const dirs: string[] = [];
const servers: Server[] = [];

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-console-'));
  dirs.push(dir);
  return dir;
}

const request = (headers: Record<string, string>, method = 'POST') =>
  ({ headers, method, socket: {} }) as unknown as IncomingMessage;

async function serve(console: ConsoleServer): Promise<string> {
  const server = createServer((req, res) => {
    if (!console.handle(req, res)) {
      res.writeHead(404);
      res.end();
    }
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function verifier() {
  const keys = temp();
  const { jwksFile } = await ensureDevKeys(keys);
  return {
    keys,
    verifier: createTokenVerifier({ jwks: { file: jwksFile }, issuer: DEV_ISSUER, audience: DEV_AUDIENCE }),
  };
}

describe('console session', () => {
  it('reads the session cookie and makes it a bearer token only without an Authorization header', () => {
    expect(sessionToken(request({ cookie: 'a=1; cordon_session=abc.def.ghi; b=2' }))).toBe('abc.def.ghi');
    expect(requestAuthorization(request({ cookie: 'cordon_session=t' }))).toEqual({
      authorization: 'Bearer t',
      viaCookie: true,
    });
    expect(requestAuthorization(request({ cookie: 'cordon_session=t', authorization: 'Bearer h' }))).toEqual({
      authorization: 'Bearer h',
      viaCookie: false,
    });
  });

  it('sets an HttpOnly SameSite=Strict cookie, Secure off loopback', () => {
    const local = sessionCookie(request({ host: '127.0.0.1:8084' }), 'tok', 60);
    expect(local).toBe('cordon_session=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=60');
    expect(sessionCookie(request({ host: 'cases.example' }), 'tok', 60)).toContain('; Secure');
  });

  it('lets a cookie write through only with the console header and no foreign origin', () => {
    expect(csrfSafe(request({ host: 'h:1' }))).toBe(false);
    expect(csrfSafe(request({ host: 'h:1', 'x-cordon-console': '1' }))).toBe(true);
    expect(csrfSafe(request({ host: 'h:1', 'x-cordon-console': '1', origin: 'http://h:1' }))).toBe(true);
    expect(csrfSafe(request({ host: 'h:1', 'x-cordon-console': '1', origin: 'http://evil:1' }))).toBe(false);
    expect(csrfSafe(request({ host: 'h:1', 'x-cordon-console': '1', origin: 'null' }))).toBe(false);
  });
});

describe('console assets', () => {
  it('refuses to start in prebuilt mode when there is no build (an image never builds it)', async () => {
    const { verifier: v } = await verifier();
    const dist = join(temp(), 'dist');
    expect(() => startConsole({ mode: 'prebuilt', dist, verifier: v, logger })).toThrow(
      `CASES_CONSOLE=prebuilt, but there is no console build at ${dist} (index.html missing)`,
    );
  });

  it('serves the build with the strict policy, and nothing outside it', async () => {
    const { verifier: v } = await verifier();
    const dist = join(temp(), 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/a.js"></script>');
    writeFileSync(join(dist, 'assets', 'a.js'), 'export {};');
    const console = startConsole({ mode: 'prebuilt', dist, verifier: v, logger });
    await console.ready;
    const base = await serve(console);
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect((await fetch(`${base}/assets/a.js`)).headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${base}/assets/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${base}/console/config`)).status).toBe(200);
    expect(await (await fetch(`${base}/console/config`)).json()).toEqual({ devSignIn: false, devUsers: [] });
  });

  it('signs demo users in only when dev sign-in is on, and only from the console', async () => {
    const { keys, verifier: v } = await verifier();
    const dist = join(temp(), 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), '<!doctype html>');
    const off = await serve(startConsole({ mode: 'prebuilt', dist, verifier: v, logger }));
    const on = await serve(startConsole({ mode: 'prebuilt', dist, verifier: v, logger, devSignInKeys: keys }));
    const post = (base: string, body: unknown, headers: Record<string, string> = { 'x-cordon-console': '1' }) =>
      fetch(`${base}/console/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await post(off, { user: 'alice' })).status).toBe(403);
    expect((await post(on, { user: 'alice' }, {})).status).toBe(403);
    expect((await post(on, { user: 'mallory' })).status).toBe(403);
    expect((await post(on, { token: 'not-a-jwt' })).status).toBe(401);
    const signedIn = await post(on, { user: 'bob' });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toEqual({ userId: 'bob', roles: ['supervisor'], name: 'bob' });
    expect(signedIn.headers.get('set-cookie')).toMatch(
      /^cordon_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    );
  });

  it('calls a build stale when a source is newer than it', () => {
    const source = temp();
    const dist = join(source, 'dist');
    mkdirSync(join(source, 'src'));
    writeFileSync(join(source, 'src', 'main.tsx'), '');
    expect(stale(source, dist)).toBe(true);
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), '');
    utimesSync(join(source, 'src', 'main.tsx'), new Date(1_000_000), new Date(1_000_000));
    expect(stale(source, dist)).toBe(false);
    utimesSync(join(source, 'src', 'main.tsx'), new Date(), new Date(Date.now() + 60_000));
    expect(stale(source, dist)).toBe(true);
  });
});
