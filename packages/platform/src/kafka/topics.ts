import { KafkaJS, RdKafka } from '@confluentinc/kafka-javascript';
import { TOPIC_ROLES, productionPartitions, topicNames, type TopicRoleName } from '@cordon/contracts';
import { CordonError } from '../errors.js';
import { nativeConnection, sleep, type KafkaClient } from './client.js';
import { processThreadpool } from './threadpool.js';

/** A topic a service needs, with its configuration (retention, compaction). */
export interface TopicSpec {
  topic: string;
  partitions: number;
  /** Topic-level configs, e.g. `{ 'cleanup.policy': 'compact' }`, `{ 'retention.ms': '-1' }`. */
  config?: Record<string, string>;
}

/**
 * Creates the topics that do not exist yet (existing ones are left as they are: partition counts and configs
 * of a live topic change through the platform's topic definitions, not at service start). Safe when several
 * services start at once: a topic another process created first counts as created, and the metadata errors of
 * a topic whose leaders are still being elected are retried.
 */
export async function ensureTopics(
  client: KafkaClient,
  specs: TopicSpec[],
  replicationFactor = 1,
  attempts = 15,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const admin = await client.admin();
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((spec) => !existing.has(spec.topic));
      if (missing.length > 0) {
        await admin.createTopics({
          topics: missing.map((spec) => ({
            topic: spec.topic,
            numPartitions: spec.partitions,
            replicationFactor,
            configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
          })),
        });
      }
      // Leaders elected and metadata propagated for every topic, whoever created it.
      const metadata = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.topic) });
      const leaderless = metadata.filter((topic) => topic.partitions.some((p) => p.leader < 0));
      if (leaderless.length > 0) throw Object.assign(new Error('leaders not elected yet'), { retriable: true });
      return;
    } catch (error) {
      if (attempt >= attempts || !isTopicRace(error)) throw error;
      await sleep(200 * attempt);
    }
  }
}

/**
 * Who owns the topics. `verify` (the default, for production): the platform team's topic definitions create them
 * (Strimzi KafkaTopics generated from the contracts), and a service only checks them at start. `create`: the
 * service creates what is missing, with replication factor 1: for `cordon up`, tests and a laptop, never for a
 * cluster whose data matters.
 */
export interface TopicPolicy {
  mode: 'verify' | 'create';
  /** In `verify` mode: the fewest replicas a topic may have (default 3). */
  minReplicationFactor: number;
  /** In `verify` mode: the deployment's topic prefix, to know each topic's role and so its partition count. */
  topicPrefix: string;
}

/** The TopicPolicy of a service's parsed `kafkaEnv`. */
export function topicPolicyFromEnv(env: {
  KAFKA_TOPICS: 'verify' | 'create';
  KAFKA_MIN_REPLICATION_FACTOR: number;
  KAFKA_TOPIC_PREFIX: string;
}): TopicPolicy {
  return {
    mode: env.KAFKA_TOPICS,
    minReplicationFactor: env.KAFKA_MIN_REPLICATION_FACTOR,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
  };
}

/** What a topic has, as the cluster's metadata says. */
export interface TopicShape {
  topic: string;
  /** Undefined when the topic does not exist. */
  partitions?: number;
  /** The fewest replicas any of its partitions has. */
  replicationFactor?: number;
}

/**
 * The problems with the topics a service needs, one sentence each (empty when all is well): missing topics, too
 * few replicas, and a partition count other than the contract's production count (productionPartitions).
 * Pure: `shapes` come from the cluster's metadata.
 */
export function topicProblems(specs: TopicSpec[], shapes: TopicShape[], policy: TopicPolicy): string[] {
  const names = topicNames(policy.topicPrefix);
  const roleOf = new Map((Object.keys(TOPIC_ROLES) as TopicRoleName[]).map((role) => [names[role], role] as const));
  const byTopic = new Map(shapes.map((shape) => [shape.topic, shape]));
  const problems: string[] = [];
  for (const spec of specs) {
    const shape = byTopic.get(spec.topic);
    if (shape?.partitions === undefined) {
      problems.push(`${spec.topic} does not exist`);
      continue;
    }
    const role = roleOf.get(spec.topic);
    const expected = role ? productionPartitions(role) : spec.partitions;
    if (shape.partitions !== expected) {
      problems.push(`${spec.topic} has ${shape.partitions} partitions, the contract says ${expected}`);
    }
    if ((shape.replicationFactor ?? 0) < policy.minReplicationFactor) {
      problems.push(
        `${spec.topic} has replication factor ${shape.replicationFactor}, at least ${policy.minReplicationFactor} needed`,
      );
    }
  }
  return problems;
}

