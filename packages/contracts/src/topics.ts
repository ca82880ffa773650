import { EVENT_TYPES, type AnyEventType } from './registry.js';

/** What a topic is for, its record key and the record values it carries. */
export interface TopicRole {
  /** Appended to the deployment's prefix to form the topic name. */
  readonly suffix: string;
  /** The record key convention, for people; the code is each event type's `key`. */
  readonly key: string;
  /**
   * The event types whose values the topic carries (checked against the `cordon-type` header). Empty for the
   * dead-letter topic, whose values are the rejected records' original bytes.
   */
  readonly types: readonly AnyEventType[];
  /** Topic configs the contract depends on (compaction, unlimited retention); others are the deployment's. */
  readonly config: Readonly<Record<string, string>>;
}

// What replay reads to prove a decision, kept for the recordkeeping period (10 years; unlimited here: tiered
// storage is the deployment's to add).
const RETAIN_FOREVER = Object.freeze({ 'retention.ms': '-1', 'retention.bytes': '-1' });

/** One entry per topic role of the SPEC. */
export const TOPIC_ROLES = Object.freeze({
  withdrawalsIntake: role('withdrawals.intake', "the producer's idempotency key", [EVENT_TYPES.withdrawalSubmission]),
  withdrawalsRequested: role(
    'withdrawals.requested',
    'customer.customer_ref (orders each customer)',
    [EVENT_TYPES.withdrawalRequested],
    RETAIN_FOREVER,
  ),
  withdrawalsRejected: role('withdrawals.rejected', 'the original record key, unchanged', []),
  sanctionsEntities: role(
    'sanctions.entities',
    '<source slug>:<entity id>; a null value (tombstone) removes the entity',
    [EVENT_TYPES.sanctionedEntity],
    { 'cleanup.policy': 'compact' },
  ),
  // Chunks and their manifest share the source key, so they land in one partition, in order.
  sanctionsSnapshots: role(
    'sanctions.snapshots',
    'source slug',
    [EVENT_TYPES.listSnapshotChunk, EVENT_TYPES.listVersionManifest, EVENT_TYPES.listSourceConfirmation],
    RETAIN_FOREVER,
  ),
  sanctionsAlerts: role('sanctions.alerts', 'source slug', [EVENT_TYPES.listQuarantined]),
  screeningDecisions: role('screening.decisions', 'withdrawal id', [EVENT_TYPES.screeningDecision], RETAIN_FOREVER),
  screeningRetroHits: role('screening.retro-hits', 'withdrawal id', [EVENT_TYPES.retroHit]),
  // The audit trail of the lookback: one record per list version and screening instance, kept like the decisions.
  screeningLookbackRuns: role(
    'screening.lookback-runs',
    'content hash of the new list version',
    [EVENT_TYPES.lookbackRun],
    RETAIN_FOREVER,
  ),
  caseEvents: role('cases.events', 'case id', [EVENT_TYPES.caseEvent], RETAIN_FOREVER),
  // A policy's content never changes under its hash, so compaction loses nothing and keeps the topic small.
  screeningPolicies: role('screening.policies', 'policy hash', [EVENT_TYPES.policyInForce], {
    ...RETAIN_FOREVER,
    'cleanup.policy': 'compact',
  }),
  dispositions: role('withdrawals.dispositions', 'withdrawal id', [EVENT_TYPES.disposition]),
  // Compacted: the latest suppression per customer-entity pair; screening reads it whole at start.
  caseSuppressions: role('cases.suppressions', '<customer ref>|<source slug>:<entity id>', [EVENT_TYPES.suppression], {
    'cleanup.policy': 'compact',
  }),
  // One partition: the relay reads its last checkpoint back from the tail at start.
  casesRelay: role('cases.relay', '"case-management" (one partition, compacted)', [EVENT_TYPES.relayCheckpoint], {
    'cleanup.policy': 'compact',
  }),
});

function role(
  suffix: string,
  key: string,
  types: readonly AnyEventType[],
  config: Readonly<Record<string, string>> = {},
): TopicRole {
  return Object.freeze({ suffix, key, types: Object.freeze([...types]), config });
}

/** The name of each topic role. */
export type TopicRoleName = keyof typeof TOPIC_ROLES;

/** The topic name of every role in one deployment. */
export type TopicNames = { readonly [R in TopicRoleName]: string };

// Partitions per topic in production, where the default (6) is not right: the intake, the requests and the
// decisions scale with withdrawal traffic; a version feed, a policy log or the outbox checkpoint is one ordered log.
const PRODUCTION_PARTITIONS: Partial<Record<TopicRoleName, number>> = {
  withdrawalsIntake: 12,
  withdrawalsRequested: 12,
  screeningDecisions: 12,
  screeningPolicies: 1,
  sanctionsSnapshots: 1,
  sanctionsAlerts: 1,
  casesRelay: 1,
};

/**
 * How many partitions a role's topic has in production: the platform team's topic definitions are generated from
 * this (infra/k8s/base/topics.yaml), and services started in production verify it. Changing it for a live topic
 * changes the key-to-partition mapping, and so per-key ordering: it is a migration, not a setting.
 */
export function productionPartitions(role: TopicRoleName): number {
  return PRODUCTION_PARTITIONS[role] ?? 6;
}

/** The production replication factor and min.insync.replicas of every topic (acks=all survives one broker). */
export const PRODUCTION_REPLICAS = Object.freeze({ replicationFactor: 3, minInsyncReplicas: 2 });

/** The prefix used when the deployment configures none. */
export const DEFAULT_TOPIC_PREFIX = 'cordon.';

// Kafka's own limits on topic names: these characters only, at most 249 of them.
const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;
const MAX_TOPIC_LENGTH = 249;

/**
 * The topic names for `prefix` (e.g. "staging.cordon."), every role's suffix appended to it. Throws when a name
 * would not be a legal Kafka topic name, so a bad prefix fails at start-up rather than at first produce.
 */
export function topicNames(prefix: string = DEFAULT_TOPIC_PREFIX): TopicNames {
  const names = Object.fromEntries(
    Object.entries(TOPIC_ROLES).map(([name, { suffix }]) => [name, `${prefix}${suffix}`]),
  ) as Record<TopicRoleName, string>;
  for (const name of Object.values(names)) {
    if (!LEGAL_TOPIC.test(name) || name.length > MAX_TOPIC_LENGTH) {
      throw new RangeError(`topic prefix ${JSON.stringify(prefix)} gives an illegal Kafka topic name: ${name}`);
    }
  }
  return Object.freeze(names);
}
