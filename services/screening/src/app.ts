/**
 * The screening service, assembled: list feed -> lists in force -> exactly-once withdrawal pipeline, lookback on
 * new versions, gRPC pre-checks, metrics and probes. `startScreening` is what main.ts and the tests call.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { EVENT_TYPES, listSourceSlug, TOPIC_ROLES, topicNames, type TopicNames } from '@cordon/contracts';
import { diffLists } from '@cordon/lists';
import {
  createKafka,
  createTransactionalProducer,
  encodeEvent,
  ensureTopics,
  runExactlyOnce,
  startGrpcServer,
  startOpsServer,
  TRANSACTION_RETRY,
  type Logger,
  type OpsServer,
  type RunningConsumer,
  type RunningGrpcServer,
  type TransactionalProducer,
} from '@cordon/platform';
import { waitForCoordinators } from './adapters/kafka/coordinator.js';
import { startLagPoller, type LagPoller } from './adapters/kafka/lag.js';
import { startListFeed, type ListFeed } from './adapters/kafka/list-feed.js';
import { withdrawalProcessor } from './adapters/kafka/withdrawals.js';
import { screeningGrpcService } from './adapters/grpc/service.js';
import { SERVICE_NAME, type ScreeningConfig } from './config.js';
import type { ScreeningEngine } from './domain/engine.js';
import { ListsInForce, type AppliedVersion } from './domain/lists-in-force.js';
import { LookbackIndex, lookback, withdrawalKeys } from './domain/lookback.js';
import type { ListVersion } from './domain/versions.js';
import { createScreeningMetrics, listVersionRecorder, type ScreeningMetrics } from './metrics.js';

/** What the service is given rather than building itself. */
export interface ScreeningDeps<S> {
  logger: Logger;
  /** The screening core behind the configured policy. */
  engine: ScreeningEngine<S>;
  /** Wall clock in milliseconds, for pre-checks and metrics only (never for pipeline decisions). */
  now?: () => number;
}

/** A running screening service. */
export interface RunningScreening {
  topics: TopicNames;
  grpcPort: number;
  opsPort: number;
  metrics: ScreeningMetrics;
  /** Resolves once the required lists are loaded and the pipeline has joined its group. */
  ready: Promise<void>;
  isReady(): boolean;
  /** The versions in force, by source. */
  versionsInForce(): ListVersion[];
  /** Stops accepting calls and records, lets the batch in flight commit, closes everything. */
  stop(): Promise<void>;
}

/**
 * Longest wait of a withdrawal fetch on a quiet partition: kafkajs' 5 s default would be added to the latency of
 * the next withdrawal to arrive. Low enough to stay out of the latency budget, high enough not to spin.
 */
const FETCH_MAX_WAIT_MILLIS = 20;

/** The topics the service reads or writes, created when missing. */
function topicSpecs(topics: TopicNames, partitions: number) {
  const roles = [
    'withdrawalsRequested',
    'withdrawalsRejected',
    'sanctionsSnapshots',
    'screeningDecisions',
    'screeningRetroHits',
  ] as const;
  return roles.map((role) => ({
    topic: topics[role],
    // All chunks of a source share one key: one partition keeps the snapshot topic simple to read in order.
    partitions: role === 'sanctionsSnapshots' ? 1 : partitions,
    config: { ...TOPIC_ROLES[role].config },
  }));
}

