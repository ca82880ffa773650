import { createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import {
  CallerAuthenticator,
  ROLES,
  type AuthenticatableCall,
  type CallerAuthSettings,
  type Principal,
} from '@cordon/platform';
import { ERROR_DOMAIN, failure, type GrpcError } from './rich-status.js';

/** A producer's bearer token, known by its SHA-256 only, and the methods it may call (all when absent). */
export interface ProducerToken {
  /** Who the token belongs to (logged and recorded in the events, never the token). */
  producer: string;
  /** Lower-case hex SHA-256 of the token. */
  sha256: string;
  /** Method names ("SubmitWithdrawal", "SubmitWithdrawals") this producer may call; undefined: every method. */
  methods?: ReadonlySet<string>;
}

/** The outcome of authenticating a call: the producer recorded in the events, or the error to answer. */
export type AuthResult = { ok: true; producer: string } | { ok: false; error: GrpcError };

/**
 * Authentication of producers. A call is a producer's when it carries a static bearer token whose SHA-256 is
 * configured (only hashes are configured, so the deployment's config holds no usable secret), or a JWT of the
 * identity provider with the `producer` role (verified as case-management verifies people's), or, without a token,
 * a client certificate verified against the configured CA (mTLS). UNAUTHENTICATED otherwise; PERMISSION_DENIED
 * for a caller without the role or a static token not allowed the method. Ingest does not start without one of
 * these configured unless CORDON_INSECURE_DEV_NO_AUTH is set (then calls without credentials are "anonymous").
 */
export class ProducerAuth {
  private readonly byHash: ReadonlyMap<string, ProducerToken>;
  private readonly authenticator: CallerAuthenticator;

  constructor(tokens: readonly ProducerToken[], settings: CallerAuthSettings) {
    this.byHash = new Map(tokens.map((token) => [token.sha256.toLowerCase(), token]));
    const staticToken = (token: string): Principal | undefined => {
      const known = this.byHash.get(createHash('sha256').update(token).digest('hex'));
      return known ? { subject: known.producer, roles: new Set([ROLES.producer]) } : undefined;
    };
    this.authenticator = new CallerAuthenticator(settings, this.byHash.size > 0 ? staticToken : undefined);
  }

  /** How producers are authenticated, for the start-up log. */
  get mode(): string {
    return this.authenticator.mode;
  }

  /** True when calls without credentials are let through (development only). */
  get insecure(): boolean {
    return this.authenticator.insecure;
  }

  /** Authenticates a call to `method`. */
  async check(call: AuthenticatableCall, method: string): Promise<AuthResult> {
    const authz = await this.authenticator.authorize(call, ROLES.producer, ERROR_DOMAIN, method);
    if (!authz.ok) return authz;
    const producer = authz.caller.subject;
    const token = this.tokenOf(call);
    if (token?.methods && token.producer === producer && !token.methods.has(method)) {
      return {
        ok: false,
        error: failure(
          grpc.status.PERMISSION_DENIED,
          `producer ${producer} may not call ${method}`,
          'METHOD_NOT_ALLOWED',
          {
            method,
          },
        ),
      };
    }
    return { ok: true, producer };
  }

  /** The static token the call carries, if it carries one. */
  private tokenOf(call: AuthenticatableCall): ProducerToken | undefined {
    const values = call.metadata.get('authorization');
    const match = values.length === 1 ? /^Bearer ([\x21-\x7e]+)$/i.exec(String(values[0])) : null;
    return match ? this.byHash.get(createHash('sha256').update(match[1]!).digest('hex')) : undefined;
  }
}
