/**
 * The screening service's configuration: the only reader of process.env. Only KAFKA_BROKERS is required, so
 * `cordon up` can start the service with nothing else set.
 */
import { z } from 'zod';
import { DEFAULT_TOPIC_PREFIX, ListSource, listSourceFromSlug } from '@cordon/contracts';
import {
  boolFromString,
  callerAuthEnv,
  callerAuthSettings,
  csv,
  intFromString,
  kafkaEnv,
  loadConfig,
  topicPolicyFromEnv,
  type CallerAuthSettings,
  type TopicPolicy,
} from '@cordon/platform';

/** The one service name: folder, Kafka client and group ids, logger, metrics prefix. */
export const SERVICE_NAME = 'screening';

const sources = csv.transform((slugs, context) =>
  slugs.map((slug) => {
    const source = listSourceFromSlug(slug);
    if (source === undefined) {
      context.addIssue({ code: 'custom', message: `unknown list source "${slug}"` });
      return z.NEVER;
    }
    return source;
  }),
);

const schema = z.object({
  ...kafkaEnv,
  ...callerAuthEnv,
  // Default: the topic prefix + the service name, so two deployments sharing a cluster never share a group.
  KAFKA_GROUP_ID: z.string().min(1).optional(),
  SCREENING_GRPC_HOST: z.string().default('0.0.0.0'),
  SCREENING_GRPC_PORT: intFromString(0, 65_535).default(50_053),
  SCREENING_GRPC_TLS_CERT: z.string().optional(),
  SCREENING_GRPC_TLS_KEY: z.string().optional(),
  SCREENING_GRPC_TLS_CLIENT_CA: z.string().optional(),
  SCREENING_OPS_PORT: intFromString(0, 65_535).default(9_103),
  // The largest valid ScreenParty (50 other names of 300 characters) fits; ingest has the same default.
  SCREENING_GRPC_MAX_MESSAGE_BYTES: intFromString(1_024, 4 * 1024 * 1024).default(64 * 1024),
  SCREENING_PRECHECK_WORKERS: intFromString(0, 64).default(2),
  SCREENING_PRECHECK_MAX_QUEUED: intFromString(1, 100_000).default(64),
  SCREENING_PRECHECK_RATE_PER_SECOND: intFromString(1, 1_000_000).default(200),
  SCREENING_PRECHECK_BURST: intFromString(1, 1_000_000).default(400),
  SCREENING_TOPIC_PARTITIONS: intFromString(1, 1_024).default(3),
  // At least one: with none, the pipeline would start on the first snapshot of any source, or on none.
  SCREENING_REQUIRED_SOURCES: sources
    .refine((list) => list.length > 0, 'name at least one list source (e.g. ofac-sdn): screening needs a list')
    .default([ListSource.OFAC_SDN]),
  SCREENING_POLICY_FILE: z.string().optional(),
  SCREENING_EXPECTED_POLICY_HASH: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be a policy hash (64 lower-case hex digits)')
    .optional(),
  SCREENING_POLICY_ALLOW_UNSAFE: boolFromString.default(false),
  SCREENING_MAX_BATCH_RECORDS: intFromString(1, 100_000).default(2_000),
  // Each partition in flight has its own transactional producer; the kill -9 test runs with several at once.
  SCREENING_CONCURRENT_PARTITIONS: intFromString(1, 64).default(3),
  SCREENING_MAX_RECORD_BYTES: intFromString(1_024, 16 * 1024 * 1024).default(1024 * 1024),
  SCREENING_LOOKBACK_ENABLED: boolFromString.default(true),
  SCREENING_LOOKBACK_MAX_WITHDRAWALS: intFromString(0, 10_000_000).default(100_000),
  SCREENING_LOOKBACK_MAX_AGE_HOURS: intFromString(1, 24 * 366).default(24 * 30),
  SCREENING_SUPPRESSIONS_ENABLED: boolFromString.default(true),
  SCREENING_LAG_INTERVAL_MS: intFromString(100, 600_000).default(5_000),
  SCREENING_SHUTDOWN_BUDGET_MS: intFromString(1_000, 600_000).default(25_000),
});

