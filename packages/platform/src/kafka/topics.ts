import type { Kafka } from 'kafkajs';

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
  kafka: Kafka,
  specs: TopicSpec[],
  replicationFactor = 1,
  attempts = 10,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = specs.filter((spec) => !existing.has(spec.topic));
        if (missing.length > 0) {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((spec) => ({
              topic: spec.topic,
              numPartitions: spec.partitions,
              replicationFactor,
              configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
            })),
          });
        }
        // Leaders elected and metadata propagated for every topic, whoever created it.
        await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.topic) });
        return;
      } catch (error) {
        if (attempt >= attempts || !isTopicRace(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** Errors of topics being created concurrently or not yet led: retrying settles them. */
function isTopicRace(error: unknown): boolean {
  const causes = [error, ...(((error as { errors?: unknown[] }).errors ?? []) as unknown[])];
  return causes.some((cause) => {
    const type = (cause as { type?: string } | null)?.type;
    return (
      type === 'TOPIC_ALREADY_EXISTS' ||
      type === 'UNKNOWN_TOPIC_OR_PARTITION' ||
      type === 'LEADER_NOT_AVAILABLE' ||
      type === 'NOT_LEADER_FOR_PARTITION' ||
      (cause as { retriable?: boolean } | null)?.retriable === true
    );
  });
}
