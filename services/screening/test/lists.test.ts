import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionOutcome, EVENT_TYPES, topicNames, type ScreeningDecision } from '@cordon/contracts';
import { createKafka, decodeEvent } from '@cordon/platform';
import { brokers, createTopics, readTopic, testLogger, uniqueName } from '../../../test/support.js';
import { startScreening, type RunningScreening } from '../src/app.js';
import { coreEngine, type ScreeningEngine } from '@cordon/screening-core/contract';
import { designee, ordinaryEthAddress, produce, requested, requestedRecord, testConfig, waitFor } from './fixtures.js';
import { publishListVersion } from './publish-lists.js';

const logger = testLogger('screening-test');
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('screening-lists') }, logger);

/**
 * The core engine, recording the versions of every full snapshot it builds: what screening put in force, in order.
 * (Lookback builds snapshots of a version's delta only; those are not recorded.)
 */
function recordingEngine(built: string[][]): ScreeningEngine {
  const engine = coreEngine();
  return {
    engineVersion: engine.engineVersion,
    policyHash: engine.policyHash,
    policyJson: engine.policyJson,
    buildSnapshot: (versions) => {
      if (versions.every((v) => v.entities.length === v.manifest.entityCount))
        built.push(versions.map((v) => v.versionId));
      return engine.buildSnapshot(versions);
    },
    screenWithdrawal: (withdrawal, snapshot) => engine.screenWithdrawal(withdrawal, snapshot as never),
    screenAddress: (query, snapshot) => engine.screenAddress(query, snapshot as never),
    screenParty: (party, snapshot) => engine.screenParty(party, snapshot as never),
  };
}

describe('list versions in force across a history of versions and a restart', () => {
  const prefix = `${uniqueName('lists')}.`;
  const topics = topicNames(prefix);
  let dropTopics: () => Promise<void>;
  let service: RunningScreening | undefined;

  beforeAll(async () => {
    dropTopics = await createTopics(kafka, [
      { topic: topics.withdrawalsRequested, partitions: 2 },
      { topic: topics.withdrawalsRejected, partitions: 1 },
      { topic: topics.sanctionsSnapshots, partitions: 1 },
      { topic: topics.sanctionsEntities, partitions: 1, config: { 'cleanup.policy': 'compact' } },
      { topic: topics.screeningDecisions, partitions: 2 },
      { topic: topics.screeningRetroHits, partitions: 1 },
    ]);
  });
  afterAll(async () => {
    await service?.stop();
    await dropTopics?.();
  });

  const decisions = async () => {
    const byId = new Map<string, ScreeningDecision[]>();
    for (const r of await readTopic(kafka, topics.screeningDecisions)) {
      const d = decodeEvent(EVENT_TYPES.screeningDecision, r.value, r.headers);
      byId.set(d.withdrawalId, [...(byId.get(d.withdrawalId) ?? []), d]);
    }
    return byId;
  };
  const retroHits = async () =>
    (await readTopic(kafka, topics.screeningRetroHits)).map((r) =>
      decodeEvent(EVENT_TYPES.retroHit, r.value, r.headers),
    );

  it('only moves forward: versions in publication order while running, only the latest after a restart, no retro-hit twice', async () => {
    const address = ordinaryEthAddress();
    const a = designee('700001', 'ALPHA, Person');
    const b = designee('700002', 'BRAVO, Person', address);
    const c = designee('700003', 'CHARLIE, Person');
    const v1 = await publishListVersion(kafka, topics, logger, [a], { versionId: 'v1' });

    const firstBuilt: string[][] = [];
    service = await startScreening(testConfig(brokers(), prefix), { logger, engine: recordingEngine(firstBuilt) });
    await service.ready;
    const early = requested('w-early', { ticker: 'ETH', address });
    await produce(kafka, [requestedRecord(topics, early)]);
    await waitFor(async () => (await decisions()).has(early.withdrawalId));

    const v2 = await publishListVersion(kafka, topics, logger, [a, b], {
      versionId: 'v2',
      previousContentHash: v1.contentHash,
    });
    const v3 = await publishListVersion(kafka, topics, logger, [a, b, c], {
      versionId: 'v3',
      previousContentHash: v2.contentHash,
    });
    await waitFor(async () => service!.versionsInForce()[0]?.contentHash === v3.contentHash);
    await waitFor(async () => (await retroHits()).length >= 1);
    expect(firstBuilt).toEqual([['v1'], ['v2'], ['v3']]);
    expect((await retroHits()).map((h) => [h.withdrawalId, h.newVersion?.versionId])).toEqual([['w-early', 'v2']]);

    // A restart reads the whole history again: only the latest version is put in force, nothing older ever is.
    await service.stop();
    const secondBuilt: string[][] = [];
    service = await startScreening(testConfig(brokers(), prefix), { logger, engine: recordingEngine(secondBuilt) });
    await service.ready;
    expect(secondBuilt).toEqual([['v3']]);
    const late = requested('w-late', { ticker: 'ETH', address });
    await produce(kafka, [requestedRecord(topics, late)]);
    await waitFor(async () => (await decisions()).has(late.withdrawalId));
    const decision = (await decisions()).get(late.withdrawalId)![0]!;
    expect(decision.outcome).toBe(DecisionOutcome.BLOCK);
    expect(decision.pinnedVersions.map((p) => p.versionId)).toEqual(['v3']);

    // A fourth version after the restart is applied once, and the history's retro-hit is not repeated.
    const v4 = await publishListVersion(kafka, topics, logger, [a, b, c, designee('700004', 'DELTA, Person')], {
      versionId: 'v4',
      previousContentHash: v3.contentHash,
    });
    await waitFor(async () => service!.versionsInForce()[0]?.contentHash === v4.contentHash);
    expect(secondBuilt).toEqual([['v3'], ['v4']]);
    expect((await retroHits()).map((h) => h.withdrawalId)).toEqual(['w-early']);
    expect([...(await decisions()).values()].every((list) => list.length === 1)).toBe(true);
  });
});

