import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DecisionOutcome,
  EVENT_TYPES,
  HitKind,
  ListSource,
  suppressionKey,
  timestampFromMillis,
  topicNames,
  type ScreeningDecision,
  type Suppression,
  type TopicNames,
  type WithdrawalRequested,
} from '@cordon/contracts';
import { entityHash } from '@cordon/lists';
import { createKafka, decodeEvent, encodeEvent, type OutgoingRecord } from '@cordon/platform';
import { brokers, createTopics, readTopic, testLogger, uniqueName } from '../../../test/support.js';
import { startScreening, type RunningScreening } from '../src/app.js';
import { coreEngine, screenWithdrawal, suppressionsOfDecision } from '@cordon/screening-core/contract';
import { designee, ordinaryEthAddress, produce, requested, requestedRecord, testConfig, waitFor } from './fixtures.js';
import { publishListVersion } from './publish-lists.js';

const logger = testLogger('screening-test');
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('screening-suppressions') }, logger);

const CUSTOMER = 'cust-false-positive';
const address = ordinaryEthAddress();
const listed = designee('990101', 'TESTOVICH, Zakhar', address);
// The publisher changed the entry (a new programme): same designee, another entity hash.
const changed = { ...listed, programs: ['CYBER2', 'RUSSIA-EO14024'] };
const bystander = designee('990102', 'OTHERSON, Pavel', ordinaryEthAddress());

function suppressionRecord(topics: TopicNames, suppression: Suppression): OutgoingRecord {
  const { value, headers } = encodeEvent(EVENT_TYPES.suppression, suppression);
  return { topic: topics.caseSuppressions, key: EVENT_TYPES.suppression.key(suppression), value, headers };
}

const suppression = (hash: string, caseId: string): Suppression => ({
  customerRef: CUSTOMER,
  source: ListSource.OFAC_SDN,
  entityId: listed.id,
  entityHash: hash,
  caseId,
  approvedAt: timestampFromMillis(1_767_000_000_000),
});

