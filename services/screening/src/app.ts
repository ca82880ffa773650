/**
 * The screening service, assembled: list feed -> lists in force -> exactly-once withdrawal pipeline, lookback on
 * new versions, gRPC pre-checks, metrics and probes. `startScreening` is what main.ts and the tests call.
 */
import { hostname } from 'node:os';
import {
  EVENT_TYPES,
  listSourceSlug,
  LookbackRun,
  PolicyInForce,
  timestampFromMillis,
  timestampToMillis,
  TOPIC_ROLES,
  topicNames,
  type ListSource,
  type TopicNames,
} from '@cordon/contracts';
import { diffLists } from '@cordon/lists';
import {
  backoff,
  CallerAuthenticator,
  CordonError,
  createIdempotentProducer,
  createKafka,
  CallerRateLimiter,
  createTransactionalProducer,
  decodeEvent,
  encodeEvent,
  provisionTopics,
  readToEnd,
  runExactlyOnce,
  sleep,
  startGrpcServer,
  startOpsServer,
  TRANSACTION_RETRY,
  type KafkaClient,
  type Logger,
  type OpsServer,
  type RunningConsumer,
  type RunningGrpcServer,
  type TransactionalProducer,
} from '@cordon/platform';
import { startLagPoller, type LagPoller } from './adapters/kafka/lag.js';
import { startListFeed, type ListFeed } from './adapters/kafka/list-feed.js';
import { startSuppressionFeed, type SuppressionFeed } from './adapters/kafka/suppression-feed.js';
import { withdrawalProcessor } from './adapters/kafka/withdrawals.js';
import { screeningGrpcService } from './adapters/grpc/service.js';
import { inlineRunner, workerPool, type PrecheckRunner } from './adapters/prechecks/runner.js';
import { SERVICE_NAME, type ScreeningConfig } from './config.js';
import type { ListVersion, ScreeningEngine } from '@cordon/screening-core/contract';
import { ListsInForce, type AppliedVersion } from './domain/lists-in-force.js';
import { LookbackIndex, lookbackRun, pinnedVersion, withdrawalKeys } from './domain/lookback.js';
import { LookbackWindow, rebuildLookback } from './adapters/kafka/lookback-window.js';
import { checkPolicy } from './domain/policy-check.js';
import { SuppressionTable, type CustomerSuppression } from '@cordon/screening-core/contract';
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
  /**
   * Resolves (never rejects) if a part of the service stops for good (the pipeline or the list feed past its
   * retry budget). Readiness is already failing then; the owner exits non-zero so that the process is restarted.
   */
  failed: Promise<Error>;
  isReady(): boolean;
  /** The versions in force, by source. */
  versionsInForce(): ListVersion[];
  /** A customer's suppressions in force (approved false positives), as the pipeline screens with them. */
  suppressionsOf(customerRef: string): readonly CustomerSuppression[];
  /** The requested-topic partitions whose withdrawals this instance looks back over (those it owns), ascending. */
  lookbackPartitions(): number[];
  /** Stops accepting calls and records, lets the batch in flight commit, closes everything. */
  stop(): Promise<void>;
}

/**
 * Longest wait of a withdrawal fetch on a quiet partition: a long wait would be added to the latency of the next
 * withdrawal to arrive. Low enough to stay out of the latency budget, high enough not to spin.
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
    'screeningLookbackRuns',
    'screeningPolicies',
    'caseSuppressions',
  ] as const;
  return roles.map((role) => ({
    topic: topics[role],
    // All chunks of a source share one key: one partition keeps the snapshot topic simple to read in order.
    // Policies are few and read whole by replay: one partition too.
    partitions: role === 'sanctionsSnapshots' || role === 'screeningPolicies' ? 1 : partitions,
    config: { ...TOPIC_ROLES[role].config },
  }));
}

/** Publishes the engine's policy as a `PolicyInForce` keyed by its hash; throws when the broker does not take it. */
async function publishPolicy<S>(kafka: KafkaClient, topic: string, engine: ScreeningEngine<S>, nowMillis: number) {
  const policy = PolicyInForce.fromPartial({
    policyHash: engine.policyHash,
    policyJson: engine.policyJson,
    engineVersion: engine.engineVersion,
    publishedAt: timestampFromMillis(nowMillis),
    publishedBy: `${SERVICE_NAME}@${hostname()}`,
  });
  const producer = await createIdempotentProducer(kafka);
  try {
    const { value, headers } = encodeEvent(EVENT_TYPES.policyInForce, policy);
    await producer.send([{ topic, key: policy.policyHash, value, headers }]);
  } finally {
    await producer.close();
  }
}

