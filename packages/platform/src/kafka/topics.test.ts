import { describe, expect, it } from 'vitest';
import { productionPartitions, topicNames } from '@cordon/contracts';
import { topicProblems, type TopicPolicy, type TopicShape } from './topics.js';

const policy: TopicPolicy = { mode: 'verify', minReplicationFactor: 3, topicPrefix: 'prod.cordon.' };
const names = topicNames('prod.cordon.');
const specs = [
  { topic: names.withdrawalsRequested, partitions: 3 },
  { topic: names.screeningPolicies, partitions: 3 },
];

describe('topicProblems (KAFKA_TOPICS=verify)', () => {
  it('accepts topics as the platform defines them: the contract partitions, enough replicas', () => {
    const shapes: TopicShape[] = [
      {
        topic: names.withdrawalsRequested,
        partitions: productionPartitions('withdrawalsRequested'),
        replicationFactor: 3,
      },
      { topic: names.screeningPolicies, partitions: 1, replicationFactor: 4 },
    ];
    expect(topicProblems(specs, shapes, policy)).toEqual([]);
  });

  it('names every missing, under-replicated or re-partitioned topic', () => {
    const shapes: TopicShape[] = [{ topic: names.withdrawalsRequested, partitions: 3, replicationFactor: 1 }];
    expect(topicProblems(specs, shapes, policy)).toEqual([
      `${names.withdrawalsRequested} has 3 partitions, the contract says 12`,
      `${names.withdrawalsRequested} has replication factor 1, at least 3 needed`,
      `${names.screeningPolicies} does not exist`,
    ]);
  });

  it("checks a topic of no contract role against the service's own partition count", () => {
    const own = [{ topic: 'prod.cordon.something-else', partitions: 4 }];
    expect(topicProblems(own, [{ topic: own[0]!.topic, partitions: 4, replicationFactor: 3 }], policy)).toEqual([]);
    expect(topicProblems(own, [{ topic: own[0]!.topic, partitions: 2, replicationFactor: 3 }], policy)).toHaveLength(1);
  });
});
