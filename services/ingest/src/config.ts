import { z } from 'zod';
import {
  boolFromString,
  callerAuthEnv,
  callerAuthSettings,
  csv,
  intFromString,
  kafkaEnv,
  loadConfig,
  postgresEnv,
  postgresTlsFromEnv,
  type CallerAuthSettings,
} from '@cordon/platform';
import type { ProducerToken } from './adapters/grpc/auth.js';

/** The service name: folder, Kafka client and group id, logger `service`, metrics prefix. */
export const SERVICE = 'ingest';

const METHODS = ['SubmitWithdrawal', 'SubmitWithdrawals'];

// "producer:sha256hex" or "producer:sha256hex:Method|Method".
const token = z.string().transform((entry, ctx): ProducerToken => {
  const [producer, sha256, methods, ...rest] = entry.split(':');
  const validMethods = methods === undefined || methods.split('|').every((m) => METHODS.includes(m));
  if (!producer || !sha256 || !/^[0-9a-fA-F]{64}$/.test(sha256) || rest.length > 0 || !validMethods) {
    ctx.addIssue({
      code: 'custom',
      message: `token entries are producer:sha256hex[:${METHODS.join('|')}] (the SHA-256 of the token, not the token)`,
    });
    return z.NEVER;
  }
  const result: ProducerToken = { producer, sha256: sha256.toLowerCase() };
  if (methods !== undefined) result.methods = new Set(methods.split('|'));
  return result;
});

const schema = z
  .object({
    ...kafkaEnv,
    ...callerAuthEnv,
    DATABASE_URL: z.string().min(1),
    ...postgresEnv,
    INGEST_DB_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/)
      .default('ingest'),
    INGEST_GRPC_HOST: z.string().default('0.0.0.0'),
    INGEST_GRPC_PORT: intFromString(0, 65_535).default(50051),
    INGEST_OPS_PORT: intFromString(0, 65_535).default(9101),
    INGEST_TLS_CERT_FILE: z.string().optional(),
    INGEST_TLS_KEY_FILE: z.string().optional(),
    /** When set, producers must present a client certificate signed by this CA (mTLS). */
    INGEST_TLS_CLIENT_CA_FILE: z.string().optional(),
    INGEST_AUTH_TOKENS: csv.pipe(z.array(token)).default([]),
    INGEST_MAX_MESSAGE_BYTES: intFromString(1_024, 16 * 1024 * 1024).default(64 * 1024),
    INGEST_MAX_IN_FLIGHT: intFromString(2, 1_000_000).default(4_000),
    INGEST_SEND_TIMEOUT_MS: intFromString(100, 120_000).default(5_000),
    /** The producer's delivery timeout: the longest one write may take in all, its retries included. */
    INGEST_DELIVERY_TIMEOUT_MS: intFromString(1_000, 600_000).default(20_000),
    INGEST_MAX_BATCH_RECORDS: intFromString(1, 100_000).default(1_000),
    INGEST_LEASE_MS: intFromString(1_000, 3_600_000).default(120_000),
    INGEST_RECOVERY_LOOKBACK_MS: intFromString(0, 3_600_000).default(60_000),
    INGEST_RECOVERY_TIMEOUT_MS: intFromString(1_000, 600_000).default(30_000),
    INGEST_MAX_FUTURE_SKEW_MS: intFromString(0, 86_400_000).default(300_000),
    INGEST_STREAM_MAX_ITEMS: intFromString(1, 10_000_000).default(100_000),
    INGEST_STREAM_CHUNK: intFromString(1, 10_000).default(250),
    INGEST_INTAKE_ENABLED: boolFromString.default(true),
    /** Consumer group of the intake consumer; by default the topic prefix and the service name ("cordon.ingest"). */
    INGEST_GROUP_ID: z.string().min(1).optional(),
    INGEST_INTAKE_CONCURRENCY: intFromString(1, 64).default(3),
    INGEST_TOPIC_PARTITIONS: intFromString(1, 10_000).default(3),
    INGEST_DRAIN_MS: intFromString(0, 300_000).default(20_000),
    /** Published submissions (the whole event, personal data included) are deleted after this many days. */
    INGEST_RETENTION_DAYS: intFromString(1, 3_660).default(90),
    /** Dead letters (the original bytes of rejected records) are deleted from their topic after this many days. */
    INGEST_DEAD_LETTER_RETENTION_DAYS: intFromString(1, 3_660).default(30),
    INGEST_PURGE_INTERVAL_MS: intFromString(1_000, 86_400_000).default(3_600_000),
  })
  // Fail closed: producers are authenticated by static tokens, the identity provider's JWTs or client
  // certificates; serving without any is for development only, and must be asked for.
  .refine(
    (env) =>
      env.INGEST_AUTH_TOKENS.length > 0 ||
      env.AUTH_JWKS_URL ||
      env.AUTH_JWKS_FILE ||
      env.INGEST_TLS_CLIENT_CA_FILE ||
      env.CORDON_INSECURE_DEV_NO_AUTH,
    {
      message:
        'ingest authenticates its producers: set INGEST_AUTH_TOKENS, AUTH_JWKS_URL or AUTH_JWKS_FILE, or ' +
        'INGEST_TLS_CLIENT_CA_FILE (mTLS); CORDON_INSECURE_DEV_NO_AUTH=1 serves without authentication, for ' +
        'development only',
      path: ['INGEST_AUTH_TOKENS'],
    },
  )
  .refine((env) => !env.INGEST_TLS_CERT_FILE === !env.INGEST_TLS_KEY_FILE, {
    message: 'INGEST_TLS_CERT_FILE and INGEST_TLS_KEY_FILE go together',
  })
  .refine((env) => !env.INGEST_TLS_CLIENT_CA_FILE || env.INGEST_TLS_CERT_FILE, {
    message: 'INGEST_TLS_CLIENT_CA_FILE (mTLS) needs INGEST_TLS_CERT_FILE and INGEST_TLS_KEY_FILE',
  })
  // A reservation must outlive the write it covers, or another instance could take it over and write the
  // event again while the first write is still on its way: twice the whole write bound, not just the answer's.
  .refine((env) => env.INGEST_LEASE_MS >= 2 * writeBoundMillis(env), {
    message:
      'INGEST_LEASE_MS must be at least twice the write bound (2 x INGEST_SEND_TIMEOUT_MS + INGEST_DELIVERY_TIMEOUT_MS)',
  })
  .refine((env) => !env.KAFKA_SASL_MECHANISM || (env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD), {
    message: 'KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
  });