describe('a refused list version', () => {
  const prefix = `${uniqueName('refused')}.`;
  const topics = topicNames(prefix);
  let dropTopics: () => Promise<void>;
  let service: RunningScreening | undefined;

  beforeAll(async () => {
    dropTopics = await createTopics(kafka, [
      { topic: topics.withdrawalsRequested, partitions: 1 },
      { topic: topics.sanctionsSnapshots, partitions: 1 },
      { topic: topics.sanctionsEntities, partitions: 1, config: { 'cleanup.policy': 'compact' } },
    ]);
  });
  afterAll(async () => {
    await service?.stop();
    await dropTopics?.();
  });

  const degraded = async () =>
    (await service!.metrics.listDegraded.get()).values.find((v) => v.labels.source === 'ofac-sdn')?.value;

  it('marks its source degraded, keeps the older version in force, and clears once a later version is applied', async () => {
    const a = designee('710001', 'ALPHA, Person');
    const b = designee('710002', 'BRAVO, Person');
    const v1 = await publishListVersion(kafka, topics, logger, [a], { versionId: 'v1' });
    service = await startScreening(testConfig(brokers(), prefix), { logger, engine: coreEngine() });
    await service.ready;
    // A manifest that claims more entities than its chunks hold: refused, v1 stays.
    await publishListVersion(kafka, topics, logger, [a, b], { versionId: 'v2-lying', entityCount: 3 });
    await waitFor(async () => (await degraded()) === 1);
    expect(service.versionsInForce()[0]?.contentHash).toBe(v1.contentHash);
    const v3 = await publishListVersion(kafka, topics, logger, [a, b], { versionId: 'v3' });
    await waitFor(async () => service!.versionsInForce()[0]?.contentHash === v3.contentHash);
    expect(await degraded()).toBe(0);
  });
});
