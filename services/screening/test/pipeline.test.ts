import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DecisionOutcome,
  EVENT_TYPES,
  HEADERS,
  HitKind,
  ListSource,
  RetroHit,
  ScreeningDecision,
  timestampFromMillis,
  topicNames,
  WithdrawalRejected,
  type TopicNames,
} from '@cordon/contracts';
import type { LoadedList } from '@cordon/lists';
import { createKafka, decodeEvent, encodeEvent, type OutgoingRecord } from '@cordon/platform';
import { brokers, createTopics, readTopic, testLogger, uniqueName } from '../../../test/support.js';
import { startScreening, type RunningScreening } from '../src/app.js';
import { decisionHash, coreEngine } from '@cordon/screening-core/contract';
import {
  listedAddresses,
  ofac2023,
  designee,
  ordinaryEthAddress,
  produce,
  requested,
  requestedRecord,
  testConfig,
  waitFor,
} from './fixtures.js';
import { publishListVersion, type PublishedVersion } from './publish-lists.js';

const logger = testLogger('screening-test');
/** When the test's first list version was fetched: a little before the withdrawals' time. */
const FETCHED_AT = 1_767_200_000_000;
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('screening-test') }, logger);

function allTopics(topics: TopicNames) {
  return [
    { topic: topics.withdrawalsRequested, partitions: 2 },
    { topic: topics.withdrawalsRejected, partitions: 1 },
    { topic: topics.sanctionsSnapshots, partitions: 1 },
    { topic: topics.sanctionsEntities, partitions: 1, config: { 'cleanup.policy': 'compact' } },
    { topic: topics.screeningDecisions, partitions: 2 },
    { topic: topics.screeningRetroHits, partitions: 1 },
  ];
}

async function decisions(topics: TopicNames): Promise<Map<string, ScreeningDecision[]>> {
  const byId = new Map<string, ScreeningDecision[]>();
  for (const record of await readTopic(kafka, topics.screeningDecisions)) {
    const decision = decodeEvent(EVENT_TYPES.screeningDecision, record.value, record.headers);
    expect(record.key?.toString()).toBe(decision.withdrawalId);
    byId.set(decision.withdrawalId, [...(byId.get(decision.withdrawalId) ?? []), decision]);
  }
  return byId;
}

