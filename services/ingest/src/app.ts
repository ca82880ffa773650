import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { TOPIC_ROLES, topicNames, type TopicNames } from '@cordon/contracts';
import {
  createKafka,
  kafkaSettingsFromEnv,
  createLogger,
  createMetricsRegistry,
  createPool,
  postgresTlsFromEnv,
  startGrpcServer,
  startOpsServer,
  type KafkaSettings,
  type Logger,
  type RunningConsumer,
  type TopicSpec,
} from '@cordon/platform';
import { ProducerAuth } from './adapters/grpc/auth.js';
import { RETENTION_MIGRATIONS, startRetention } from './retention.js';
import { ingestServiceBinding } from './adapters/grpc/ingest-service.js';
import { startIntakeConsumer } from './adapters/kafka/intake-consumer.js';
import { BatchingPublisher } from './adapters/kafka/publisher.js';
import { TopicPublishedFinder } from './adapters/kafka/published-finder.js';
import { migrateSubmissions, PostgresSubmissionStore } from './adapters/postgres/submission-store.js';
import { ingestAuthSettings, SERVICE, writeBoundMillis, type IngestConfig } from './config.js';
import { Ingestor } from './ingestor.js';
import { InFlightLimiter } from './limiter.js';
import { IngestMetrics } from './metrics.js';
import type { Clock } from './ports.js';

export { loadIngestConfig, type IngestConfig } from './config.js';

/** What the embedding process may inject (tests: a logger, a clock, a fixed instance id). */
export interface IngestDeps {
  logger?: Logger;
  clock?: Clock;
  /** Names this instance as the owner of its reservations; unique per process by default. */
  instanceId?: string;
}

/** A running ingest service. */
export interface RunningIngest {
  grpcPort: number;
  opsPort: number;
  topics: TopicNames;
  /**
   * Resolves (never rejects) if the intake consumer stops for good (a slice that kept failing past its retry
   * budget): readiness then fails, and the owner must exit non-zero so that the process is restarted.
   */
  failed: Promise<Error>;
  /** Drains: stops accepting, finishes what is in flight, flushes the producer, closes the pool. */
  stop(): Promise<void>;
}

/** Kafka connection settings from the config (client id: the service name). */
export function kafkaSettings(config: IngestConfig): KafkaSettings {
  return { ...kafkaSettingsFromEnv(config, SERVICE), requestTimeoutMillis: config.INGEST_SEND_TIMEOUT_MS };
}

/**
 * Starts ingest: migrates its schema, then serves gRPC and (unless disabled) consumes the intake topic. Kafka
 * need not be up: submissions are answered UNAVAILABLE and /readyz says not ready until it is. Topics are
 * created by main (ensureTopics), not here, so an instance can start against an unreachable cluster.
 */
