/**
 * The analyst console on the API's HTTP port: the single-page app built from packages/console (Vite), served
 * with a strict Content-Security-Policy (scripts and styles from this origin only, no inline code), and the
 * session routes that put the caller's bearer token into an HttpOnly SameSite=Strict cookie (see session.ts).
 *
 * Serving it from case-management keeps the page and the API on one origin: no CORS, the cookie never leaves
 * the API's host, and the console shares the API's authentication, roles and deployment. In mode 'auto' the
 * build runs at start when the build is missing or older than the console's sources; until it is done (or when
 * it failed) the console's paths answer 503 with the reason, and the API serves as usual meanwhile.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthenticationError, DEV_USERS, mintDevToken, type Logger, type TokenVerifier } from '@cordon/platform';
import { clearedSessionCookie, csrfSafe, sessionCookie } from './session.js';

/** The policy of every console page: nothing but this origin's own scripts, styles and API. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The repository's console package, beside this service. */
export const CONSOLE_SOURCE = fileURLToPath(new URL('../../../../../packages/console/', import.meta.url));

export interface ConsoleOptions {
  mode: 'auto' | 'prebuilt' | 'off';
  /** The built assets (default: the console package's dist). */
  dist?: string;
  /** The local key directory that signs the demo users' tokens; unset: no dev sign-in. */
  devSignInKeys?: string;
  verifier: TokenVerifier;
  logger: Logger;
}

/** The console's routes and its build. */
export interface ConsoleServer {
  /** Serves `request` when it is the console's; false for paths it does not own. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Resolves when the console can be served (or failed to build: see `state`). */
  ready: Promise<void>;
  state(): { status: 'off' | 'building' | 'ready' | 'failed'; message?: string };
  close(): void;
}

const SESSION_SECONDS = 8 * 3600;