/**
 * Makes sure the topics a service needs are there: in `create` mode creates the missing ones (ensureTopics); in
 * `verify` mode reads their metadata and refuses (a non-retriable TOPICS_INVALID error naming every problem) when
 * one is missing, has too few replicas or another partition count than the contract's. min.insync.replicas is
 * not checked here: the Kafka client has no DescribeConfigs; the topic definitions set it to
 * PRODUCTION_REPLICAS.minInsyncReplicas.
 */
export async function provisionTopics(client: KafkaClient, specs: TopicSpec[], policy: TopicPolicy): Promise<void> {
  if (policy.mode === 'create') {
    await ensureTopics(client, specs);
    return;
  }
  const admin = await client.admin();
  const existing = new Set(await admin.listTopics());
  const present = specs.filter((spec) => existing.has(spec.topic)).map((spec) => spec.topic);
  const metadata = present.length > 0 ? await admin.fetchTopicMetadata({ topics: present }) : [];
  const shapes: TopicShape[] = metadata.map((topic) => ({
    topic: topic.name,
    partitions: topic.partitions.length,
    replicationFactor: Math.min(...topic.partitions.map((p) => p.replicas.length)),
  }));
  const problems = topicProblems(specs, shapes, policy);
  if (problems.length > 0) {
    throw new CordonError(
      'TOPICS_INVALID',
      `the topics are not as the platform's topic definitions make them (KAFKA_TOPICS=verify):\n  ${problems.join('\n  ')}\n` +
        'create them from infra/k8s/base/topics.yaml, or set KAFKA_TOPICS=create on a development machine',
      { retriable: false },
    );
  }
}

/** Deletes topics (a test's own, or a demo's); missing ones are ignored. */
export async function deleteTopics(client: KafkaClient, topics: string[]): Promise<void> {
  const admin = await client.admin();
  await admin.deleteTopics({ topics }).catch(() => undefined);
}

/** Errors of topics being created concurrently or not yet led: retrying settles them. */
function isTopicRace(error: unknown): boolean {
  const causes = [error, ...(((error as { errors?: unknown[] }).errors ?? []) as unknown[])];
  return causes.some((cause) => {
    const c = cause as { type?: string; code?: number; retriable?: boolean; message?: string } | null;
    return (
      c?.code === KafkaJS.ErrorCodes.ERR_TOPIC_ALREADY_EXISTS ||
      c?.code === KafkaJS.ErrorCodes.ERR_UNKNOWN_TOPIC_OR_PART ||
      c?.code === KafkaJS.ErrorCodes.ERR_LEADER_NOT_AVAILABLE ||
      c?.code === KafkaJS.ErrorCodes.ERR__TRANSPORT ||
      c?.code === KafkaJS.ErrorCodes.ERR__TIMED_OUT ||
      /already exists|not available|leader|timed out/i.test(c?.message ?? '') ||
      c?.retriable === true
    );
  });
}

/** Offsets of one partition: `low` is the first offset held, `end` the read_committed end. */
export interface PartitionEnd {
  partition: number;
  low: bigint;
  /** The last stable offset: records below it are decided (committed or aborted); read_committed reads stop here. */
  end: bigint;
}

/**
 * How long an offsets lookup (topic metadata, then ListOffsets) may take. The client library's default, 5 s for
 * both requests together, is exceeded by a broker that is busy or electing leaders (seen on a loaded 2-core CI
 * machine: "Timeout exceeded while fetching topic metadata"); the lookup is a one-off, so it can wait longer.
 */
export const OFFSETS_TIMEOUT_MILLIS = 30_000;

/**
 * The read_committed ends (last stable offsets) of every partition of `topic`. Reads up to them see every
 * committed record that existed when this was asked; open transactions are not waited for.
 */
export async function endOffsets(client: KafkaClient, topic: string): Promise<PartitionEnd[]> {
  const admin = await client.admin();
  const offsets = await admin.fetchTopicOffsets(topic, {
    isolationLevel: KafkaJS.IsolationLevel.READ_COMMITTED,
    timeout: OFFSETS_TIMEOUT_MILLIS,
  });
  return offsets
    .map((o) => ({ partition: o.partition, low: BigInt(o.low), end: BigInt(o.high) }))
    .sort((a, b) => a.partition - b.partition);
}

/** How long {@link committedOffsets} waits for the group coordinator's answer. */
const COMMITTED_TIMEOUT_MILLIS = 10_000;

/**
 * A consumer handle that only reads `groupId`'s committed offsets: it never subscribes, so it never joins the
 * group nor commits. One per group and connection, closed with the connection.
 *
 * Why not the admin client's fetchOffsets: librdkafka (2.15) frees an admin request to a coordinator when it times
 * out while the coordinator is unreachable, but the coordinator lookup behind it lives on and, once the broker is
 * back, answers into the freed request: the process aborts (assertion `eonce->refcnt > 0` in
 * rd_kafka_enq_once_del_source_return) or crashes. A consumer's committed() waits on a queue of its own instead,
 * which it drops on timeout (packages/platform/test/broker-restart.test.ts).
 */
