import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from './registry.js';
import { DEFAULT_TOPIC_PREFIX, TOPIC_ROLES, topicNames } from './topics.js';

describe('topic names', () => {
  it('prefix every role with the default prefix', () => {
    const names = topicNames();
    expect(names.withdrawalsRequested).toBe('cordon.withdrawals.requested');
    expect(names.sanctionsEntities).toBe('cordon.sanctions.entities');
    expect(Object.keys(names).sort()).toEqual(Object.keys(TOPIC_ROLES).sort());
    expect(DEFAULT_TOPIC_PREFIX).toBe('cordon.');
  });

  it('take any legal prefix and keep every role on its own topic', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9._-]{0,40}$/), (prefix) => {
        const names = Object.values(topicNames(prefix));
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) expect(name.startsWith(prefix)).toBe(true);
      }),
    );
  });

  it.each(['staging cordon.', 'cordon/', 'ü.', 'x'.repeat(240)])('refuse the illegal prefix %j', (prefix) => {
    expect(() => topicNames(prefix)).toThrow(/illegal Kafka topic name/);
  });
});

describe('topic roles', () => {
  it('put every event type on exactly one topic', () => {
    const carried = Object.values(TOPIC_ROLES).flatMap((role) => role.types.map((t) => t.typeName));
    expect(carried.sort()).toEqual(
      Object.values(EVENT_TYPES)
        .map((t) => t.typeName)
        .sort(),
    );
  });

  it('compact the entities topic and keep snapshots forever, as the SPEC requires', () => {
    expect(TOPIC_ROLES.sanctionsEntities.config['cleanup.policy']).toBe('compact');
    expect(TOPIC_ROLES.sanctionsSnapshots.config['retention.ms']).toBe('-1');
    expect(TOPIC_ROLES.sanctionsSnapshots.config['cleanup.policy']).toBeUndefined();
  });

  it.each([
    'withdrawalsRequested',
    'screeningDecisions',
    'sanctionsSnapshots',
    'screeningPolicies',
    'caseEvents',
  ] as const)('retain %s forever: replay proves past decisions from it', (role) => {
    expect(TOPIC_ROLES[role].config['retention.ms']).toBe('-1');
    expect(TOPIC_ROLES[role].config['retention.bytes']).toBe('-1');
  });

  it('compact the policies topic: one record per policy hash, never deleted', () => {
    expect(TOPIC_ROLES.screeningPolicies.config['cleanup.policy']).toBe('compact');
  });

  it('leave dead-letter values untyped: they are the original bytes', () => {
    expect(TOPIC_ROLES.withdrawalsRejected.types).toEqual([]);
  });
});