/** The service's typed, frozen configuration. */
export interface ScreeningConfig {
  kafka: {
    brokers: string[];
    clientId: string;
    ssl: boolean;
    sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
    topicPrefix: string;
    groupId: string;
    /** Partitions of the topics this service creates when they are missing (KAFKA_TOPICS=create). */
    partitions: number;
    /** Create the topics (development) or verify the platform's (production). */
    topics: TopicPolicy;
  };
  grpc: {
    host: string;
    port: number;
    tls?: { certFile: string; keyFile: string; clientCaFile?: string };
    /** Largest request accepted, in bytes. */
    maxMessageBytes: number;
  };
  /** How gRPC callers (producers) are authenticated. */
  auth: CallerAuthSettings;
  prechecks: {
    /** Worker threads that run pre-checks; 0 runs them on the main thread (tests and benchmarks only). */
    workers: number;
    /** Pre-checks in hand per worker past which new ones are refused (RESOURCE_EXHAUSTED). */
    maxQueuedPerWorker: number;
    /** Pre-checks per caller and second, on average... */
    ratePerSecond: number;
    /** ...in bursts of at most this many. */
    burst: number;
  };
  opsPort: number;
  /** Readiness (and the start of consumption) waits until each of these sources has a version. */
  requiredSources: ListSource[];
  /** JSON policy file for the screening core; the core's default policy when absent. */
  policyFile?: string;
  /**
   * The policy hash this deployment must run (refused at start otherwise), and whether a policy more permissive
   * than the default may run at all (see permissiveSettings). Unset: any hash; permissive policies refused.
   */
  policy?: { expectedHash?: string; allowUnsafe?: boolean };
  /** Records per Kafka transaction at most. */
  maxBatchRecords: number;
  /** Input partitions screened concurrently (each in its own transactions). */
  concurrentPartitions: number;
  /** Larger input records go to the dead-letter topic. */
  maxRecordBytes: number;
  lookback: { enabled: boolean; maxWithdrawals: number; maxAgeMillis: number };
  /**
   * Whether approved false positives (the suppressions topic) suppress hits. When on, the pipeline starts only once
   * the topic has been read to its end.
   */
  suppressions: { enabled: boolean };
  lagIntervalMillis: number;
  shutdownBudgetMillis: number;
}

/** Reads the configuration from `env`; throws one error naming every missing or invalid variable. */
export function readConfig(env: Record<string, string | undefined>): Readonly<ScreeningConfig> {
  const raw = loadConfig(schema, env);
  const sasl =
    raw.KAFKA_SASL_MECHANISM === undefined
      ? undefined
      : {
          mechanism: raw.KAFKA_SASL_MECHANISM,
          username: raw.KAFKA_SASL_USERNAME ?? '',
          password: raw.KAFKA_SASL_PASSWORD ?? '',
        };
  const tls =
    raw.SCREENING_GRPC_TLS_CERT && raw.SCREENING_GRPC_TLS_KEY
      ? {
          certFile: raw.SCREENING_GRPC_TLS_CERT,
          keyFile: raw.SCREENING_GRPC_TLS_KEY,
          ...(raw.SCREENING_GRPC_TLS_CLIENT_CA ? { clientCaFile: raw.SCREENING_GRPC_TLS_CLIENT_CA } : {}),
        }
      : undefined;
  return Object.freeze({
    kafka: {
      brokers: raw.KAFKA_BROKERS,
      clientId: raw.KAFKA_CLIENT_ID ?? SERVICE_NAME,
      ssl: raw.KAFKA_SSL,
      ...(sasl ? { sasl } : {}),
      topicPrefix: raw.KAFKA_TOPIC_PREFIX || DEFAULT_TOPIC_PREFIX,
      groupId: raw.KAFKA_GROUP_ID ?? `${raw.KAFKA_TOPIC_PREFIX || DEFAULT_TOPIC_PREFIX}${SERVICE_NAME}`,
      partitions: raw.SCREENING_TOPIC_PARTITIONS,
      topics: topicPolicyFromEnv(raw),
    },
    grpc: {
      host: raw.SCREENING_GRPC_HOST,
      port: raw.SCREENING_GRPC_PORT,
      ...(tls ? { tls } : {}),
      maxMessageBytes: raw.SCREENING_GRPC_MAX_MESSAGE_BYTES,
    },
    auth: callerAuthSettings(raw, { service: SERVICE_NAME, mtls: Boolean(tls?.clientCaFile) }),
    prechecks: {
      workers: raw.SCREENING_PRECHECK_WORKERS,
      maxQueuedPerWorker: raw.SCREENING_PRECHECK_MAX_QUEUED,
      ratePerSecond: raw.SCREENING_PRECHECK_RATE_PER_SECOND,
      burst: raw.SCREENING_PRECHECK_BURST,
    },
    opsPort: raw.SCREENING_OPS_PORT,
    requiredSources: raw.SCREENING_REQUIRED_SOURCES,
    ...(raw.SCREENING_POLICY_FILE ? { policyFile: raw.SCREENING_POLICY_FILE } : {}),
    policy: {
      ...(raw.SCREENING_EXPECTED_POLICY_HASH ? { expectedHash: raw.SCREENING_EXPECTED_POLICY_HASH } : {}),
      allowUnsafe: raw.SCREENING_POLICY_ALLOW_UNSAFE,
    },
    maxBatchRecords: raw.SCREENING_MAX_BATCH_RECORDS,
    concurrentPartitions: raw.SCREENING_CONCURRENT_PARTITIONS,
    maxRecordBytes: raw.SCREENING_MAX_RECORD_BYTES,
    lookback: {
      enabled: raw.SCREENING_LOOKBACK_ENABLED,
      maxWithdrawals: raw.SCREENING_LOOKBACK_MAX_WITHDRAWALS,
      maxAgeMillis: raw.SCREENING_LOOKBACK_MAX_AGE_HOURS * 3_600_000,
    },
    suppressions: { enabled: raw.SCREENING_SUPPRESSIONS_ENABLED },
    lagIntervalMillis: raw.SCREENING_LAG_INTERVAL_MS,
    shutdownBudgetMillis: raw.SCREENING_SHUTDOWN_BUDGET_MS,
  });
}
