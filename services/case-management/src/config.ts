/**
 * case-management's configuration: the only reader of process.env. Authentication is not optional: the service
 * refuses to start without a JWKS to verify callers' tokens against (`cordon up` points it at a local one).
 */
import { z } from 'zod';
import {
  DEV_AUDIENCE,
  DEV_ISSUER,
  csv,
  intFromString,
  kafkaEnv,
  loadConfig,
  postgresEnv,
  postgresTlsFromEnv,
} from '@cordon/platform';

export const SERVICE = 'case-management';

const schema = z
  .object({
    ...kafkaEnv,
    DATABASE_URL: z.string().min(1, 'DATABASE_URL is required'),
    ...postgresEnv,
    CASES_DB_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/)
      .default('case_management'),
    CASES_GRPC_HOST: z.string().default('0.0.0.0'),
    CASES_GRPC_PORT: intFromString(0, 65_535).default(50_054),
    CASES_HTTP_HOST: z.string().default('0.0.0.0'),
    CASES_HTTP_PORT: intFromString(0, 65_535).default(8_084),
    CASES_OPS_PORT: intFromString(0, 65_535).default(9_104),
    // TLS on the gRPC and HTTP (API and console) ports, as the other services take it: a certificate and its key;
    // with a client CA, callers must present a certificate it signed (mTLS).
    CASES_TLS_CERT_FILE: z.string().optional(),
    CASES_TLS_KEY_FILE: z.string().optional(),
    CASES_TLS_CLIENT_CA_FILE: z.string().optional(),
    CASES_AUTH_JWKS_URL: z.url().optional(),
    CASES_AUTH_JWKS_FILE: z.string().optional(),
    CASES_AUTH_ISSUER: z.string().default(DEV_ISSUER),
    CASES_AUTH_AUDIENCE: z.string().default(DEV_AUDIENCE),
    CASES_AUTH_ROLES_CLAIM: z.string().default('roles'),
    CASES_SLA_HOLD_BUSINESS_HOURS: intFromString(1, 24 * 30).default(24),
    CASES_SLA_BLOCK_BUSINESS_DAYS: intFromString(1, 60).default(10),
    CASES_HOLIDAYS: csv.default([]),
    CASES_RETENTION_DAYS: intFromString(1, 36_600).default(3_653),
    CASES_BATCH_RECORDS: intFromString(1, 10_000).default(500),
    CASES_RELAY_BATCH: intFromString(1, 10_000).default(1_000),
    CASES_SWEEP_MS: intFromString(100, 3_600_000).default(30_000),
    CASES_DRAIN_MS: intFromString(100, 600_000).default(10_000),
    // The analyst console on the HTTP port: 'auto' serves packages/console's build and builds it when missing or
    // stale, 'prebuilt' serves the build as it is (images), 'off' serves no console.
    CASES_CONSOLE: z.enum(['auto', 'prebuilt', 'off']).default('auto'),
    // The console's built assets (default: packages/console/dist beside this service in the repository).
    CASES_CONSOLE_DIST: z.string().optional(),
    // The local signing key directory of the embedded default (`cordon up`: .cordon/auth): when set, the sign-in
    // page offers the demo users and signs their tokens with it. Never set it with a real identity provider.
    CASES_CONSOLE_DEV_SIGNIN_KEYS: z.string().optional(),
  })
  .refine((c) => !c.CASES_TLS_CERT_FILE === !c.CASES_TLS_KEY_FILE, {
    message: 'CASES_TLS_CERT_FILE and CASES_TLS_KEY_FILE go together',
    path: ['CASES_TLS_CERT_FILE'],
  })
  .refine((c) => !c.CASES_TLS_CLIENT_CA_FILE || c.CASES_TLS_CERT_FILE, {
    message: 'CASES_TLS_CLIENT_CA_FILE (mTLS) needs CASES_TLS_CERT_FILE and CASES_TLS_KEY_FILE',
    path: ['CASES_TLS_CLIENT_CA_FILE'],
  })
  .refine((c) => c.CASES_AUTH_JWKS_URL || c.CASES_AUTH_JWKS_FILE, {
    message: 'set CASES_AUTH_JWKS_URL (the identity provider) or CASES_AUTH_JWKS_FILE: callers must be authenticated',
    path: ['CASES_AUTH_JWKS_URL'],
  });

export type CaseConfig = z.infer<typeof schema>;

/** Reads and validates the configuration (throws naming every bad variable). */
export function loadCaseConfig(env: NodeJS.ProcessEnv = process.env): CaseConfig {
  const config = loadConfig(schema, env);
  postgresTlsFromEnv(config); // refuses a CA file without a verifying mode, at start
  return config;
}
