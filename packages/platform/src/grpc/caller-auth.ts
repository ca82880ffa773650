/**
 * Who is calling a gRPC service. Every Cordon service authenticates its callers the same way: a bearer JWT
 * verified against the organisation's identity provider (the verifier case-management uses, {@link
 * createTokenVerifier}), or a client certificate that the TLS layer verified against a configured CA (mTLS), or,
 * for ingest, a static producer token known by its hash. A service refuses to start with none of these unless
 * `CORDON_INSECURE_DEV_NO_AUTH=1` says, explicitly, that this is a development set-up without authentication.
 */
import * as grpc from '@grpc/grpc-js';
import { z } from 'zod';
import {
  AuthenticationError,
  createTokenVerifier,
  DEV_AUDIENCE,
  DEV_ISSUER,
  type JwksSource,
  type Principal,
  type TokenVerifier,
} from '../auth.js';
import { boolFromString, csv } from '../config.js';
import { CordonError } from '../errors.js';
import { failure, type GrpcError } from './rich-status.js';

/** The role names services authorise on (the identity provider's role claim carries them). */
export const ROLES = {
  /** Submits withdrawals (ingest) and runs pre-checks (screening). */
  producer: 'producer',
  /** Runs list synchronisation by hand (list-sync TriggerSync) and reads operational status. */
  operator: 'operator',
} as const;

/** The environment variables of caller authentication, the same in every service (spread into its schema). */
export const callerAuthEnv = {
  /** The identity provider's JWKS (OIDC `jwks_uri`); or AUTH_JWKS_FILE, a JWKS on disk (`cordon up`'s local key). */
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_JWKS_FILE: z.string().min(1).optional(),
  AUTH_ISSUER: z.string().min(1).default(DEV_ISSUER),
  AUTH_AUDIENCE: z.string().min(1).default(DEV_AUDIENCE),
  /** Dotted path of the roles claim, e.g. `realm_access.roles` for Keycloak. */
  AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** Roles of a caller authenticated by its client certificate alone (mTLS). */
  AUTH_MTLS_ROLES: csv.default([ROLES.producer]),
  /** Development only: serve without authenticating callers (refused otherwise when nothing is configured). */
  CORDON_INSECURE_DEV_NO_AUTH: boolFromString.default(false),
};

/** The parsed values of {@link callerAuthEnv}. */
export type CallerAuthEnv = z.infer<z.ZodObject<typeof callerAuthEnv>>;

/** How a service authenticates its gRPC callers. */
export interface CallerAuthSettings {
  /** Bearer JWTs, verified like case-management's. */
  jwt?: { jwks: JwksSource; issuer: string; audience: string; rolesClaim: string };
  /** Client certificates verified by TLS against the server's client CA; their subject CN names the caller. */
  mtls?: { roles: readonly string[] };
  /** Development only: every call is let through as {@link ANONYMOUS}. */
  insecureNoAuth: boolean;
}

/** The caller when authentication is explicitly off (development only). */
export const ANONYMOUS: Principal = Object.freeze({
  subject: 'anonymous',
  roles: new Set<string>(Object.values(ROLES)),
});

/**
 * The caller-authentication settings from a service's parsed env. `mtls` says whether the gRPC server requires
 * client certificates (a client CA is configured); `otherCredentials` whether the service has credentials of its
 * own (ingest's static tokens). Throws when no way of authenticating is configured and the development flag is not
 * set: a service never serves unauthenticated by accident.
 */
export function callerAuthSettings(
  env: CallerAuthEnv,
  options: { service: string; mtls: boolean; otherCredentials?: boolean },
): CallerAuthSettings {
  const jwks: JwksSource | undefined = env.AUTH_JWKS_URL
    ? { url: env.AUTH_JWKS_URL }
    : env.AUTH_JWKS_FILE
      ? { file: env.AUTH_JWKS_FILE }
      : undefined;
  const settings: CallerAuthSettings = { insecureNoAuth: env.CORDON_INSECURE_DEV_NO_AUTH };
  if (jwks) {
    settings.jwt = { jwks, issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE, rolesClaim: env.AUTH_ROLES_CLAIM };
  }
  if (options.mtls) settings.mtls = { roles: env.AUTH_MTLS_ROLES };
  if (!jwks && !options.mtls && !options.otherCredentials && !env.CORDON_INSECURE_DEV_NO_AUTH) {
    throw new CordonError(
      'CONFIG_INVALID',
      `${options.service} authenticates its gRPC callers: set AUTH_JWKS_URL (the identity provider) or ` +
        'AUTH_JWKS_FILE, or a TLS client CA (mTLS); CORDON_INSECURE_DEV_NO_AUTH=1 serves without authentication, ' +
        'for development only',
      { retriable: false },
    );
  }
  return settings;
}