/** Starts the screening service. */
export async function startScreening<S>(config: ScreeningConfig, deps: ScreeningDeps<S>): Promise<RunningScreening> {
  const { logger, engine } = deps;
  const now = deps.now ?? Date.now;
  const metrics = createScreeningMetrics();
  const recordVersion = listVersionRecorder(metrics);
  const topics = topicNames(config.kafka.topicPrefix);
  const kafka: Kafka = createKafka(config.kafka, logger);
  await ensureTopics(kafka, topicSpecs(topics, config.kafka.partitions));

  const lists = new ListsInForce(engine);
  const index = new LookbackIndex({
    maxEntries: config.lookback.maxWithdrawals,
    maxAgeMillis: config.lookback.maxAgeMillis,
  });
  let pipeline: RunningConsumer | undefined;
  let pipelineReady = false;
  let stopping = false;
  let retroProducer: Promise<TransactionalProducer> | undefined;
  let resolveReady: () => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // The caller attaches its handler once start-up returns; an early failure must not count as unhandled.
  ready.catch(() => undefined);
  const isReady = () => pipelineReady && lists.missing(config.requiredSources).length === 0;

  const ops: OpsServer = await startOpsServer({
    registry: metrics.registry,
    port: config.opsPort,
    readiness: { lists: () => lists.missing(config.requiredSources).length === 0, pipeline: () => pipelineReady },
  });
  const grpc: RunningGrpcServer = await startGrpcServer({
    host: config.grpc.host,
    port: config.grpc.port,
    ...(config.grpc.tls ? { tls: config.grpc.tls } : {}),
    services: [
      screeningGrpcService({
        engine,
        // Pre-checks answer only once the required lists are in force, like the pipeline.
        snapshot: () => (lists.missing(config.requiredSources).length === 0 ? lists.snapshot : undefined),
        now,
        metrics,
        logger: logger.child({ component: 'grpc' }),
      }),
    ],
  });

  const processor = withdrawalProcessor({
    service: SERVICE_NAME,
    engine,
    snapshot: () => lists.snapshot,
    topics: { decisions: topics.screeningDecisions, deadLetters: topics.withdrawalsRejected },
    maxRecordBytes: config.maxRecordBytes,
    metrics,
    logger: logger.child({ component: 'pipeline' }),
    ...(config.lookback.enabled && config.lookback.maxWithdrawals > 0
      ? {
          remember: (past, withdrawal) => {
            index.add(past, withdrawalKeys(withdrawal));
            metrics.lookbackIndexSize.set(index.size);
          },
        }
      : {}),
  });

  const startPipeline = async () => {
    if (pipeline !== undefined || stopping || lists.missing(config.requiredSources).length > 0) return;
    logger.info({ versions: lists.inForce.map((v) => `${listSourceSlug(v.source)}@${v.contentHash}`) }, 'lists ready');
    pipeline = await runExactlyOnce({
      kafka,
      producerRetry: TRANSACTION_RETRY,
      partitionsConsumedConcurrently: config.concurrentPartitions,
      maxWaitMillis: FETCH_MAX_WAIT_MILLIS,
      logger: logger.child({ component: 'pipeline' }),
      groupId: config.kafka.groupId,
      topics: [topics.withdrawalsRequested],
      transactionalIdPrefix: config.kafka.groupId,
      maxBatchRecords: config.maxBatchRecords,
      process: processor.process,
      onCommitted: (info) => {
        processor.committed(info);
        // Between polls of the committed offsets (below), each batch's own lag keeps the gauge current.
        metrics.consumerLag.set({ topic: info.topic, partition: String(info.partition) }, info.offsetLag);
      },
    });
    pipeline.ready.then(
      () => {
        pipelineReady = true;
        resolveReady();
      },
      (error: Error) => rejectReady(error),
    );
  };

  const publishRetroHits = async (applied: AppliedVersion) => {
    if (!config.lookback.enabled || applied.replaced === undefined) return;
    const { version, replaced } = applied;
    const delta = diffLists(replaced.entities, version.entities);
    const entities = [...delta.added, ...delta.changed.map((change) => change.to)];
    const snapshot = lists.snapshot;
    if (snapshot === undefined || entities.length === 0) return;
    const detectedAt = version.manifest.fetchedAt ?? { seconds: 0n, nanos: 0 };
    const hits = lookback({ version, entities }, index, engine, detectedAt);
    logger.info(
      {
        source: listSourceSlug(version.source),
        delta: entities.length,
        retroHits: hits.length,
        remembered: index.size,
      },
      'lookback done',
    );
    if (hits.length === 0) return;
    retroProducer ??= createTransactionalProducer(kafka, `${config.kafka.groupId}-lookback-${randomUUID()}`, logger);
    const producer = await retroProducer;
    // One transaction per version: a reader sees all of a version's retro-hits or none.
    await producer.inTransaction((tx) =>
      tx.send(
        hits.map((hit) => {
          const { value, headers } = encodeEvent(EVENT_TYPES.retroHit, hit);
          return { topic: topics.screeningRetroHits, key: hit.withdrawalId, value, headers };
        }),
      ),
    );
    metrics.retroHits.inc({ source: listSourceSlug(version.source) }, hits.length);
  };

  const apply = (versions: ListVersion[]): AppliedVersion[] => {
    const started = performance.now();
    const applied = lists.apply(versions);
    if (applied.length > 0) metrics.snapshotBuildSeconds.observe((performance.now() - started) / 1000);
    for (const { version } of applied) {
      recordVersion(
        {
          source: version.source,
          contentHash: version.contentHash,
          versionId: version.versionId,
          entityCount: version.entities.length,
        },
        now() / 1000,
      );
      logger.info(
        { source: listSourceSlug(version.source), contentHash: version.contentHash, entities: version.entities.length },
        'list version in force',
      );
    }
    return applied;
  };

  const listsGroupId = `${config.kafka.groupId}-lists-${randomUUID()}`;
  await waitForCoordinators(kafka, [config.kafka.groupId, listsGroupId]);
  const feed: ListFeed = await startListFeed({
    kafka,
    logger: logger.child({ component: 'lists' }),
    topic: topics.sanctionsSnapshots,
    groupId: listsGroupId,
    onIgnored: (reason, detail) => {
      metrics.listRecordsIgnored.inc({ reason });
      logger.warn({ reason, detail }, 'list record ignored');
    },
    onInitial: async (versions) => {
      apply(versions);
      await startPipeline();
    },
    onVersion: async (version) => {
      for (const applied of apply([version])) await publishRetroHits(applied);
      await startPipeline();
    },
  });
  feed.initialLoaded.catch((error: Error) => rejectReady(error));

  const lag: LagPoller = await startLagPoller({
    kafka,
    logger,
    groupId: config.kafka.groupId,
    topic: topics.withdrawalsRequested,
    intervalMillis: config.lagIntervalMillis,
    report: (partition, value) =>
      metrics.consumerLag.set({ topic: topics.withdrawalsRequested, partition: String(partition) }, value),
  });

  return {
    topics,
    grpcPort: grpc.port,
    opsPort: ops.port,
    metrics,
    ready,
    isReady,
    versionsInForce: () => lists.inForce,
    async stop() {
      stopping = true;
      pipelineReady = false;
      await grpc.shutdown(5_000);
      await pipeline?.stop();
      await feed.stop();
      await lag.stop();
      if (retroProducer !== undefined) await (await retroProducer).close();
      await ops.close();
    },
  };
}