/** Starts the screening service. */
export async function startScreening<S>(config: ScreeningConfig, deps: ScreeningDeps<S>): Promise<RunningScreening> {
  const { logger, engine } = deps;
  const now = deps.now ?? Date.now;
  // Before anything else: a replica with another policy than the deployment's, or a permissive one nobody meant,
  // never starts.
  const policyCheck = checkPolicy(engine, config.policy ?? {});
  if (policyCheck.problems.length > 0) {
    throw new CordonError('POLICY_REFUSED', policyCheck.problems.join('\n'), { retriable: false });
  }
  if (policyCheck.allowedUnsafe.length > 0) {
    logger.warn({ settings: policyCheck.allowedUnsafe }, 'running a policy more permissive than the default');
  }
  const metrics = createScreeningMetrics();
  metrics.policy.set({ policy_hash: engine.policyHash, engine_version: engine.engineVersion }, 1);
  const recordVersion = listVersionRecorder(metrics);
  const topics = topicNames(config.kafka.topicPrefix);
  const kafka: KafkaClient = createKafka(config.kafka, logger);
  await provisionTopics(kafka, topicSpecs(topics, config.kafka.partitions), config.kafka.topics);
  // Before any decision pins the policy hash, the policy it stands for is on its retained topic (replay resolves
  // it there). Published at every start: the topic is compacted by hash, so repeats cost nothing.
  await publishPolicy(kafka, topics.screeningPolicies, engine, now());

  const lists = new ListsInForce(engine);
  // Per source, the offset of the latest refused manifest not yet followed by an applied version (degraded).
  const refusedAt = new Map<ListSource, bigint>();
  // Approved false positives per customer, from the compacted suppressions topic (read whole before screening).
  const suppressions = new SuppressionTable();
  let suppressionsLoaded = !config.suppressions.enabled;
  // The latest ListSourceConfirmation per source (list age): screens hold once a version in force is older than
  // the policy allows since it was last confirmed current.
  const confirmations = new Map<ListSource, { contentHash: string; atMillis: number }>();
  const index = new LookbackIndex({
    maxEntries: config.lookback.maxWithdrawals,
    maxAgeMillis: config.lookback.maxAgeMillis,
  });
  const keepWindow = config.lookback.enabled && config.lookback.maxWithdrawals > 0;
  // The window is the partitions this instance owns, rebuilt from Kafka at every assignment (see lookback-window.ts).
  const window = new LookbackWindow({
    index,
    logger: logger.child({ component: 'lookback' }),
    maxAgeMillis: config.lookback.maxAgeMillis,
    now,
    rebuild: (partitions, sinceMillis) =>
      rebuildLookback({
        kafka,
        groupId: config.kafka.groupId,
        requestedTopic: topics.withdrawalsRequested,
        decisionsTopic: topics.screeningDecisions,
        partitions,
        sinceMillis,
        onKeyFailure: (withdrawalId, error) => {
          metrics.lookbackRememberFailures.inc();
          logger.error({ withdrawalId, err: error }, 'lookback keys failed; remembered without keys');
        },
      }),
    changed: () => metrics.lookbackIndexSize.set(index.size),
  });
  let pipeline: RunningConsumer | undefined;
  let pipelineReady = false;
  let stopping = false;
  let retroProducer: Promise<TransactionalProducer> | undefined;
  let failedFor: Error | undefined;
  let signalFailed: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => {
    signalFailed = resolve;
  });
  let reportHealthOnFailure: () => void = () => undefined;
  const fail = (error: Error) => {
    if (failedFor) return;
    failedFor = error;
    pipelineReady = false;
    logger.error({ err: error }, 'screening cannot go on');
    reportHealthOnFailure();
    rejectReady(error);
    signalFailed(error);
  };
  let resolveReady: () => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // The caller attaches its handler once start-up returns; an early failure must not count as unhandled.
  ready.catch(() => undefined);
  const isReady = () =>
    !failedFor && pipelineReady && suppressionsLoaded && lists.missing(config.requiredSources).length === 0;

  const ops: OpsServer = await startOpsServer({
    registry: metrics.registry,
    port: config.opsPort,
    readiness: {
      lists: () => lists.missing(config.requiredSources).length === 0,
      pipeline: () => pipelineReady && !failedFor,
      suppressions: () => suppressionsLoaded,
    },
  });
  const auth = new CallerAuthenticator(config.auth);
  if (auth.insecure) logger.warn('CORDON_INSECURE_DEV_NO_AUTH is set: pre-check callers are not authenticated');
  const listsAvailable = () => lists.missing(config.requiredSources).length === 0;
  const runner: PrecheckRunner =
    config.prechecks.workers > 0
      ? workerPool({
          size: config.prechecks.workers,
          engine,
          maxQueuedPerWorker: config.prechecks.maxQueuedPerWorker,
          logger: logger.child({ component: 'prechecks' }),
        })
      : inlineRunner(engine, () => lists.snapshot);
  const grpc: RunningGrpcServer = await startGrpcServer({
    host: config.grpc.host,
    port: config.grpc.port,
    ...(config.grpc.tls ? { tls: config.grpc.tls } : {}),
    maxReceiveMessageBytes: config.grpc.maxMessageBytes,
    services: [
      screeningGrpcService({
        runner,
        // Pre-checks answer only once the required lists are in force, like the pipeline.
        available: listsAvailable,
        now,
        confirmations: () => confirmations,
        auth,
        limiter: new CallerRateLimiter(config.prechecks.ratePerSecond, config.prechecks.burst),
        metrics,
        logger: logger.child({ component: 'grpc' }),
      }),
    ],
  });
  // gRPC health says what readiness says: NOT_SERVING until the required lists are in force, and once a part
  // stopped for good.
  const reportHealth = () => {
    const serving = !failedFor && !stopping && listsAvailable() ? 'SERVING' : 'NOT_SERVING';
    grpc.health.setStatus('cordon.screening.v1.ScreeningService', serving);
    grpc.health.setStatus('', serving);
  };
  reportHealthOnFailure = reportHealth;

  const processor = withdrawalProcessor({
    service: SERVICE_NAME,
    engine,
    snapshot: () => lists.snapshot,
    // A copy per batch: a confirmation arriving mid-batch must not change that batch's decisions halfway.
    confirmations: () => new Map(confirmations),
    ...(config.suppressions.enabled ? { suppressions: (customerRef) => suppressions.forCustomer(customerRef) } : {}),
    topics: { decisions: topics.screeningDecisions, deadLetters: topics.withdrawalsRejected },
    maxRecordBytes: config.maxRecordBytes,
    metrics,
    logger: logger.child({ component: 'pipeline' }),
    ...(keepWindow
      ? {
          lookback: {
            // A batch waits for its partition's window, so that a withdrawal decided before the assignment is
            // known (DUPLICATE). A rebuild ends by offsets (the readers' positions reach the read_committed ends,
            // aborted tails included); one that fails (Kafka not answering) fails the batch, which is retried with
            // the rebuild started again, within the pipeline's retry budget: never a decision with part of the
            // window missing, which could decide a re-published withdrawal a second time.
            ready: (partition) => window.ready(partition),
            decided: (withdrawalId) => index.get(withdrawalId),
            remember: (past, withdrawal) => {
              let keys: readonly string[] = [];
              try {
                keys = withdrawalKeys(withdrawal);
              } finally {
                // Remembered even when its keys fail (the throw is counted by the processor): dedupe still sees it.
                index.add(past, keys);
                metrics.lookbackIndexSize.set(index.size);
              }
            },
          },
        }
      : {}),
  });

  const startPipeline = async () => {
    if (pipeline !== undefined || stopping || !suppressionsLoaded || lists.missing(config.requiredSources).length > 0) {
      return;
    }
    logger.info({ versions: lists.inForce.map((v) => `${listSourceSlug(v.source)}@${v.contentHash}`) }, 'lists ready');
    if (keepWindow) window.expectAssignment();
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
      ...(keepWindow
        ? {
            onAssigned: (partitions) => window.assign(partitions.map((p) => p.partition)),
            onRevoked: (partitions) => window.revoke(partitions.map((p) => p.partition)),
          }
        : {}),
      onCommitted: (info) => {
        processor.committed(info);
        // Between polls of the committed offsets (below), each batch's own lag keeps the gauge current.
        metrics.consumerLag.set({ topic: info.topic, partition: String(info.partition) }, info.offsetLag);
      },
    });
    pipeline.ready.then(() => {
      if (failedFor) return;
      pipelineReady = true;
      resolveReady();
    });
    pipeline.failed.then(fail);
  };

  // Applied versions whose retro-hits are not published yet: a failed publish is retried from here (the version is
  // already in force, so applying it again would do nothing and its retro-hits would be lost).
  const retroPending: AppliedVersion[] = [];
  // One transactional id per instance: a restarted instance fences its predecessor's open transaction at once.
  const retroTransactionalId = `${config.kafka.groupId}-lookback-${hostname()}`;
  const retroProducerFor = (): Promise<TransactionalProducer> => {
    if (!retroProducer) {
      const producer = createTransactionalProducer(kafka, retroTransactionalId, logger);
      retroProducer = producer;
      // A producer that failed to start is never kept: the next attempt makes a new one.
      producer.catch(() => {
        if (retroProducer === producer) retroProducer = undefined;
      });
    }
    return retroProducer;
  };

  const publishRetroHits = async (applied: AppliedVersion) => {
    if (!config.lookback.enabled || applied.replaced === undefined) return;
    const { version, replaced } = applied;
    const delta = diffLists(replaced.entities, version.entities);
    const entities = [...delta.added, ...delta.changed.map((change) => change.to)];
    // A lookback covers whole partitions: the windows of partitions just assigned are rebuilt first. Partitions a
    // committed run of this version already covered are not looked over again.
    if (keepWindow) await window.settled();
    const covered = lookedBack.get(version.contentHash);
    const partitions = keepWindow ? new Set([...window.owned()].filter((p) => !covered?.has(p))) : new Set<number>();
    if (keepWindow && covered !== undefined && partitions.size === 0) return;
    const detectedAt = version.manifest.fetchedAt ?? { seconds: 0n, nanos: 0 };
    const { retroHits: hits, candidates } = lookbackRun({ version, entities }, index, engine, detectedAt, partitions);
    const span = index.window(partitions);
    const run = LookbackRun.fromPartial({
      newVersion: pinnedVersion(version),
      replacedVersion: pinnedVersion(replaced),
      deltaEntities: entities.length,
      partitions: [...partitions].sort((a, b) => a - b),
      ...(span.fromMillis !== undefined
        ? { windowFrom: timestampFromMillis(span.fromMillis), windowTo: timestampFromMillis(span.toMillis!) }
        : {}),
      withdrawalsChecked: span.count,
      candidates,
      retroHits: hits.length,
      maxWithdrawals: config.lookback.maxWithdrawals,
      maxAgeHours: Math.round(config.lookback.maxAgeMillis / 3_600_000),
      policyHash: engine.policyHash,
      engineVersion: engine.engineVersion,
      detectedAt,
      instance: hostname(),
      ranAt: timestampFromMillis(now()),
    });
    logger.info(
      {
        source: listSourceSlug(version.source),
        delta: entities.length,
        partitions: run.partitions,
        checked: span.count,
        candidates,
        retroHits: hits.length,
      },
      'lookback done',
    );
    for (let attempt = 1; ; attempt++) {
      try {
        const producer = await retroProducerFor();
        // One transaction per version: a reader sees all of a version's retro-hits and its run record, or none.
        await producer.inTransaction((tx) =>
          tx.send([
            ...hits.map((hit) => {
              const { value, headers } = encodeEvent(EVENT_TYPES.retroHit, hit);
              return { topic: topics.screeningRetroHits, key: hit.withdrawalId, value, headers };
            }),
            {
              topic: topics.screeningLookbackRuns,
              key: version.contentHash,
              ...encodeEvent(EVENT_TYPES.lookbackRun, run),
            },
          ]),
        );
        break;
      } catch (error) {
        if (attempt >= 8) throw error;
        logger.warn({ err: error, attempt, contentHash: version.contentHash }, 'retro-hits not published; retrying');
        await sleep(backoff(TRANSACTION_RETRY, attempt + 4));
      }
    }
    const done = lookedBack.get(version.contentHash) ?? new Set<number>();
    for (const p of partitions) done.add(p);
    lookedBack.set(version.contentHash, done);
    metrics.retroHits.inc({ source: listSourceSlug(version.source) }, hits.length);
    metrics.lookbackRuns.inc({ source: listSourceSlug(version.source) });
  };

  const publishPendingRetroHits = async () => {
    while (retroPending.length > 0) {
      await publishRetroHits(retroPending[0]!);
      retroPending.shift();
    }
  };
  // One drain at a time: the start's missed lookbacks and a live version's must not publish the same entry twice.
  let retroDrain: Promise<void> = Promise.resolve();
  const drainRetroPending = (): Promise<void> => {
    const next = retroDrain.catch(() => undefined).then(publishPendingRetroHits);
    retroDrain = next;
    return next;
  };

  // The versions whose lookback ran, with the partitions each run covered (a LookbackRun commits with its
  // retro-hits). A version that came while this instance was down, or whose retro-hits a crash cut off, has none:
  // it is looked back at start (from the newest looked-back version of its source), so no retro-hit is lost.
  // Running one twice is harmless: case-management keeps one case per withdrawal, new version and decision.
  const lookedBack = new Map<string, Set<number>>();
  if (keepWindow) {
    await readToEnd(kafka, {
      topic: topics.screeningLookbackRuns,
      timeoutMillis: 300_000,
      onRecords(records) {
        for (const r of records) {
          let run;
          try {
            run = decodeEvent(EVENT_TYPES.lookbackRun, r.value, r.headers);
          } catch (error) {
            logger.warn({ offset: r.offset, err: error }, 'lookback run record ignored');
            continue;
          }
          const hash = run.newVersion?.contentHash;
          if (!hash) continue;
          const partitions = lookedBack.get(hash) ?? new Set<number>();
          for (const p of run.partitions) partitions.add(p);
          lookedBack.set(hash, partitions);
        }
      },
    });
  }

  const apply = (versions: ListVersion[]): AppliedVersion[] => {
    const started = performance.now();
    const applied = lists.apply(versions, (stale, inForce) => {
      metrics.listRecordsIgnored.inc({ reason: 'older-than-in-force' });
      logger.warn(
        {
          source: listSourceSlug(stale.source),
          contentHash: stale.contentHash,
          sequence: String(stale.sequence),
          inForce: inForce.contentHash,
          inForceSequence: String(inForce.sequence),
        },
        'list version older than the one in force: not applied',
      );
    });
    if (applied.length > 0) {
      // The first apply of a process includes the engine's warm-up (ListsInForce), in the log and the metric alike.
      const seconds = (performance.now() - started) / 1000;
      const warmUp = lists.lastWarmUp;
      if (warmUp) {
        logger.info(
          { ...warmUp, seconds },
          'name screening warmed up on made-up names before the first snapshot took traffic',
        );
      }
      metrics.snapshotBuildSeconds.observe(seconds);
      runner.setVersions(lists.inForce);
      reportHealth();
    }
    for (const { version } of applied) {
      const refused = refusedAt.get(version.source);
      if (refused !== undefined && refused < version.sequence) {
        refusedAt.delete(version.source);
        metrics.listDegraded.set({ source: listSourceSlug(version.source) }, 0);
      }
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

  // Before the list feed: the pipeline starts only once the suppressions have been read to their end at start, so
  // that no withdrawal is held on a false positive already approved for its customer.
  const suppressionFeed: SuppressionFeed | undefined = config.suppressions.enabled
    ? await startSuppressionFeed({
        kafka,
        logger: logger.child({ component: 'suppressions' }),
        topic: topics.caseSuppressions,
        onRecord: (key, suppression) => {
          suppressions.apply(key, suppression);
          metrics.suppressions.set(suppressions.size);
        },
        onIgnored: (reason, detail) => {
          metrics.suppressionRecordsIgnored.inc({ reason });
          logger.warn({ reason, detail }, 'suppression record ignored');
        },
      })
    : undefined;
  if (suppressionFeed) {
    suppressionFeed.initialLoaded.then(
      async () => {
        suppressionsLoaded = true;
        logger.info({ suppressions: suppressions.size }, 'suppressions loaded');
        await startPipeline().catch((error: Error) => fail(error));
      },
      (error: Error) => rejectReady(error),
    );
    suppressionFeed.failed.then(fail);
  }

  const feed: ListFeed = await startListFeed({
    kafka,
    logger: logger.child({ component: 'lists' }),
    topic: topics.sanctionsSnapshots,
    onIgnored: (reason, detail) => {
      metrics.listRecordsIgnored.inc({ reason });
      logger.warn({ reason, detail }, 'list record ignored');
    },
    onRefused: ({ source, contentHash, reason, offset }) => {
      refusedAt.set(source, offset);
      metrics.listDegraded.set({ source: listSourceSlug(source) }, 1);
      logger.error(
        { source: listSourceSlug(source), contentHash, reason, offset: String(offset) },
        'list version refused: the older version stays in force (and HOLDs once it is past the maximum age)',
      );
    },
    onOther: ({ value, headers, offset }) => {
      let confirmation;
      try {
        confirmation = decodeEvent(EVENT_TYPES.listSourceConfirmation, value, headers);
      } catch (error) {
        metrics.listRecordsIgnored.inc({ reason: 'undecodable' });
        logger.warn({ offset: String(offset), err: error }, 'list record ignored');
        return;
      }
      const atMillis = confirmation.confirmedAt ? timestampToMillis(confirmation.confirmedAt) : 0;
      const previous = confirmations.get(confirmation.source);
      if (previous && previous.atMillis >= atMillis) return;
      confirmations.set(confirmation.source, { contentHash: confirmation.contentHash, atMillis });
      metrics.listConfirmedAt.set({ source: listSourceSlug(confirmation.source) }, atMillis / 1000);
    },
    ...(keepWindow ? { lookedBack: (contentHash: string) => lookedBack.has(contentHash) } : {}),
    onInitial: async (versions, missed) => {
      apply(versions);
      for (const { version, replaced } of missed) {
        logger.warn(
          { source: listSourceSlug(version.source), contentHash: version.contentHash, from: replaced.contentHash },
          'list version in force was never looked back: looking back now',
        );
      }
      retroPending.push(...missed);
      await startPipeline();
      // Behind the pipeline (the lookback waits for the assigned partitions' windows); a failure stops the service.
      if (missed.length > 0) drainRetroPending().catch((error: Error) => fail(error));
    },
    onVersion: async (version) => {
      retroPending.push(...apply([version]));
      await drainRetroPending();
      await startPipeline();
    },
  });
  feed.initialLoaded.catch((error: Error) => rejectReady(error));
  feed.failed.then(fail);

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
    failed,
    isReady,
    versionsInForce: () => lists.inForce,
    suppressionsOf: (customerRef) => suppressions.forCustomer(customerRef),
    lookbackPartitions: () => [...window.owned()].sort((a, b) => a - b),
    async stop() {
      stopping = true;
      pipelineReady = false;
      window.close();
      await grpc.shutdown(5_000);
      await runner.close();
      await pipeline?.stop();
      await feed.stop();
      await suppressionFeed?.stop();
      await lag.stop();
      if (retroProducer !== undefined) await (await retroProducer.catch(() => undefined))?.close();
      await ops.close();
      await kafka.close();
    },
  };
}