/** What {@link CallerAuthenticator.authenticate} reads of a call (every grpc-js server call has it). */
export interface AuthenticatableCall {
  metadata: grpc.Metadata;
  getAuthContext?(): { sslPeerCertificate?: { subject?: { CN?: string | string[] } } };
}

/** A credential a service checks itself (ingest's static producer tokens); undefined when not one of its own. */
export type ExtraCredential = (token: string) => Principal | undefined;

const BEARER = /^Bearer ([\x21-\x7e]+)$/i;

/** Authenticates gRPC calls according to {@link CallerAuthSettings}. */
export class CallerAuthenticator {
  private readonly verifier: TokenVerifier | undefined;

  constructor(
    private readonly settings: CallerAuthSettings,
    private readonly extra?: ExtraCredential,
  ) {
    this.verifier = settings.jwt ? createTokenVerifier(settings.jwt) : undefined;
  }

  /** How callers are authenticated, for the start-up log. */
  get mode(): string {
    const modes = [
      ...(this.extra ? ['static-tokens'] : []),
      ...(this.settings.jwt ? ['jwt'] : []),
      ...(this.settings.mtls ? ['mtls'] : []),
    ];
    return this.settings.insecureNoAuth
      ? `insecure-dev-no-auth${modes.length ? `+${modes.join('+')}` : ''}`
      : modes.join('+');
  }

  /** True when calls without credentials are let through (the development flag). */
  get insecure(): boolean {
    return this.settings.insecureNoAuth;
  }

  /**
   * The caller of `call`. A bearer token, when sent, must be valid (a static token of the service's or a JWT);
   * without one, a verified client certificate names the caller. Throws {@link AuthenticationError}.
   */
  async authenticate(call: AuthenticatableCall): Promise<Principal> {
    const values = call.metadata.get('authorization');
    if (values.length > 1) throw new AuthenticationError('TOKEN_INVALID', 'send one authorization header');
    if (values.length === 1) {
      const header = String(values[0]);
      const match = BEARER.exec(header);
      const token = match?.[1];
      const known = token !== undefined ? this.extra?.(token) : undefined;
      if (known) return known;
      if (this.verifier) return this.verifier.verifyAuthorization(header);
      if (!this.settings.insecureNoAuth) {
        throw new AuthenticationError('TOKEN_INVALID', 'the bearer token is not known');
      }
    }
    const certificate = this.settings.mtls ? call.getAuthContext?.().sslPeerCertificate : undefined;
    const commonName = certificate?.subject?.CN;
    if (this.settings.mtls && typeof commonName === 'string' && commonName !== '') {
      return { subject: commonName, roles: new Set(this.settings.mtls.roles) };
    }
    if (this.settings.insecureNoAuth) return ANONYMOUS;
    throw new AuthenticationError('TOKEN_MISSING', 'a bearer token is required (authorization: Bearer <token>)');
  }

  /**
   * The caller of `call` if it holds `role`, else the gRPC error to answer (UNAUTHENTICATED or PERMISSION_DENIED,
   * with an ErrorInfo in `domain`). Never throws.
   */
  async authorize(
    call: AuthenticatableCall,
    role: string,
    domain: string,
    method: string,
  ): Promise<{ ok: true; caller: Principal } | { ok: false; error: GrpcError }> {
    let caller: Principal;
    try {
      caller = await this.authenticate(call);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        return { ok: false, error: failure(domain, grpc.status.UNAUTHENTICATED, error.message, error.code) };
      }
      throw error;
    }
    if (!caller.roles.has(role)) {
      return {
        ok: false,
        error: failure(
          domain,
          grpc.status.PERMISSION_DENIED,
          `${caller.subject} may not call ${method} (it needs the ${role} role)`,
          'ROLE_REQUIRED',
          { method, role },
        ),
      };
    }
    return { ok: true, caller };
  }
}
