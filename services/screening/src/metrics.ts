/** Prometheus metrics of the screening service, all under the `screening_` prefix. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { DecisionOutcome, listSourceSlug, type ListSource } from '@cordon/contracts';
import { createMetricsRegistry } from '@cordon/platform';
import { SERVICE_NAME } from './config.js';

/** The service's metrics, registered on one registry. */
export interface ScreeningMetrics {
  registry: Registry;
  decisions: Counter<'outcome'>;
  prechecks: Counter<'kind' | 'outcome'>;
  deadLetters: Counter<'reason'>;
  screenSeconds: Histogram<'kind'>;
  batchSeconds: Histogram;
  transactionSeconds: Histogram;
  batchRecords: Histogram;
  listVersion: Gauge<'source' | 'content_hash' | 'version_id'>;
  listEntities: Gauge<'source'>;
  listAppliedAt: Gauge<'source'>;
  snapshotBuildSeconds: Histogram;
  consumerLag: Gauge<'topic' | 'partition'>;
  retroHits: Counter<'source'>;
  lookbackIndexSize: Gauge;
  /** Decided withdrawals the lookback could not remember (key extraction failed): the decision stands. */
  lookbackRememberFailures: Counter;
  /** Lookback runs published (one per list version replacing another, per instance). */
  lookbackRuns: Counter<'source'>;
  listRecordsIgnored: Counter<'reason'>;
  /** When list-sync last confirmed each source current (seconds since the epoch): list age = now - this. */
  listConfirmedAt: Gauge<'source'>;
  /** Suppressions (approved false positives) in force, from the suppressions topic. */
  suppressions: Gauge;
  /** Hits reported suppressed in published decisions. */
  suppressedHits: Counter;
  /** Suppression records not taken (undecodable, or inconsistent with their key). */
  suppressionRecordsIgnored: Counter<'reason'>;
  /** 1 while the latest version published for a source was refused (the one in force is older), else 0. */
  listDegraded: Gauge<'source'>;
  /** 1, labelled with the policy hash and engine version in force (replicas that differ show up side by side). */
  policy: Gauge<'policy_hash' | 'engine_version'>;
}

/** Short label of a decision outcome ("allow", "hold", "block"). */
export function outcomeLabel(outcome: DecisionOutcome): string {
  switch (outcome) {
    case DecisionOutcome.ALLOW:
      return 'allow';
    case DecisionOutcome.HOLD:
      return 'hold';
    case DecisionOutcome.BLOCK:
      return 'block';
    default:
      return 'unspecified';
  }
}