describe('suppressions of approved false positives on the real broker', () => {
  const prefix = `${uniqueName('supp')}.`;
  const topics = topicNames(prefix);
  let dropTopics: () => Promise<void>;
  let service: RunningScreening;

  const screened = async (withdrawal: WithdrawalRequested): Promise<ScreeningDecision> => {
    await produce(kafka, [requestedRecord(topics, withdrawal)]);
    let found: ScreeningDecision | undefined;
    await waitFor(async () => {
      for (const record of await readTopic(kafka, topics.screeningDecisions)) {
        const decision = decodeEvent(EVENT_TYPES.screeningDecision, record.value, record.headers);
        if (decision.withdrawalId === withdrawal.withdrawalId) found = decision;
      }
      return found !== undefined;
    });
    return found!;
  };
  const hitOn = (decision: ScreeningDecision) =>
    decision.hits.find((h) => h.kind === HitKind.ADDRESS && h.entityId === listed.id);

  beforeAll(async () => {
    dropTopics = await createTopics(kafka, [
      { topic: topics.withdrawalsRequested, partitions: 2 },
      { topic: topics.withdrawalsRejected, partitions: 1 },
      { topic: topics.sanctionsSnapshots, partitions: 1 },
      { topic: topics.sanctionsEntities, partitions: 1, config: { 'cleanup.policy': 'compact' } },
      { topic: topics.screeningDecisions, partitions: 2 },
      { topic: topics.screeningRetroHits, partitions: 1 },
      { topic: topics.caseSuppressions, partitions: 2, config: { 'cleanup.policy': 'compact' } },
    ]);
    await publishListVersion(kafka, topics, logger, [listed, bystander], { versionId: 'v1' });
    // Published before screening starts: it must be read at start, before the first withdrawal is screened.
    await produce(kafka, [suppressionRecord(topics, suppression(entityHash(listed), 'case-1'))]);
    service = await startScreening(testConfig(brokers(), prefix), { logger, engine: coreEngine() });
    await service.ready;
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await dropTopics?.();
    await kafka.close();
  });

  it('reports the hit suppressed and lets it not count while the entity is unchanged', async () => {
    expect(service.suppressionsOf(CUSTOMER)).toHaveLength(1);
    const withdrawal = requested('w-supp-1', { ticker: 'ETH', address }, { customerRef: CUSTOMER });
    const decision = await screened(withdrawal);
    const hit = hitOn(decision);
    expect(hit?.entityHash).toBe(entityHash(listed));
    expect(hit?.suppressed).toBe(true);
    expect(hit?.suppressedByCase).toBe('case-1');
    expect(decision.outcome).toBe(DecisionOutcome.ALLOW);
    expect(decision.reasons.map((r) => r.code)).toEqual(['SUPPRESSED_FALSE_POSITIVE']);

    // Replay: the same input against the same versions with the suppressions the decision pins gives its hash.
    const engine = coreEngine();
    const snapshot = engine.buildSnapshot(service.versionsInForce());
    const input = encodeEvent(EVENT_TYPES.withdrawalRequested, withdrawal).value;
    const replay = (pinned: ReturnType<typeof suppressionsOfDecision>) => {
      const outcome = screenWithdrawal(
        withdrawal,
        input,
        timestampFromMillis(0),
        engine,
        snapshot,
        undefined,
        () => pinned,
      );
      if (outcome.kind !== 'decision') throw new Error('not screened');
      return outcome.decision;
    };
    const again = replay(suppressionsOfDecision(decision));
    expect(again.decisionHash).toBe(decision.decisionHash);
    expect(again.pinnedVersions.map((p) => p.contentHash)).toEqual(decision.pinnedVersions.map((p) => p.contentHash));
    const without = replay([]);
    expect(without.outcome).toBe(DecisionOutcome.BLOCK);
    expect(without.decisionHash).not.toBe(decision.decisionHash);
  });

  it('suppresses for that customer only', async () => {
    const decision = await screened(requested('w-supp-other', { ticker: 'ETH', address }, { customerRef: 'cust-x' }));
    expect(hitOn(decision)?.suppressed).toBe(false);
    expect(decision.outcome).toBe(DecisionOutcome.BLOCK);
  });

  it('lifts the suppression once the entity changes, follows new suppressions and tombstones', async () => {
    const v2 = await publishListVersion(kafka, topics, logger, [changed, bystander], { versionId: 'v2' });
    await waitFor(async () => service.versionsInForce()[0]?.contentHash === v2.contentHash);
    expect(entityHash(changed)).not.toBe(entityHash(listed));

    const lifted = await screened(requested('w-supp-2', { ticker: 'ETH', address }, { customerRef: CUSTOMER }));
    const hit = hitOn(lifted);
    expect(hit?.entityHash).toBe(entityHash(changed));
    expect(hit?.suppressed).toBe(false);
    expect(hit?.suppressedByCase).toBe('');
    expect(lifted.outcome).toBe(DecisionOutcome.BLOCK);

    // A new false positive approved on the changed entry: followed while running.
    await produce(kafka, [suppressionRecord(topics, suppression(entityHash(changed), 'case-2'))]);
    await waitFor(async () => service.suppressionsOf(CUSTOMER)[0]?.caseId === 'case-2');
    const again = await screened(requested('w-supp-3', { ticker: 'ETH', address }, { customerRef: CUSTOMER }));
    expect(hitOn(again)?.suppressedByCase).toBe('case-2');
    expect(again.outcome).toBe(DecisionOutcome.ALLOW);

    // A tombstone removes it.
    await produce(kafka, [
      {
        topic: topics.caseSuppressions,
        key: suppressionKey(CUSTOMER, ListSource.OFAC_SDN, listed.id),
        value: null,
        headers: {},
      },
    ]);
    await waitFor(async () => service.suppressionsOf(CUSTOMER).length === 0);
    const removed = await screened(requested('w-supp-4', { ticker: 'ETH', address }, { customerRef: CUSTOMER }));
    expect(hitOn(removed)?.suppressed).toBe(false);
    expect(removed.outcome).toBe(DecisionOutcome.BLOCK);
  });
});
