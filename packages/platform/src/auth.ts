/**
 * People and services calling Cordon prove who they are with OIDC-style bearer tokens: JWTs signed by an identity
 * provider and verified against its JWKS (issuer, audience, expiry and signature checked by `jose`). Roles come
 * from one configurable claim (a dotted path, e.g. `realm_access.roles` for Keycloak). For the embedded default a
 * local key pair stands in for the identity provider: {@link ensureDevKeys} writes it, {@link mintDevToken} signs
 * with it, and the services verify against its public JWKS file like any other.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SignJWT,
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';

/** Where the keys that sign callers' tokens are published. */
export type JwksSource = { url: string } | { file: string };

/** How to verify bearer tokens. */
export interface TokenVerifierOptions {
  jwks: JwksSource;
  issuer: string;
  audience: string;
  /** Dotted path of the claim holding the role names (an array of strings, or one space-separated string). */
  rolesClaim?: string;
  /** Accepted clock skew, seconds (default 30). */
  clockToleranceSeconds?: number;
}

/** An authenticated caller. */
export interface Principal {
  /** The token's subject: the user id recorded in the audit log. */
  subject: string;
  /** Role names from the roles claim. */
  roles: ReadonlySet<string>;
  /** The display name when the token carries one (`name` or `preferred_username`). */
  name?: string;
}

/** Why a token was refused; `code` is stable for machines. */
export class AuthenticationError extends Error {
  constructor(
    readonly code: 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_NO_SUBJECT',
    message: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/** Verifies bearer tokens against a JWKS. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
  /** Verifies the value of an `authorization` header ("Bearer <token>"). */
  verifyAuthorization(header: string | undefined): Promise<Principal>;
}

const BEARER = /^Bearer ([\x21-\x7e]+)$/i;
const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/** A verifier for `options`; a file JWKS is read once, a remote one is fetched and cached by jose. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys =
    'url' in options.jwks
      ? createRemoteJWKSet(new URL(options.jwks.url))
      : createLocalJWKSet(JSON.parse(readFileSync(options.jwks.file, 'utf8')) as JSONWebKeySet);
  const rolesPath = (options.rolesClaim ?? 'roles').split('.');
  const verify = async (token: string): Promise<Principal> => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ALGORITHMS,
        clockTolerance: options.clockToleranceSeconds ?? 30,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw new AuthenticationError('TOKEN_EXPIRED', 'the token has expired');
      throw new AuthenticationError('TOKEN_INVALID', `the token is not valid: ${(error as Error).message}`);
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
      throw new AuthenticationError('TOKEN_NO_SUBJECT', 'the token names no subject (sub)');
    }
    const principal: Principal = { subject: payload.sub, roles: new Set(rolesOf(payload, rolesPath)) };
    const name = payload.name ?? payload.preferred_username;
    if (typeof name === 'string') principal.name = name;
    return principal;
  };
  return {
    verify,
    async verifyAuthorization(header) {
      const match = header === undefined ? null : BEARER.exec(header);
      if (!match) {
        throw new AuthenticationError('TOKEN_MISSING', 'a bearer token is required (authorization: Bearer <token>)');
      }
      return verify(match[1]!);
    },
  };
}

function rolesOf(payload: JWTPayload, path: readonly string[]): string[] {
  let value: unknown = payload;
  for (const part of path)
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  return Array.isArray(value) ? value.filter((role): role is string => typeof role === 'string') : [];
}

/** The embedded default's stand-in identity provider. */
export const DEV_ISSUER = 'cordon-local';
export const DEV_AUDIENCE = 'cordon';
const DEV_PRIVATE = 'signing-key.private.jwk.json';
const DEV_PUBLIC = 'jwks.json';

/** The local key pair's files under `dir`, created on first use (the private key readable by its owner only). */
export async function ensureDevKeys(dir: string): Promise<{ jwksFile: string; privateKeyFile: string }> {
  const privateKeyFile = join(dir, DEV_PRIVATE);
  const jwksFile = join(dir, DEV_PUBLIC);
  if (!existsSync(privateKeyFile) || !existsSync(jwksFile)) {
    mkdirSync(dir, { recursive: true });
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `cordon-local-${Date.now().toString(36)}`;
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    writeFileSync(privateKeyFile, JSON.stringify(privateJwk), { mode: 0o600 });
    writeFileSync(jwksFile, JSON.stringify({ keys: [publicJwk] }, null, 2));
  }
  return { jwksFile, privateKeyFile };
}

/** Signs a token with the local key in `dir` for `subject` with `roles` (lifetime default 12 h). */
export async function mintDevToken(
  dir: string,
  subject: string,
  roles: readonly string[],
  options: { lifetimeSeconds?: number; name?: string } = {},
): Promise<string> {
  const { privateKeyFile } = await ensureDevKeys(dir);
  const jwk = JSON.parse(readFileSync(privateKeyFile, 'utf8')) as { kid: string; alg: string };
  const key = await importJWK(jwk, 'ES256');
  return new SignJWT({ roles: [...roles], ...(options.name ? { name: options.name } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(`${options.lifetimeSeconds ?? 12 * 3600}s`)
    .sign(key);
}

/**
 * The embedded default's demo users: one per role, two supervisors so four eyes can be tried. `cordon token` signs
 * their tokens, and case-management's console offers them at sign-in when its dev sign-in is on.
 */
export const DEV_USERS: ReadonlyArray<{ user: string; roles: string[] }> = Object.freeze([
  { user: 'alice', roles: ['analyst'] },
  { user: 'bob', roles: ['supervisor'] },
  { user: 'carol', roles: ['supervisor'] },
  { user: 'dave', roles: ['auditor'] },
  { user: 'erin', roles: ['admin'] },
]);