function groupOffsetsConsumer(
  client: KafkaClient,
  groupId: string,
): Promise<{ consumer: RdKafka.KafkaConsumer; close(): Promise<void> }> {
  return client.shared(`group-offsets:${groupId}`, async () => {
    const consumer = new RdKafka.KafkaConsumer(
      {
        ...nativeConnection(client),
        'group.id': groupId,
        'enable.auto.commit': false,
        'enable.auto.offset.store': false,
        // Committed offsets are then fetched with require_stable: a transaction's pending offsets are waited for.
        'isolation.level': 'read_committed',
      },
      {},
    );
    await new Promise<void>((resolve, reject) => consumer.connect({}, (error) => (error ? reject(error) : resolve())));
    // Its committed() calls wait on a thread of libuv's pool (threadpool.ts).
    const release = processThreadpool.hold(`committed offsets of group ${groupId}`, client.logger);
    return {
      consumer,
      close: () =>
        new Promise<void>((resolve) => consumer.disconnect(() => resolve())).finally(() => {
          release();
        }),
    };
  });
}

/**
 * The offsets `groupId` has committed on `topic` (the next offset to read), per partition; partitions without one
 * are absent. Asks with require_stable: offsets a transaction has sent but not yet completed are waited for, not
 * returned stale. Rejects when the coordinator does not answer within 10 s.
 */
export async function committedOffsets(
  client: KafkaClient,
  groupId: string,
  topic: string,
): Promise<Map<number, bigint>> {
  const [{ consumer }, ends] = await Promise.all([groupOffsetsConsumer(client, groupId), endOffsets(client, topic)]);
  const answer = await new Promise<RdKafka.TopicPartitionOffsetAndMetadata[]>((resolve, reject) =>
    consumer.committed(
      ends.map((end) => ({ topic, partition: end.partition })),
      COMMITTED_TIMEOUT_MILLIS,
      (error, partitions) =>
        error
          ? reject(
              new CordonError(
                'KAFKA_COMMITTED_OFFSETS',
                `committed offsets of ${groupId} on ${topic}: ${error.message}`,
                {
                  retriable: true,
                  cause: error,
                },
              ),
            )
          : resolve(partitions),
    ),
  );
  const out = new Map<number, bigint>();
  for (const p of answer) {
    if (p.topic === topic && typeof p.offset === 'number' && p.offset >= 0) out.set(p.partition, BigInt(p.offset));
  }
  return out;
}

/**
 * Per partition of `topic`, the first offset whose record timestamp is at or after `millis` (milliseconds since
 * the epoch); a partition with no record that recent gets its read_committed end. Reading from these offsets to
 * the end sees every record written since `millis` (by the timestamps the records carry).
 */
export async function offsetsAtTime(client: KafkaClient, topic: string, millis: number): Promise<Map<number, bigint>> {
  const admin = await client.admin();
  const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, Math.max(0, millis), {
    isolationLevel: KafkaJS.IsolationLevel.READ_COMMITTED,
    timeout: OFFSETS_TIMEOUT_MILLIS,
  });
  return new Map(offsets.map((o) => [o.partition, BigInt(o.offset)]));
}

/**
 * Deletes the records of `topic` written before `millis` (by record timestamp), partition by partition, with
 * Kafka's DeleteRecords: the log start moves past them and no reader sees them again. Returns how many offsets were
 * dropped. For topics that keep personal data for a bounded time (dead letters), whatever their broker retention.
 */
export async function deleteRecordsBefore(client: KafkaClient, topic: string, millis: number): Promise<number> {
  const admin = await client.admin();
  const ends = await admin.fetchTopicOffsets(topic, {
    isolationLevel: KafkaJS.IsolationLevel.READ_UNCOMMITTED,
    timeout: OFFSETS_TIMEOUT_MILLIS,
  });
  const atTime = await offsetsAtTime(client, topic, millis);
  const partitions: Array<{ partition: number; offset: string }> = [];
  let dropped = 0;
  for (const end of ends) {
    const low = BigInt(end.low);
    const high = BigInt(end.high);
    const found = atTime.get(end.partition);
    // No record at or after the time: everything in the partition is older.
    const before = found === undefined || found < 0n || found > high ? high : found;
    if (before > low) {
      partitions.push({ partition: end.partition, offset: String(before) });
      dropped += Number(before - low);
    }
  }
  if (partitions.length > 0) await admin.deleteTopicRecords({ topic, partitions });
  return dropped;
}
