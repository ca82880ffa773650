/**
 * Builds and starts list-sync in-process: topics, one transactional producer per source, state recovered from the
 * snapshots topic, the sync engine, the gRPC service and the operations endpoint.
 */
import type { Registry } from 'prom-client';
import { EVENT_TYPES, TOPIC_ROLES, topicNames, listSourceSlug } from '@cordon/contracts';
import {
  CallerAuthenticator,
  createKafka,
  createTransactionalProducer,
  createMetricsRegistry,
  encodeEvent,
  provisionTopics,
  startGrpcServer,
  startOpsServer,
  type KafkaClient,
  type TransactionalProducer,
  type Logger,
  type OpsServer,
  type RunningGrpcServer,
} from '@cordon/platform';
import { SERVICE_NAME, type ListSyncConfig } from './config.js';
import { acquire } from './adapters/fetch/acquire.js';
import { listSyncServiceBinding } from './adapters/grpc/list-sync-service.js';
import { listsParserVersion, parseSource } from './adapters/lists.js';
import { publishAlert, publishVersion, type ListSyncTopics } from './adapters/kafka/publisher.js';
import { recoverLastGood } from './adapters/kafka/snapshots.js';
import { ListSyncEngine, type Clock } from './engine.js';
import { createListSyncMetrics } from './metrics.js';

/** What list-sync needs from its surroundings; everything but the logger has a default. */
export interface ListSyncDeps {
  logger: Logger;
  /** The Kafka client (left open on stop); by default one is created from the config (and closed on stop). */
  kafka?: KafkaClient;
  clock?: Clock;
  /** Where the metrics go; by default a fresh registry with the process metrics. */
  registry?: Registry;
  /** Where attempts download their files; by default the OS temporary folder. */
  tempRoot?: string;
}

/** A running list-sync. */
export interface RunningListSync {
  engine: ListSyncEngine;
  topics: ListSyncTopics;
  grpcPort: number;
  opsPort: number;
  /** Drains: no new attempts, the attempt in progress ends, gRPC stops, producers flush and disconnect. */
  stop(): Promise<void>;
}

/** Starts list-sync. Resolves once state is recovered and the gRPC service is up. */
export async function startListSync(config: ListSyncConfig, deps: ListSyncDeps): Promise<RunningListSync> {
  const logger = deps.logger;
  const clock = deps.clock ?? { now: () => Date.now() };
  const kafka = deps.kafka ?? createKafka(config.kafka, logger);
  const registry = deps.registry ?? createMetricsRegistry(SERVICE_NAME);
  const names = topicNames(config.topicPrefix);
  const topics: ListSyncTopics = {
    sanctionsEntities: names.sanctionsEntities,
    sanctionsSnapshots: names.sanctionsSnapshots,
    sanctionsAlerts: names.sanctionsAlerts,
  };
  let ready = false;
  const ops: OpsServer = await startOpsServer({
    registry,
    readiness: { recovered: () => ready },
    port: config.ops.port,
    host: config.ops.host,
  });
  const cleanup: Array<() => Promise<unknown>> = [() => ops.close()];
  if (!deps.kafka) cleanup.push(() => kafka.close());
  const undo = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };

  try {
    await provisionTopics(
      kafka,
      (Object.keys(topics) as Array<keyof ListSyncTopics>).map((role) => ({
        topic: topics[role],
        partitions: config.partitions,
        config: { ...TOPIC_ROLES[role].config },
      })),
      config.topics,
    );
    // Connecting each producer fences an older list-sync still holding the same transactional id, and aborts its
    // open transaction, before state is read back.
    const producers = new Map<number, TransactionalProducer>();
    for (const source of config.sources) {
      const id = `${SERVICE_NAME}.${topics.sanctionsSnapshots}.${source.slug}`;
      producers.set(
        source.source,
        await createTransactionalProducer(kafka, id, logger, {
          transactionTimeoutMillis: 120_000,
          // Per batch: the snapshot chunks (retained forever) and the entity records alike.
          compression: config.snapshotCompression,
        }),
      );
    }
    cleanup.push(async () => Promise.all([...producers.values()].map((p) => p.close())));
    const recovered = await recoverLastGood(
      kafka,
      topics.sanctionsSnapshots,
      config.sources.map((s) => s.source),
    );
    for (const [source, version] of recovered) {
      logger.info(
        { source: listSourceSlug(source), contentHash: version.manifest.contentHash },
        'recovered the version in force',
      );
    }

    // The freshness metric reads the engine, which needs the metrics to be built: the link is made just after.
    const confirmed: { at?: () => ReadonlyMap<string, number> } = {};
    const metrics = createListSyncMetrics(registry, () => confirmed.at?.() ?? new Map(), clock.now);
    const engine = new ListSyncEngine(
      { sources: config.sources, chunks: config.chunks, parserVersion: listsParserVersion() },
      {
        acquire: (source, known, signal) => acquire(source, config.http, known, { tempRoot: deps.tempRoot, signal }),
        parse: parseSource,
        publishVersion: (version) => publishVersion(producers.get(version.source)!, topics, version),
        publishAlert: (alert) => publishAlert(producers.get(alert.source)!, topics.sanctionsAlerts, alert),
        publishConfirmation: async (confirmation) => {
          const { value, headers } = encodeEvent(EVENT_TYPES.listSourceConfirmation, confirmation);
          await producers
            .get(confirmation.source)!
            .inTransaction((tx) =>
              tx.send([{ topic: topics.sanctionsSnapshots, key: listSourceSlug(confirmation.source), value, headers }]),
            );
        },
      },
      clock,
      logger,
      metrics,
      recovered,
    );
    confirmed.at = () => engine.confirmedAt();
    const grpc: RunningGrpcServer = await startGrpcServer({
      host: config.grpc.host,
      port: config.grpc.port,
      services: [listSyncServiceBinding(engine, new CallerAuthenticator(config.auth), logger, config.triggerLimit)],
      ...(config.grpc.tls ? { tls: config.grpc.tls } : {}),
    });
    const running = engine;
    cleanup.push(
      () => grpc.shutdown(10_000),
      () => running.stop(),
    );
    running.start({ syncNow: config.syncOnStart });
    ready = true;
    return {
      engine,
      topics,
      grpcPort: grpc.port,
      opsPort: ops.port,
      async stop() {
        ready = false;
        await undo();
      },
    };
  } catch (error) {
    await undo();
    throw error;
  }
}
