import { DEFAULT_TOPIC_PREFIX, PRODUCTION_REPLICAS } from '@cordon/contracts';
import { z } from 'zod';
import { CordonError } from './errors.js';

/**
 * Parses `env` against `schema` and returns a frozen, typed config. Every missing or invalid variable is named
 * in one error, so a misconfigured pod fails at start with the whole list rather than one at a time.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CordonError('CONFIG_INVALID', `invalid configuration:\n  ${problems.join('\n  ')}`, { retriable: false });
  }
  return Object.freeze(result.data);
}

/** Comma-separated list of non-empty strings (e.g. KAFKA_BROKERS). */
export const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0),
);

/**
 * Integer from a string of decimal digits (an optional minus sign), with bounds. Stricter than a coercion, which
 * would read "" as 0, "0x10" as 16 and "1e3" as 1000.
 */
export const intFromString = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?[0-9]+$/, 'must be a decimal integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** "true"/"false"/"1"/"0" to boolean. */
export const boolFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Kafka connection settings shared by every service (TLS and SASL are a configuration away). */
export const kafkaEnv = {
  KAFKA_BROKERS: csv.pipe(z.array(z.string()).min(1, 'at least one broker')),
  KAFKA_CLIENT_ID: z.string().optional(),
  /** Prepended to every topic and consumer-group name, so deployments can share a cluster. */
  KAFKA_TOPIC_PREFIX: z.string().default(DEFAULT_TOPIC_PREFIX),
  KAFKA_SSL: boolFromString.default(false),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /**
   * Who makes the topics: `verify` (production: the platform team's definitions; the service checks them at start
   * and refuses to run on missing or under-replicated ones) or `create` (development: the service creates what is
   * missing, replication factor 1; `cordon up` sets it). See provisionTopics.
   */
  KAFKA_TOPICS: z.enum(['verify', 'create']).default('verify'),
  KAFKA_MIN_REPLICATION_FACTOR: intFromString(1, 16).default(PRODUCTION_REPLICAS.replicationFactor),
};

/**
 * PostgreSQL TLS settings shared by the services that use PostgreSQL: `DATABASE_SSLMODE` (`disable`, `require`,
 * `verify-ca`, `verify-full`; unset: as `DATABASE_URL` says) and `DATABASE_SSL_CA_FILE` (a PEM file of the CA to
 * trust, which needs `verify-ca` or `verify-full`). Pass the result of {@link postgresTlsFromEnv} to `createPool`.
 */
export const postgresEnv = {
  DATABASE_SSLMODE: z.enum(['disable', 'require', 'verify-ca', 'verify-full']).optional(),
  DATABASE_SSL_CA_FILE: z.string().min(1).optional(),
};

/** The TLS settings of a parsed env holding {@link postgresEnv}; undefined leaves them to DATABASE_URL. */
export function postgresTlsFromEnv(env: {
  DATABASE_SSLMODE?: 'disable' | 'require' | 'verify-ca' | 'verify-full' | undefined;
  DATABASE_SSL_CA_FILE?: string | undefined;
}): { mode: 'disable' | 'require' | 'verify-ca' | 'verify-full'; caFile?: string } | undefined {
  if (
    env.DATABASE_SSL_CA_FILE !== undefined &&
    env.DATABASE_SSLMODE !== 'verify-ca' &&
    env.DATABASE_SSLMODE !== 'verify-full'
  ) {
    throw new CordonError('CONFIG_INVALID', 'DATABASE_SSL_CA_FILE needs DATABASE_SSLMODE=verify-ca or verify-full', {
      retriable: false,
    });
  }
  if (env.DATABASE_SSLMODE === undefined) return undefined;
  return { mode: env.DATABASE_SSLMODE, ...(env.DATABASE_SSL_CA_FILE ? { caFile: env.DATABASE_SSL_CA_FILE } : {}) };
}
