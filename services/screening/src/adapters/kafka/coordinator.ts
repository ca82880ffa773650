/**
 * Waits until the group coordinator of each consumer group answers. On a broker that has just started, the
 * consumer-offsets partitions are still loading and a join fails with GROUP_LOAD_IN_PROGRESS; kafkajs then
 * restarts the consumer, but a second failure during that restart escapes as an unhandled rejection. Asking
 * the coordinator first (the admin client retries while it loads) keeps the first join from meeting that state.
 */
import type { Kafka } from 'kafkajs';

/** Resolves once every group's coordinator has answered a DescribeGroups request. */
export async function waitForCoordinators(kafka: Kafka, groupIds: string[]): Promise<void> {
  const admin = kafka.admin({ retry: { retries: 20, initialRetryTime: 200, maxRetryTime: 2_000 } });
  await admin.connect();
  try {
    await admin.describeGroups(groupIds);
  } finally {
    await admin.disconnect();
  }
}