export async function startIngest(config: IngestConfig, deps: IngestDeps = {}): Promise<RunningIngest> {
  const logger = deps.logger ?? createLogger(SERVICE);
  const clock = deps.clock ?? { now: () => Date.now() };
  const instanceId = deps.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  const kafka = createKafka(kafkaSettings(config), logger);

  const pool = createPool(config.DATABASE_URL, { schema: config.INGEST_DB_SCHEMA, tls: postgresTlsFromEnv(config) });
  await pool.query(`create schema if not exists ${pg.escapeIdentifier(config.INGEST_DB_SCHEMA)}`);
  await migrateSubmissions(pool, RETENTION_MIGRATIONS);

  const registry = createMetricsRegistry(SERVICE);
  const limiter = new InFlightLimiter(config.INGEST_MAX_IN_FLIGHT);
  const metrics = new IngestMetrics(registry, () => limiter.inFlight);
  const store = new PostgresSubmissionStore(pool, instanceId, config.INGEST_LEASE_MS);
  const publisher = new BatchingPublisher(
    kafka,
    logger.child({ component: 'publisher' }),
    config.INGEST_MAX_BATCH_RECORDS,
    clock,
    { deliveryTimeoutMillis: config.INGEST_DELIVERY_TIMEOUT_MS, requestTimeoutMillis: config.INGEST_SEND_TIMEOUT_MS },
  );
  const finder = new TopicPublishedFinder({
    kafka,
    logger: logger.child({ component: 'recovery' }),
    topic: topics.withdrawalsRequested,
    lookbackMillis: config.INGEST_RECOVERY_LOOKBACK_MS,
    timeoutMillis: config.INGEST_RECOVERY_TIMEOUT_MS,
  });
  const ingestor = new Ingestor(
    {
      requestedTopic: topics.withdrawalsRequested,
      sendTimeoutMillis: config.INGEST_SEND_TIMEOUT_MS,
      maxFutureSkewMillis: config.INGEST_MAX_FUTURE_SKEW_MS,
      leaseMillis: config.INGEST_LEASE_MS,
      writeBoundMillis: writeBoundMillis(config),
    },
    { store, publisher, finder, clock, limiter, metrics, logger: logger.child({ component: 'ingestor' }) },
  );
  void publisher.ready();

  const auth = new ProducerAuth(config.INGEST_AUTH_TOKENS, ingestAuthSettings(config));
  if (auth.insecure) logger.warn('CORDON_INSECURE_DEV_NO_AUTH is set: gRPC callers without credentials are let in');
  const tls = config.INGEST_TLS_CERT_FILE
    ? {
        certFile: config.INGEST_TLS_CERT_FILE,
        keyFile: config.INGEST_TLS_KEY_FILE!,
        ...(config.INGEST_TLS_CLIENT_CA_FILE ? { clientCaFile: config.INGEST_TLS_CLIENT_CA_FILE } : {}),
      }
    : undefined;
  const grpcServer = await startGrpcServer({
    host: config.INGEST_GRPC_HOST,
    port: config.INGEST_GRPC_PORT,
    services: [
      ingestServiceBinding({
        ingestor,
        auth,
        logger: logger.child({ component: 'grpc' }),
        maxStreamItems: config.INGEST_STREAM_MAX_ITEMS,
        streamChunk: config.INGEST_STREAM_CHUNK,
      }),
    ],
    ...(tls ? { tls } : {}),
    maxReceiveMessageBytes: config.INGEST_MAX_MESSAGE_BYTES,
  });

  const intake = config.INGEST_INTAKE_ENABLED
    ? new IntakeRunner(
        () =>
          startIntakeConsumer({
            kafka,
            logger: logger.child({ component: 'intake' }),
            service: SERVICE,
            groupId: config.INGEST_GROUP_ID ?? `${config.KAFKA_TOPIC_PREFIX}${SERVICE}`,
            intakeTopic: topics.withdrawalsIntake,
            rejectedTopic: topics.withdrawalsRejected,
            maxMessageBytes: config.INGEST_MAX_MESSAGE_BYTES,
            partitionsConsumedConcurrently: config.INGEST_INTAKE_CONCURRENCY,
            ingestor,
            publisher,
            clock,
            metrics,
          }),
        logger,
      )
    : undefined;

  const retention = startRetention({
    pool,
    kafka,
    deadLetterTopic: topics.withdrawalsRejected,
    submissionDays: config.INGEST_RETENTION_DAYS,
    deadLetterDays: config.INGEST_DEAD_LETTER_RETENTION_DAYS,
    intervalMillis: config.INGEST_PURGE_INTERVAL_MS,
    clock,
    logger: logger.child({ component: 'retention' }),
    onPurged: (what, count) => metrics.purgedRecords(what, count),
  });

  const ops = await startOpsServer({
    registry,
    port: config.INGEST_OPS_PORT,
    readiness: {
      kafka: () => publisher.ready(),
      postgres: () => store.ping().catch(() => false),
      ...(intake ? { intake: () => intake.running } : {}),
    },
  });
  logger.info(
    { grpcPort: grpcServer.port, opsPort: ops.port, instanceId, auth: auth.mode, tls: Boolean(tls) },
    'ingest started',
  );

  return {
    grpcPort: grpcServer.port,
    opsPort: ops.port,
    topics,
    failed: intake?.failed ?? new Promise<Error>(() => undefined),
    async stop() {
      // One budget for the whole drain: with the cluster down, writes in flight may never finish, and the
      // remaining steps must still run (the reservations they leave are completed by the producers' retries).
      const deadline = Date.now() + config.INGEST_DRAIN_MS;
      const within = (step: Promise<unknown>) => boundedBy(step, deadline - Date.now());
      await grpcServer.shutdown(Math.max(0, deadline - Date.now()));
      await within(intake?.stop() ?? Promise.resolve());
      await within(retention.stop());
      await within(ingestor.idle());
      await within(publisher.close());
      await within(kafka.close());
      await pool.end();
      await ops.close();
      logger.info('ingest stopped');
    },
  };
}

/** Waits for `step` at most `millis`; a step that fails or overruns is logged by its owner, not here. */
async function boundedBy(step: Promise<unknown>, millis: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    step.catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, millis)))),
  ]);
  clearTimeout(timer);
}

/**
 * Starts the intake consumer, retrying while the cluster is unreachable, so gRPC serves meanwhile. Once the
 * consumer has failed for good it is not running (readiness fails) and `failed` resolves.
 */
class IntakeRunner {
  private consumer: RunningConsumer | undefined;
  private stopped = false;
  private failure: Error | undefined;
  private signalFailure: (error: Error) => void = () => undefined;
  readonly failed = new Promise<Error>((resolve) => (this.signalFailure = resolve));

  constructor(
    start: () => Promise<RunningConsumer>,
    private readonly logger: Logger,
  ) {
    void this.loop(start);
  }

  /** True once the consumer has started, until it fails. */
  get running(): boolean {
    return this.consumer !== undefined && this.failure === undefined;
  }

  private async loop(start: () => Promise<RunningConsumer>): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const consumer = await start();
        if (this.stopped) {
          await consumer.stop();
          return;
        }
        this.consumer = consumer;
        void consumer.failed.then((error) => {
          if (this.stopped) return;
          this.failure = error;
          this.logger.error({ err: error }, 'intake consumer failed for good');
          this.signalFailure(error);
        });
        return;
      } catch (error) {
        this.logger.warn({ err: error, attempt }, 'intake consumer cannot start yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1_000 * 2 ** attempt)));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer?.stop();
    this.consumer = undefined;
  }
}

/** The topics ingest writes and reads, with the contract's configs, for main's ensureTopics. */
export function ingestTopicSpecs(topics: TopicNames, partitions: number): TopicSpec[] {
  return (['withdrawalsIntake', 'withdrawalsRequested', 'withdrawalsRejected'] as const).map((role) => ({
    topic: topics[role],
    partitions,
    config: { ...TOPIC_ROLES[role].config },
  }));
}