/** Creates the registry (with Node.js defaults) and the service's metrics on it. */
export function createScreeningMetrics(): ScreeningMetrics {
  const registry = createMetricsRegistry(SERVICE_NAME);
  const registers = [registry];
  return {
    registry,
    listDegraded: new Gauge({
      name: 'screening_list_source_degraded',
      help: 'Whether the latest version published for the source was refused (1): the version in force is older',
      labelNames: ['source'],
      registers,
    }),
    policy: new Gauge({
      name: 'screening_policy_info',
      help: 'The policy in force (1), by policy hash and engine version',
      labelNames: ['policy_hash', 'engine_version'],
      registers,
    }),
    suppressions: new Gauge({
      name: 'screening_suppressions',
      help: 'Suppressions (approved false positives of a customer for an entity version) in force',
      registers,
    }),
    suppressedHits: new Counter({
      name: 'screening_suppressed_hits_total',
      help: 'Hits reported suppressed (not counting towards the outcome) in published decisions',
      registers,
    }),
    suppressionRecordsIgnored: new Counter({
      name: 'screening_suppression_records_ignored_total',
      help: 'Records of the suppressions topic not taken, by reason',
      labelNames: ['reason'],
      registers,
    }),
    decisions: new Counter({
      name: 'screening_decisions_total',
      help: 'Decisions published, by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    prechecks: new Counter({
      name: 'screening_prechecks_total',
      help: 'Synchronous gRPC pre-checks answered, by kind and outcome',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'screening_dead_letters_total',
      help: 'Input records sent to the dead-letter topic, by reason',
      labelNames: ['reason'],
      registers,
    }),
    screenSeconds: new Histogram({
      name: 'screening_screen_duration_seconds',
      help: 'Time the screening core takes per screen (withdrawal, address or party pre-check)',
      labelNames: ['kind'],
      buckets: [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'screening_batch_duration_seconds',
      help: 'Time to screen one input batch (before its transaction commits)',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    transactionSeconds: new Histogram({
      name: 'screening_transaction_duration_seconds',
      help: 'From the start of screening a batch to the commit of its transaction (outputs and offsets)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    batchRecords: new Histogram({
      name: 'screening_batch_records',
      help: 'Input records per transaction',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2000, 5000],
      registers,
    }),
    listVersion: new Gauge({
      name: 'screening_list_version_info',
      help: 'The list version in force per source (value 1; the labels say which)',
      labelNames: ['source', 'content_hash', 'version_id'],
      registers,
    }),
    listEntities: new Gauge({
      name: 'screening_list_entities',
      help: 'Entities in the list version in force, per source',
      labelNames: ['source'],
      registers,
    }),
    listAppliedAt: new Gauge({
      name: 'screening_list_applied_timestamp_seconds',
      help: 'When the version in force was applied, per source (Unix seconds)',
      labelNames: ['source'],
      registers,
    }),
    snapshotBuildSeconds: new Histogram({
      name: 'screening_snapshot_build_seconds',
      help: 'Time to index the list versions in force after a version change',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    consumerLag: new Gauge({
      name: 'screening_consumer_lag',
      help: 'Records on the requested topic not yet screened, per partition (batch lag, and committed-offset polls)',
      labelNames: ['topic', 'partition'],
      registers,
    }),
    retroHits: new Counter({
      name: 'screening_retro_hits_total',
      help: 'Retro-hits published by lookback, by the source of the new version',
      labelNames: ['source'],
      registers,
    }),
    lookbackIndexSize: new Gauge({
      name: 'screening_lookback_withdrawals',
      help: 'Past withdrawals remembered for lookback',
      registers,
    }),
    lookbackRememberFailures: new Counter({
      name: 'screening_lookback_remember_failures_total',
      help: 'Decided withdrawals the lookback window could not index (the decision stands)',
      registers,
    }),
    lookbackRuns: new Counter({
      name: 'screening_lookback_runs_total',
      help: 'Lookback runs published, by the source of the new version',
      labelNames: ['source'],
      registers,
    }),
    listConfirmedAt: new Gauge({
      name: 'screening_list_confirmed_timestamp_seconds',
      help: 'When list-sync last confirmed the version of each source current (its ListSourceConfirmation)',
      labelNames: ['source'],
      registers,
    }),
    listRecordsIgnored: new Counter({
      name: 'screening_list_records_ignored_total',
      help: 'Records on the snapshots topic that did not yield a version (undecodable, manifest without chunks)',
      labelNames: ['reason'],
      registers,
    }),
  };
}

/**
 * Records the version in force per source as an info series (value 1, the version in the labels). The series
 * of the replaced version is removed, so a dashboard never shows two versions in force for one source.
 */
export function listVersionRecorder(metrics: ScreeningMetrics) {
  const inForce = new Map<string, { source: string; content_hash: string; version_id: string }>();
  return (
    version: { source: ListSource; contentHash: string; versionId: string; entityCount: number },
    appliedAtSeconds: number,
  ): void => {
    const source = listSourceSlug(version.source);
    const previous = inForce.get(source);
    if (previous !== undefined) metrics.listVersion.remove(previous);
    const labels = { source, content_hash: version.contentHash, version_id: version.versionId };
    inForce.set(source, labels);
    metrics.listVersion.set(labels, 1);
    metrics.listEntities.set({ source }, version.entityCount);
    metrics.listAppliedAt.set({ source }, appliedAtSeconds);
  };
}