/**
 * The longest a write can take from its submission until it has certainly landed or died: at most
 * INGEST_SEND_TIMEOUT_MS in the publisher's queue (later, it is abandoned unwritten), then the producer's delivery
 * timeout, plus one request timeout (INGEST_SEND_TIMEOUT_MS) for a request already on the wire when it fires.
 */
export function writeBoundMillis(env: { INGEST_SEND_TIMEOUT_MS: number; INGEST_DELIVERY_TIMEOUT_MS: number }): number {
  return 2 * env.INGEST_SEND_TIMEOUT_MS + env.INGEST_DELIVERY_TIMEOUT_MS;
}

/** Ingest's configuration, frozen. */
export type IngestConfig = Readonly<z.infer<typeof schema>>;

/**
 * Reads ingest's configuration from `env` (the process environment by default: this is the only reader of
 * it). Only KAFKA_BROKERS and DATABASE_URL are required; throws with every problem listed.
 */
export function loadIngestConfig(env: Record<string, string | undefined> = process.env): IngestConfig {
  const config = loadConfig(schema, env);
  postgresTlsFromEnv(config); // refuses a CA file without a verifying mode, at start
  return config;
}

/** How ingest authenticates its producers besides its static tokens (JWTs, client certificates). */
export function ingestAuthSettings(config: IngestConfig): CallerAuthSettings {
  return callerAuthSettings(config, {
    service: SERVICE,
    mtls: Boolean(config.INGEST_TLS_CLIENT_CA_FILE),
    otherCredentials: config.INGEST_AUTH_TOKENS.length > 0,
  });
}