export function startConsole(options: ConsoleOptions): ConsoleServer {
  const source = CONSOLE_SOURCE;
  const dist = resolve(options.dist ?? join(source, 'dist'));
  // An image builds the console ahead and has no Vite to build it with: a missing build is a broken image, so the
  // service refuses to start rather than serve 503s for good.
  if (options.mode === 'prebuilt' && !existsSync(join(dist, 'index.html'))) {
    throw new Error(
      `CASES_CONSOLE=prebuilt, but there is no console build at ${dist} (index.html missing): build it with ` +
        "`npm run build` (the image's build stage does), point CASES_CONSOLE_DIST at it, or set CASES_CONSOLE=off",
    );
  }
  let status: 'off' | 'building' | 'ready' | 'failed' = options.mode === 'off' ? 'off' : 'building';
  let message: string | undefined;
  let child: ReturnType<typeof spawn> | undefined;
  let closed = false;

  const ready = (async () => {
    if (options.mode === 'off') return;
    try {
      if (options.mode === 'auto' && stale(source, dist)) {
        options.logger.info({ dist }, 'building the console (missing or older than its sources)');
        await build(source, dist, (c) => (child = c));
        options.logger.info({ dist }, 'console built');
      }
      if (!existsSync(join(dist, 'index.html'))) throw new Error(`no console build at ${dist} (index.html missing)`);
      status = 'ready';
    } catch (error) {
      status = 'failed';
      message = (error as Error).message;
      if (closed) return;
      options.logger.error({ err: error }, 'the console could not be built: its pages answer 503');
    }
  })();

  const unavailable = (response: ServerResponse) => {
    const text =
      status === 'building'
        ? 'The Cordon console is being built; reload in a few seconds. The API under /api/v1 is available.'
        : `The Cordon console is unavailable: its build failed. The API under /api/v1 is available.\n\n${message ?? ''}\n\nFix the console (packages/console) and restart case-management, or run \`npm run build -w @cordon/console\`.`;
    response.writeHead(503, {
      ...PAGE_HEADERS,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'retry-after': status === 'building' ? '5' : '60',
    });
    response.end(text);
  };

  const sessionRoute = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    if (!csrfSafe(request)) {
      return json(response, 403, {
        error: {
          status: 'PERMISSION_DENIED',
          reason: 'CSRF_HEADER_REQUIRED',
          message: 'session calls must come from the console (same origin, x-cordon-console: 1)',
        },
      });
    }
    if (path === '/console/session/end') {
      return json(response, 200, { signedOut: true }, { 'set-cookie': clearedSessionCookie(request) });
    }
    const body = await readBody(request);
    let token: string;
    if (typeof body.user === 'string') {
      const user = DEV_USERS.find((u) => u.user === body.user);
      if (!options.devSignInKeys || !user) {
        return json(response, 403, {
          error: {
            status: 'PERMISSION_DENIED',
            reason: 'DEV_SIGNIN_OFF',
            message: options.devSignInKeys
              ? `${String(body.user)} is not a demo user`
              : 'demo sign-in is off: sign in with a token from your identity provider',
          },
        });
      }
      token = await mintDevToken(options.devSignInKeys, user.user, user.roles, { lifetimeSeconds: SESSION_SECONDS });
    } else if (typeof body.token === 'string') {
      token = body.token.trim().replace(/^Bearer\s+/i, '');
    } else {
      return json(response, 400, {
        error: { status: 'INVALID_ARGUMENT', reason: 'REQUIRED', message: 'send { "token": "<JWT>" }', field: 'token' },
      });
    }
    try {
      const principal = await options.verifier.verify(token);
      const expires = expiry(token);
      const maxAge = Math.min(expires === undefined ? SESSION_SECONDS : expires - Date.now() / 1000, 24 * 3600);
      return json(
        response,
        200,
        { userId: principal.subject, roles: [...principal.roles].sort(), name: principal.name ?? principal.subject },
        { 'set-cookie': sessionCookie(request, token, maxAge) },
      );
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      return json(response, 401, { error: { status: 'UNAUTHENTICATED', reason: error.code, message: error.message } });
    }
  };

  const handle = (request: IncomingMessage, response: ServerResponse): boolean => {
    if (status === 'off') return false;
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/console/config' && request.method === 'GET') {
      json(response, 200, {
        devSignIn: Boolean(options.devSignInKeys),
        devUsers: options.devSignInKeys ? DEV_USERS : [],
      });
      return true;
    }
    if ((path === '/console/session' || path === '/console/session/end') && request.method === 'POST') {
      sessionRoute(request, response, path).catch((error: unknown) => {
        options.logger.error({ err: error }, 'console session call failed');
        json(response, 503, { error: { status: 'UNAVAILABLE', reason: 'INTERNAL', message: 'sign-in failed; retry' } });
      });
      return true;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const file = path === '/' ? 'index.html' : path.startsWith('/assets/') ? path.slice(1) : undefined;
    if (!file) return false;
    if (status !== 'ready') {
      unavailable(response);
      return true;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(file);
    } catch {
      return false;
    }
    const full = normalize(join(dist, decoded));
    if (!full.startsWith(dist + sep) || !existsSync(full) || !statSync(full).isFile()) return false;
    const body = readFileSync(full);
    response.writeHead(200, {
      ...PAGE_HEADERS,
      'content-type': TYPES[extname(full)] ?? 'application/octet-stream',
      'content-length': body.length,
      // Hashed asset names change with their content; the page itself is always fetched again.
      'cache-control': file === 'index.html' ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
    return true;
  };

  return {
    handle,
    ready,
    state: () => ({ status, ...(message ? { message } : {}) }),
    close() {
      closed = true;
      child?.kill('SIGTERM');
    },
  };
}

/** True when `dist` is missing or older than any of the console's sources. */
export function stale(source: string, dist: string): boolean {
  const built = join(dist, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return newest(source, ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json']) > builtAt;
}

function newest(root: string, entries: string[]): number {
  let latest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else latest = Math.max(latest, stat.mtimeMs);
  };
  for (const entry of entries) visit(join(root, entry));
  return latest;
}

/** Runs Vite's build into a fresh folder, then swaps it in for `dist`. */
async function build(source: string, dist: string, started: (child: ReturnType<typeof spawn>) => void): Promise<void> {
  const require = createRequire(join(source, 'package.json'));
  const vitePackage = require.resolve('vite/package.json');
  const bin = (JSON.parse(readFileSync(vitePackage, 'utf8')) as { bin: { vite: string } }).bin.vite;
  // Beside dist (a rename across file systems would fail), under a name .gitignore knows.
  const out = join(dirname(dist), `.console-build-${process.pid}-${Date.now().toString(36)}`);
  const child = spawn(
    process.execPath,
    [join(vitePackage, '..', bin), 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: source,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  started(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const code = await new Promise<number | null>((done, fail) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.once('error', fail);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      done(exitCode);
    });
  });
  if (code !== 0) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`vite build exited with ${code}:\n${output.trim()}`);
  }
  rmSync(dist, { recursive: true, force: true });
  renameSync(out, dist);
}

function expiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json(;|$)/i.test(request.headers['content-type'] ?? '')) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) return {};
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
