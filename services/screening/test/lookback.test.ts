/**
 * The lookback window across restarts and scaling (review F11, T7), its audit record, and the downstream dedupe of
 * a withdrawal written twice (F10), on the real broker.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  DecisionOutcome,
  EVENT_TYPES,
  HEADERS,
  HitKind,
  topicNames,
  WithdrawalRejected,
  type LookbackRun,
  type TopicNames,
} from '@cordon/contracts';
import { createKafka, decodeEvent } from '@cordon/platform';
import { brokers, createTopics, readTopic, testLogger, uniqueName } from '../../../test/support.js';
import { startScreening, type RunningScreening } from '../src/app.js';
import { coreEngine } from '@cordon/screening-core/contract';
import { designee, ordinaryEthAddress, produce, requested, requestedRecord, testConfig, waitFor } from './fixtures.js';
import { publishListVersion, type PublishedVersion } from './publish-lists.js';
import { formatRow, readRuns } from '../../../packages/cli/src/commands/lookback.js';

const logger = testLogger('screening-test');
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('screening-lookback-test') }, logger);

function allTopics(topics: TopicNames) {
  return [
    { topic: topics.withdrawalsRequested, partitions: 2 },
    { topic: topics.withdrawalsRejected, partitions: 1 },
    { topic: topics.sanctionsSnapshots, partitions: 1 },
    { topic: topics.sanctionsEntities, partitions: 1, config: { 'cleanup.policy': 'compact' } },
    { topic: topics.screeningDecisions, partitions: 2 },
    { topic: topics.screeningRetroHits, partitions: 1 },
    { topic: topics.screeningLookbackRuns, partitions: 1 },
  ];
}

const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops.splice(0)) await drop();
});

/**
 * Each test has its own topics, group and list history (version v1 listing one designee): no test depends on
 * another's state. The topics are dropped after the file's tests.
 */
async function freshDeployment() {
  const prefix = `${uniqueName('lbk')}.`;
  const topics = topicNames(prefix);
  drops.push(await createTopics(kafka, allTopics(topics)));
  const v1 = await publishListVersion(kafka, topics, logger, [designee('800001', 'ALPHA, Person')], {
    versionId: 'v1',
  });
  return { prefix, topics, v1 };
}

const decisionsOf = async (topics: TopicNames) =>
  (await readTopic(kafka, topics.screeningDecisions)).map((r) =>
    decodeEvent(EVENT_TYPES.screeningDecision, r.value, r.headers),
  );
const retroHitsOf = async (topics: TopicNames) =>
  (await readTopic(kafka, topics.screeningRetroHits)).map((r) => decodeEvent(EVENT_TYPES.retroHit, r.value, r.headers));
const runsOf = async (topics: TopicNames): Promise<LookbackRun[]> =>
  (await readTopic(kafka, topics.screeningLookbackRuns)).map((r) =>
    decodeEvent(EVENT_TYPES.lookbackRun, r.value, r.headers),
  );

