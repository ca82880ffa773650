import { createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { failure, type GrpcError } from './rich-status.js';

/** A producer's bearer token, known by its SHA-256 only, and the methods it may call (all when absent). */
export interface ProducerToken {
  /** Who the token belongs to (logged, never the token). */
  producer: string;
  /** Lower-case hex SHA-256 of the token. */
  sha256: string;
  /** Method names ("SubmitWithdrawal", "SubmitWithdrawals") this producer may call; undefined: every method. */
  methods?: ReadonlySet<string>;
}

/** The outcome of authenticating a call. */
export type AuthResult = { ok: true; producer: string } | { ok: false; error: GrpcError };

const BEARER = /^Bearer ([\x21-\x7e]+)$/i;

/**
 * Bearer-token authentication of producers: the `authorization` metadata must carry a token whose SHA-256 is
 * configured (UNAUTHENTICATED otherwise), and the token must be allowed the method (PERMISSION_DENIED
 * otherwise). Only hashes are configured, so the deployment's config holds no usable secret. With no tokens
 * configured, authentication is off (mTLS or the network then decides who may call).
 */
export class BearerAuth {
  private readonly byHash: ReadonlyMap<string, ProducerToken>;

  constructor(tokens: readonly ProducerToken[]) {
    this.byHash = new Map(tokens.map((token) => [token.sha256.toLowerCase(), token]));
  }

  /** True when tokens are configured. */
  get enabled(): boolean {
    return this.byHash.size > 0;
  }

  /** Authenticates a call to `method` from its metadata. */
  check(metadata: grpc.Metadata, method: string): AuthResult {
    if (!this.enabled) return { ok: true, producer: 'anonymous' };
    const values = metadata.get('authorization');
    const match = values.length === 1 ? BEARER.exec(String(values[0])) : null;
    if (!match) {
      return {
        ok: false,
        error: failure(
          grpc.status.UNAUTHENTICATED,
          'a bearer token is required (authorization: Bearer <token>)',
          'TOKEN_MISSING',
        ),
      };
    }
    const token = this.byHash.get(createHash('sha256').update(match[1]!).digest('hex'));
    if (!token) {
      return {
        ok: false,
        error: failure(grpc.status.UNAUTHENTICATED, 'the bearer token is not known', 'TOKEN_UNKNOWN'),
      };
    }
    if (token.methods && !token.methods.has(method)) {
      return {
        ok: false,
        error: failure(
          grpc.status.PERMISSION_DENIED,
          `producer ${token.producer} may not call ${method}`,
          'METHOD_NOT_ALLOWED',
          {
            method,
          },
        ),
      };
    }
    return { ok: true, producer: token.producer };
  }
}
