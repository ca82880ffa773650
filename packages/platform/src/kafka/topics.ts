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
 * of a live topic change through the platform's topic definitions, not at service start).
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], replicationFactor = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions,
        replicationFactor,
        configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
