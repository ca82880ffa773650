/**
 * Caller authentication for tests: a local key pair in a temporary folder (as `cordon up` keeps in .cordon/auth),
 * the services' settings that verify against it, tokens signed with it, and a client interceptor that sends one.
 */
import * as grpc from '@grpc/grpc-js';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_AUDIENCE, DEV_ISSUER, mintDevToken, type CallerAuthSettings } from '@cordon/platform';

/** A test identity provider. */
export interface TestAuth {
  /** The folder of the key pair (`cordon token --keys`). */
  dir: string;
  jwksFile: string;
  /** The env variables that point a service at it. */
  env: Record<string, string>;
  /** Settings for services configured by object (screening, list-sync). */
  settings: CallerAuthSettings;
  /** A token for `subject` with `roles`. */
  token(subject: string, roles: readonly string[]): Promise<string>;
  remove(): void;
}

/**
 * A fresh key pair in a temporary folder, in the files `ensureDevKeys` writes (so `mintDevToken` signs with it);
 * made synchronously, so that a test's config can be built anywhere.
 */
export function testAuth(): TestAuth {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-test-auth-'));
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = `cordon-test-${randomUUID()}`;
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(
    join(dir, 'signing-key.private.jwk.json'),
    JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid, alg: 'ES256' }),
    { mode: 0o600 },
  );
  writeFileSync(
    jwksFile,
    JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' }] }),
  );
  return {
    dir,
    jwksFile,
    env: { AUTH_JWKS_FILE: jwksFile },
    settings: {
      jwt: { jwks: { file: jwksFile }, issuer: DEV_ISSUER, audience: DEV_AUDIENCE, rolesClaim: 'roles' },
      insecureNoAuth: false,
    },
    token: (subject, roles) => mintDevToken(dir, subject, roles),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Client options that send `authorization: Bearer <token>` on every call. */
export function bearer(token: string): grpc.ClientOptions {
  const interceptor: grpc.Interceptor = (options, next) =>
    new grpc.InterceptingCall(next(options), {
      start(metadata, listener, start) {
        metadata.set('authorization', `Bearer ${token}`);
        start(metadata, listener);
      },
    });
  return { interceptors: [interceptor] };
}