describe('screening pipeline on the real broker with the OFAC 2023-12-28 list', () => {
  const prefix = `${uniqueName('scr')}.`;
  const topics = topicNames(prefix);
  let dropTopics: () => Promise<void>;
  let service: RunningScreening;
  let list: LoadedList;
  let v1: PublishedVersion;

  beforeAll(async () => {
    dropTopics = await createTopics(kafka, allTopics(topics));
    list = await ofac2023();
    v1 = await publishListVersion(kafka, topics, logger, list.entities, {
      versionId: '12/28/2023',
      fetchedAtMillis: FETCHED_AT,
    });
    service = await startScreening(testConfig(brokers(), prefix), {
      logger,
      engine: coreEngine(),
    });
    await service.ready;
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await dropTopics?.();
  });

  it('blocks withdrawals to listed addresses, allows ordinary ones, and dead-letters poison without stopping', async () => {
    expect(service.isReady()).toBe(true);
    expect(service.versionsInForce().map((v) => v.contentHash)).toEqual([list.contentHash]);
    const listed = listedAddresses(list);
    expect(listed.length).toBeGreaterThan(100);
    const blocked = listed.map((address, i) => requested(`w-listed-${i}`, address));
    const allowed = Array.from({ length: 100 }, (_, i) =>
      requested(`w-ordinary-${i}`, { ticker: 'ETH', address: ordinaryEthAddress() }),
    );
    const good = [...blocked, ...allowed].map((w) => requestedRecord(topics, w));
    const input = topics.withdrawalsRequested;
    const poison: OutgoingRecord[] = [
      { topic: input, key: 'p', value: Buffer.from('not protobuf'), headers: {} },
      { topic: input, key: 'p', value: Buffer.from([10, 1, 97]), headers: { [HEADERS.type]: 'x.y.Unknown' } },
      { topic: input, key: 'p', ...encodeEvent(EVENT_TYPES.screeningDecision, ScreeningDecision.fromPartial({})) },
      {
        topic: input,
        key: 'p',
        value: Buffer.from([10, 200, 1, 1]),
        headers: { [HEADERS.type]: EVENT_TYPES.withdrawalRequested.typeName },
      },
      requestedRecord(
        topics,
        requested('w-oversize', { ticker: 'ETH', address: ordinaryEthAddress() }, { fullName: 'x'.repeat(70_000) }),
      ),
      requestedRecord(topics, requested('', { ticker: 'ETH', address: ordinaryEthAddress() }, { customerRef: 'p' })),
    ];
    // Poison in the middle of the stream: what comes after it must still be screened.
    await produce(kafka, [...good.slice(0, 50), ...poison, ...good.slice(50)]);

    await waitFor(async () => (await decisions(topics)).size >= good.length);
    const byId = await decisions(topics);
    expect(byId.size).toBe(good.length);
    for (const w of blocked) {
      const [decision, ...more] = byId.get(w.withdrawalId) ?? [];
      expect(more).toEqual([]);
      expect(decision?.outcome).toBe(DecisionOutcome.BLOCK);
      expect(decision?.hits[0]?.kind).toBe(HitKind.ADDRESS);
    }
    for (const w of allowed) expect(byId.get(w.withdrawalId)?.map((d) => d.outcome)).toEqual([DecisionOutcome.ALLOW]);
    for (const [, [decision]] of byId) {
      expect(decision!.pinnedVersions).toEqual([
        // Confirmed current when fetched: the withdrawals (2026-01-01) are well within the policy's list age.
        {
          source: ListSource.OFAC_SDN,
          contentHash: v1.contentHash,
          versionId: '12/28/2023',
          confirmedAt: timestampFromMillis(FETCHED_AT),
        },
      ]);
      expect(decisionHash(decision!)).toBe(decision!.decisionHash);
      expect(decision!.screenedAt).toEqual({ seconds: 1_767_225_600n, nanos: 0 });
    }

    const dead = await readTopic(kafka, topics.withdrawalsRejected);
    const reasons = dead.map((record) => record.headers[HEADERS.dlqReason]?.toString());
    expect(reasons).toEqual([
      'DEAD_LETTER_REASON_MISSING_TYPE',
      'DEAD_LETTER_REASON_UNKNOWN_TYPE',
      'DEAD_LETTER_REASON_WRONG_TYPE',
      'DEAD_LETTER_REASON_MALFORMED',
      'DEAD_LETTER_REASON_OVERSIZE',
      'DEAD_LETTER_REASON_INVALID_FIELDS',
    ]);
    // The original bytes, untouched (librdkafka's Node binding reads an empty value as null: both count as empty).
    const hex = (value: Buffer | null | undefined) => value?.toString('hex') ?? '';
    expect(dead.map((record) => hex(record.value))).toEqual(poison.map((p) => hex(p.value)));
    const summary = WithdrawalRejected.decode(dead[5]!.headers[HEADERS.dlqSummary] as Buffer);
    expect(summary.violations.map((v) => v.field)).toEqual(['withdrawal_id']);
    expect(summary.rejectedBy).toBe('screening');
    // Review F5: dead letters say whose input it was, when the event decodes.
    expect(summary.producer).toBe('wallets');

    // A batch screened again after a failed transaction counts again, hence at least.
    const counted = async (metric: { get(): Promise<{ values: Array<{ labels: object; value: number }> }> }) =>
      Object.fromEntries((await metric.get()).values.map((v) => [Object.values(v.labels).join(','), v.value]));
    const decided = await counted(service.metrics.decisions);
    expect(decided.block).toBeGreaterThanOrEqual(blocked.length);
    expect(decided.allow).toBeGreaterThanOrEqual(allowed.length);
    expect(Object.keys(await counted(service.metrics.deadLetters)).sort()).toEqual([...new Set(reasons)].sort());
  });

  it('applies a new version mid-stream: later decisions pin it, past withdrawals to what it adds get retro-hits', async () => {
    const address = ordinaryEthAddress();
    const before = requested('w-before-v2', { ticker: 'ETH', address });
    await produce(kafka, [requestedRecord(topics, before)]);
    await waitFor(async () => (await decisions(topics)).has(before.withdrawalId));
    expect((await decisions(topics)).get(before.withdrawalId)?.[0]?.outcome).toBe(DecisionOutcome.ALLOW);

    const added = designee('990001', 'TESTOVICH, Zakhar', address);
    const v2 = await publishListVersion(kafka, topics, logger, [...list.entities, added], {
      versionId: 'v2',
      previousContentHash: v1.contentHash,
      fetchedAtMillis: 1_767_300_000_000,
    });
    await waitFor(async () => service.versionsInForce()[0]?.contentHash === v2.contentHash);

    const after = requested('w-after-v2', { ticker: 'USDT', address: address.toUpperCase().replace('0X', '0x') });
    await produce(kafka, [requestedRecord(topics, after)]);
    await waitFor(async () => (await decisions(topics)).has(after.withdrawalId));
    const decision = (await decisions(topics)).get(after.withdrawalId)![0]!;
    expect(decision.outcome).toBe(DecisionOutcome.BLOCK);
    expect(decision.hits[0]?.entityId).toBe('990001');
    expect(decision.pinnedVersions.map((p) => p.contentHash)).toEqual([v2.contentHash]);

    await waitFor(async () => (await readTopic(kafka, topics.screeningRetroHits)).length > 0);
    const retro = (await readTopic(kafka, topics.screeningRetroHits)).map((r) =>
      decodeEvent(EVENT_TYPES.retroHit, r.value, r.headers),
    );
    expect(retro.map((r) => r.withdrawalId)).toEqual([before.withdrawalId]);
    const [hit] = retro as [RetroHit];
    expect(hit.newVersion?.contentHash).toBe(v2.contentHash);
    expect(hit.originalOutcome).toBe(DecisionOutcome.ALLOW);
    expect(hit.originalDecisionHash).toBe((await decisions(topics)).get(before.withdrawalId)![0]!.decisionHash);
    expect(hit.hits.map((h) => [h.kind, h.entityId])).toEqual([[HitKind.ADDRESS, '990001']]);
    expect(hit.detectedAt).toEqual({ seconds: 1_767_300_000n, nanos: 0 });
  });
});
