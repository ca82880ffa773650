import { hostname } from 'node:os';
import pg from 'pg';
import { TOPIC_ROLES, topicNames, type TopicNames } from '@cordon/contracts';
import {
  createKafka,
  createLogger,
  createMetricsRegistry,
  createPool,
  createTokenVerifier,
  kafkaSettingsFromEnv,
  migrate,
  postgresClientConfig,
  postgresTlsFromEnv,
  startGrpcServer,
  startOpsServer,
  type KafkaSettings,
  type Logger,
  type TopicSpec,
} from '@cordon/platform';
import { caseServiceBinding } from './adapters/grpc/case-service.js';
import { startHttpApi } from './adapters/http/api.js';
import { startConsole, type ConsoleServer } from './adapters/http/console.js';
import { startLeader } from './adapters/kafka/leader.js';
import { CASE_MIGRATIONS } from './adapters/postgres/schema.js';
import { CaseStore } from './adapters/postgres/store.js';
import { SERVICE, type CaseConfig } from './config.js';
import { BusinessCalendar } from './domain/sla.js';
import { CaseMetrics } from './metrics.js';
import { CaseOperations } from './operations.js';

export { loadCaseConfig, type CaseConfig } from './config.js';

/** What the embedding process may inject (tests: a logger, a clock). */
export interface CaseDeps {
  logger?: Logger;
  clock?: { now(): number };
}

/** A running case-management instance. */
export interface RunningCaseManagement {
  grpcPort: number;
  httpPort: number;
  opsPort: number;
  topics: TopicNames;
  /** True while this instance leads (intake and relay run here). */
  leading(): boolean;
  /** The console served on the HTTP port (its build state, and a promise that settles when it is built). */
  console: ConsoleServer;
  /** Resolves if the leader loop failed for good: the process should exit non-zero and be restarted. */
  failed: Promise<Error>;
  stop(): Promise<void>;
}

/** Kafka settings from the config. */
export function kafkaSettings(config: CaseConfig): KafkaSettings {
  return kafkaSettingsFromEnv(config, SERVICE);
}

/** The topics case-management reads and writes, for main's ensureTopics (the relay topic has one partition). */
export function caseTopicSpecs(topics: TopicNames, partitions: number): TopicSpec[] {
  const roles = [
    'sanctionsEntities',
    'withdrawalsRequested',
    'screeningDecisions',
    'screeningRetroHits',
    'withdrawalsRejected',
    'caseEvents',
    'dispositions',
    'caseSuppressions',
    'casesRelay',
  ] as const;
  return roles.map((role) => ({
    topic: topics[role],
    partitions: role === 'casesRelay' ? 1 : partitions,
    config: { ...TOPIC_ROLES[role].config },
  }));
}