describe('the lookback window survives restarts and moves with its partitions', () => {
  const running: RunningScreening[] = [];
  const start = async (prefix: string) => {
    const service = await startScreening(testConfig(brokers(), prefix), { logger, engine: coreEngine() });
    running.push(service);
    await service.ready;
    return service;
  };
  const stop = async (service: RunningScreening) => {
    running.splice(running.indexOf(service), 1);
    await service.stop();
  };
  afterEach(async () => {
    for (const service of running.splice(0)) await service.stop();
  });

  it('finds a withdrawal screened before a restart when a later version lists its address, and records the run', async () => {
    const { prefix, topics, v1 } = await freshDeployment();
    const address = ordinaryEthAddress();
    const customers = ['cust-a', 'cust-b', 'cust-c', 'cust-d', 'cust-e', 'cust-f'];
    const before = customers.map((customerRef, i) =>
      requested(`w-before-${i}`, { ticker: 'ETH', address: i === 0 ? address : ordinaryEthAddress() }, { customerRef }),
    );
    const first = await start(prefix);
    await produce(
      kafka,
      before.map((w) => requestedRecord(topics, w)),
    );
    await waitFor(async () => (await decisionsOf(topics)).length >= before.length);
    await stop(first);

    // A new instance (a deploy, a crash, a scale-down): it rebuilds the window from the topics.
    const second = await start(prefix);
    const v2: PublishedVersion = await publishListVersion(
      kafka,
      topics,
      logger,
      [designee('800001', 'ALPHA, Person'), designee('800002', 'BRAVO, Person', address)],
      { versionId: 'v2', previousContentHash: v1.contentHash, fetchedAtMillis: 1_767_300_000_000 },
    );
    await waitFor(async () => (await runsOf(topics)).length >= 1);
    const retro = await retroHitsOf(topics);
    expect(retro.map((r) => r.withdrawalId)).toEqual(['w-before-0']);
    expect(retro[0]!.hits.map((h) => [h.kind, h.entityId])).toEqual([[HitKind.ADDRESS, '800002']]);
    const original = (await decisionsOf(topics)).find((d) => d.withdrawalId === 'w-before-0')!;
    expect(retro[0]!.originalDecisionHash).toBe(original.decisionHash);
    expect(retro[0]!.originalOutcome).toBe(DecisionOutcome.ALLOW);

    const [run, ...more] = await runsOf(topics);
    expect(more).toEqual([]);
    expect(run).toMatchObject({
      newVersion: { contentHash: v2.contentHash, versionId: 'v2' },
      replacedVersion: { contentHash: v1.contentHash, versionId: 'v1' },
      deltaEntities: 1,
      partitions: [0, 1],
      withdrawalsChecked: before.length,
      candidates: 1,
      retroHits: 1,
      detectedAt: { seconds: 1_767_300_000n, nanos: 0 },
    });
    // Every withdrawal screened at the fixtures' time (2026-01-01): the window is that instant.
    expect(run!.windowFrom).toEqual({ seconds: 1_767_225_600n, nanos: 0 });
    expect(run!.windowTo).toEqual({ seconds: 1_767_225_600n, nanos: 0 });
    expect(second.lookbackPartitions()).toEqual([0, 1]);

    // What an auditor sees: `cordon lookback-runs`.
    const rows = await readRuns({ brokers: brokers().join(','), topicPrefix: prefix });
    expect(rows.map((row) => [row.version, row.partitions, row.withdrawalsChecked, row.retroHits])).toEqual([
      ['v2', [0, 1], before.length, 1],
    ]);
    expect(formatRow(rows[0]!)).toContain('window 2026-01-01T00:00:00.000Z .. 2026-01-01T00:00:00.000Z');
  });

  it('looks back at start over a version that came while no instance ran, once (found by the chaos run)', async () => {
    const { prefix, topics, v1 } = await freshDeployment();
    const address = ordinaryEthAddress();
    const before = [
      requested('w-down-0', { ticker: 'ETH', address }, { customerRef: 'cust-a' }),
      requested('w-down-1', { ticker: 'ETH', address: ordinaryEthAddress() }, { customerRef: 'cust-b' }),
    ];
    const first = await start(prefix);
    await produce(
      kafka,
      before.map((w) => requestedRecord(topics, w)),
    );
    await waitFor(async () => (await decisionsOf(topics)).length >= before.length);
    await stop(first);

    // Designated while screening is down (a kill -9 between list-sync's publish and the lookback does the same).
    const v2 = await publishListVersion(
      kafka,
      topics,
      logger,
      [designee('800001', 'ALPHA, Person'), designee('800002', 'BRAVO, Person', address)],
      { versionId: 'v2', previousContentHash: v1.contentHash, fetchedAtMillis: 1_767_300_000_000 },
    );
    const second = await start(prefix);
    await waitFor(async () => (await runsOf(topics)).length >= 1);
    const retro = await retroHitsOf(topics);
    expect(retro.map((r) => [r.withdrawalId, r.newVersion?.contentHash])).toEqual([['w-down-0', v2.contentHash]]);
    expect(
      (await runsOf(topics)).map((r) => [r.newVersion?.versionId, r.replacedVersion?.versionId, r.retroHits]),
    ).toEqual([['v2', 'v1', 1]]);
    await stop(second);

    // Looked back once: a further restart finds the run and does not look back again.
    await start(prefix);
    await produce(kafka, [requestedRecord(topics, requested('w-after', { ticker: 'ETH', address }))]);
    await waitFor(async () => (await decisionsOf(topics)).some((d) => d.withdrawalId === 'w-after'));
    expect((await runsOf(topics)).length).toBe(1);
    expect((await retroHitsOf(topics)).length).toBe(1);
  });

  it('looks back over the partitions each instance owns: two instances, each withdrawal retro-hit once', async () => {
    const { prefix, topics, v1 } = await freshDeployment();
    const address = ordinaryEthAddress();
    // Twelve customers spread over both partitions, all to the address a later version lists.
    const withdrawals = Array.from({ length: 12 }, (_, i) =>
      requested(`w-${i}`, { ticker: 'ETH', address }, { customerRef: `cust-${i}` }),
    );
    const a = await start(prefix);
    await produce(
      kafka,
      withdrawals.map((w) => requestedRecord(topics, w)),
    );
    await waitFor(async () => (await decisionsOf(topics)).length >= withdrawals.length);
    // A second instance joins: one partition moves to it, and its window with it.
    const b = await start(prefix);
    await waitFor(async () => a.lookbackPartitions().length === 1 && b.lookbackPartitions().length === 1);
    expect([...a.lookbackPartitions(), ...b.lookbackPartitions()].sort()).toEqual([0, 1]);

    const v2 = await publishListVersion(
      kafka,
      topics,
      logger,
      [designee('800001', 'ALPHA, Person'), designee('800002', 'BRAVO, Person', address)],
      { versionId: 'v2', previousContentHash: v1.contentHash },
    );
    await waitFor(async () => (await runsOf(topics)).length >= 2);
    const runs = await runsOf(topics);
    expect(runs.map((r) => r.newVersion?.contentHash)).toEqual([v2.contentHash, v2.contentHash]);
    expect(runs.flatMap((r) => r.partitions).sort()).toEqual([0, 1]);
    expect(runs.reduce((sum, r) => sum + r.withdrawalsChecked, 0)).toBe(withdrawals.length);
    const retro = await retroHitsOf(topics);
    expect(retro.map((r) => r.withdrawalId).sort()).toEqual(withdrawals.map((w) => w.withdrawalId).sort());
    expect(runs.reduce((sum, r) => sum + r.retroHits, 0)).toBe(withdrawals.length);
  });

  it('dead-letters a second record of a decided withdrawal as DUPLICATE, in the same run and after a restart', async () => {
    const { prefix, topics } = await freshDeployment();
    const withdrawal = requested('w-twice', { ticker: 'ETH', address: ordinaryEthAddress() });
    const record = requestedRecord(topics, withdrawal);
    const first = await start(prefix);
    // The same event written by two ingest attempts (reservation epochs 1 and 2), as an in-doubt write can be.
    await produce(kafka, [
      { ...record, headers: { ...record.headers, [HEADERS.reservationEpoch]: '1' } },
      { ...record, headers: { ...record.headers, [HEADERS.reservationEpoch]: '2' } },
    ]);
    await waitFor(async () => (await readTopic(kafka, topics.withdrawalsRejected)).length >= 1);
    await stop(first);
    // A third copy after a restart: the rebuilt window knows the withdrawal was decided.
    await start(prefix);
    await produce(kafka, [{ ...record, headers: { ...record.headers, [HEADERS.reservationEpoch]: '3' } }]);
    await waitFor(async () => (await readTopic(kafka, topics.withdrawalsRejected)).length >= 2);

    expect((await decisionsOf(topics)).map((d) => d.withdrawalId)).toEqual(['w-twice']);
    const dead = await readTopic(kafka, topics.withdrawalsRejected);
    expect(dead.map((r) => r.headers[HEADERS.dlqReason]?.toString())).toEqual([
      'DEAD_LETTER_REASON_DUPLICATE',
      'DEAD_LETTER_REASON_DUPLICATE',
    ]);
    expect(dead.map((r) => r.headers[HEADERS.reservationEpoch]?.toString())).toEqual(['2', '3']);
    const summary = WithdrawalRejected.decode(dead[0]!.headers[HEADERS.dlqSummary] as Buffer);
    expect(summary.withdrawalId).toBe('w-twice');
    expect(summary.detail).toContain('epoch: 2');
  });
});
