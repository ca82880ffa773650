/**
 * The console's session: the caller's bearer token (the same JWT the API verifies, from the same identity
 * provider) kept in an HttpOnly, SameSite=Strict cookie, so no script on the page can read it and no other site
 * can make the browser send it. Writes authenticated by the cookie must also carry {@link CSRF_HEADER}: a
 * cross-site page cannot set a custom header without a CORS preflight, which this server never grants.
 */
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'cordon_session';
/** The header (value "1") that cookie-authenticated writes must carry. */
export const CSRF_HEADER = 'x-cordon-console';

/** The session token the request's cookie carries, if any. */
export function sessionToken(request: IncomingMessage): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[\x21-\x7e]+$/.test(value) && !value.includes(';') ? value : undefined;
    }
  }
  return undefined;
}

/** True when the request came over TLS (directly or as a proxy in front says), or from a non-loopback host. */
function secureContext(request: IncomingMessage): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  if (typeof forwarded === 'string' && forwarded.split(',')[0]!.trim() === 'https') return true;
  if ((request.socket as { encrypted?: boolean }).encrypted) return true;
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  return !['localhost', '127.0.0.1', '[::1]'].includes(host);
}

/** The Set-Cookie value that starts a session with `token` for `maxAgeSeconds`. */
export function sessionCookie(request: IncomingMessage, token: string, maxAgeSeconds: number): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`];
  // Browsers treat http://localhost as secure, but plain-HTTP loopback set-ups elsewhere would drop a Secure cookie.
  if (secureContext(request)) attributes.push('Secure');
  return `${SESSION_COOKIE}=${token}; ${attributes.join('; ')}`;
}

/** The Set-Cookie value that ends the session. */
export function clearedSessionCookie(request: IncomingMessage): string {
  return sessionCookie(request, '', 0);
}

/** The authorization a request carries: its Authorization header, else its session cookie as a bearer token. */
export function requestAuthorization(request: IncomingMessage): { authorization?: string; viaCookie: boolean } {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.length > 0) return { authorization: header, viaCookie: false };
  const token = sessionToken(request);
  return token ? { authorization: `Bearer ${token}`, viaCookie: true } : { viaCookie: false };
}

/** True when a cookie-authenticated write may go ahead: the custom header, and no foreign Origin. */
export function csrfSafe(request: IncomingMessage): boolean {
  if (request.headers[CSRF_HEADER] !== '1') return false;
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
