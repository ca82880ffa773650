/**
 * Topics belong to the platform team (review F6): on the real broker, a service in the default `verify` mode
 * refuses topics that are missing or have one replica, and `create` mode (development) makes them. A service on
 * its defaults refusing to start is in services/screening/test/topics.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { topicNames } from '@cordon/contracts';
import { createKafka, deleteTopics, provisionTopics, type TopicPolicy } from '@cordon/platform';
import { brokers, testLogger, uniqueName } from '../../../test/support.js';

const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('topics-test') }, testLogger());
afterAll(() => kafka.close());

describe('provisionTopics on the real broker', () => {
  const prefix = `${uniqueName('topics')}.`;
  const names = topicNames(prefix);
  const specs = [
    { topic: names.withdrawalsRequested, partitions: 12 },
    { topic: names.screeningPolicies, partitions: 1 },
  ];
  afterAll(() => deleteTopics(kafka, Object.values(names)));

  it('verify refuses missing topics and creates none', async () => {
    const verify: TopicPolicy = { mode: 'verify', minReplicationFactor: 3, topicPrefix: prefix };
    const refused = provisionTopics(kafka, specs, verify);
    await expect(refused).rejects.toMatchObject({ code: 'TOPICS_INVALID', retriable: false });
    await expect(refused).rejects.toThrow(`${names.withdrawalsRequested} does not exist`);
    const admin = await kafka.admin();
    expect(await admin.listTopics()).not.toContain(names.withdrawalsRequested);
  });

  it('create makes them; verify then refuses their single replica, and accepts it when allowed', async () => {
    await provisionTopics(kafka, specs, { mode: 'create', minReplicationFactor: 1, topicPrefix: prefix });
    await expect(
      provisionTopics(kafka, specs, { mode: 'verify', minReplicationFactor: 3, topicPrefix: prefix }),
    ).rejects.toThrow(`${names.withdrawalsRequested} has replication factor 1, at least 3 needed`);
    await provisionTopics(kafka, specs, { mode: 'verify', minReplicationFactor: 1, topicPrefix: prefix });
  });
});