/** Starts case-management: schema, API (gRPC and HTTP) on every instance, leadership for intake and relay. */
export async function startCaseManagement(config: CaseConfig, deps: CaseDeps = {}): Promise<RunningCaseManagement> {
  const logger = deps.logger ?? createLogger(SERVICE);
  const clock = deps.clock ?? { now: () => Date.now() };
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  const schema = config.CASES_DB_SCHEMA;
  const tls = postgresTlsFromEnv(config);
  const admin = new pg.Client(postgresClientConfig(config.DATABASE_URL, tls));
  await admin.connect();
  await admin.query(`create schema if not exists ${pg.escapeIdentifier(schema)}`);
  await admin.end();
  const pool = createPool(config.DATABASE_URL, { schema, tls });
  await migrate(pool, CASE_MIGRATIONS);

  const registry = createMetricsRegistry(SERVICE);
  const metrics = new CaseMetrics(registry);
  const calendar = new BusinessCalendar(config.CASES_HOLIDAYS);
  const store = new CaseStore(
    pool,
    {
      holdReviewBusinessHours: config.CASES_SLA_HOLD_BUSINESS_HOURS,
      blockBusinessDays: config.CASES_SLA_BLOCK_BUSINESS_DAYS,
      extraHolidays: config.CASES_HOLIDAYS,
    },
    calendar,
  );
  const verifier = createTokenVerifier({
    jwks: config.CASES_AUTH_JWKS_URL ? { url: config.CASES_AUTH_JWKS_URL } : { file: config.CASES_AUTH_JWKS_FILE! },
    issuer: config.CASES_AUTH_ISSUER,
    audience: config.CASES_AUTH_AUDIENCE,
    rolesClaim: config.CASES_AUTH_ROLES_CLAIM,
  });
  const kafka = createKafka(kafkaSettings(config), logger);
  const leader = startLeader({
    kafka,
    pool,
    databaseUrl: config.DATABASE_URL,
    schema,
    store,
    topics,
    logger: logger.child({ component: 'leader' }),
    metrics,
    clock,
    batchRecords: config.CASES_BATCH_RECORDS,
    relayBatch: config.CASES_RELAY_BATCH,
    sweepMillis: config.CASES_SWEEP_MS,
    retentionDays: config.CASES_RETENTION_DAYS,
    relayTransactionalId: `${config.KAFKA_TOPIC_PREFIX}${SERVICE}.relay`,
    async connect() {
      const client = new pg.Client({
        ...postgresClientConfig(config.DATABASE_URL, tls),
        options: `-c search_path=${pg.escapeIdentifier(schema)}`,
      });
      await client.connect();
      return client;
    },
  });
  const operations = new CaseOperations(store, verifier, metrics, clock, () => leader.poke());
  const serverTls =
    config.CASES_TLS_CERT_FILE && config.CASES_TLS_KEY_FILE
      ? {
          certFile: config.CASES_TLS_CERT_FILE,
          keyFile: config.CASES_TLS_KEY_FILE,
          ...(config.CASES_TLS_CLIENT_CA_FILE ? { clientCaFile: config.CASES_TLS_CLIENT_CA_FILE } : {}),
        }
      : undefined;
  const grpcServer = await startGrpcServer({
    host: config.CASES_GRPC_HOST,
    port: config.CASES_GRPC_PORT,
    services: [caseServiceBinding(operations, logger.child({ component: 'grpc' }))],
    ...(serverTls ? { tls: serverTls } : {}),
  });
  const consoleServer = startConsole({
    mode: config.CASES_CONSOLE,
    ...(config.CASES_CONSOLE_DIST ? { dist: config.CASES_CONSOLE_DIST } : {}),
    ...(config.CASES_CONSOLE_DEV_SIGNIN_KEYS ? { devSignInKeys: config.CASES_CONSOLE_DEV_SIGNIN_KEYS } : {}),
    verifier,
    logger: logger.child({ component: 'console' }),
  });
  const http = await startHttpApi({
    operations,
    logger: logger.child({ component: 'http' }),
    host: config.CASES_HTTP_HOST,
    port: config.CASES_HTTP_PORT,
    ...(serverTls ? { tls: serverTls } : {}),
    extra: (request, response) => consoleServer.handle(request, response),
  });
  const ops = await startOpsServer({
    registry,
    port: config.CASES_OPS_PORT,
    readiness: {
      postgres: () => store.ping().catch(() => false),
      // What PostgreSQL decided must reach Kafka: a relay stuck for a minute (broker down, topic missing) is not ready.
      outbox: async () => {
        const lag = await store.outboxLagSeconds(clock.now());
        metrics.outboxLag.set(lag);
        return lag < 60;
      },
    },
  });
  logger.info(
    { grpcPort: grpcServer.port, httpPort: http.port, opsPort: ops.port, host: hostname() },
    'case-management started',
  );
  return {
    grpcPort: grpcServer.port,
    httpPort: http.port,
    opsPort: ops.port,
    topics,
    console: consoleServer,
    leading: () => leader.leading,
    failed: leader.failed,
    async stop() {
      await grpcServer.shutdown(config.CASES_DRAIN_MS);
      await http.close();
      consoleServer.close();
      await leader.stop();
      await kafka.close();
      await pool.end();
      await ops.close();
      logger.info('case-management stopped');
    },
  };
}
