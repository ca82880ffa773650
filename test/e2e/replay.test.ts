/**
 * `cordon replay` end to end on the real broker: the screening service decides withdrawals over the real OFAC
 * SDN 2023-12-28 list across two list versions, then replay proves every decision from the topics alone; tampered
 * records are each reported with their reason and a non-zero exit; what-if under the newer version reports
 * exactly the withdrawals its added entity hits; lookback finds them too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DecisionOutcome,
  EVENT_TYPES,
  ScreeningDecision,
  timestampFromMillis,
  topicNames,
  WithdrawalRequested,
  type TopicNames,
} from '@cordon/contracts';
import type { LoadedList } from '@cordon/lists';
import { createKafka, decodeEvent, encodeEvent, endOffsets, type OutgoingRecord } from '@cordon/platform';
import { coreEngine, decisionHash, screenWithdrawal, type ListVersion } from '@cordon/screening-core/contract';
import { runReplay, type ReplayReport } from '../../packages/cli/src/replay/run.js';
import { renderHtml } from '../../packages/cli/src/replay/report.js';
import { addressEntity, versionDelta } from '../../packages/cli/src/replay/whatif.js';
import { startScreening, type RunningScreening } from '../../services/screening/src/app.js';
import {
  designee,
  listedAddresses,
  ofac2023,
  ordinaryEthAddress,
  produce,
  requested,
  requestedRecord,
  testConfig,
  waitFor,
} from '../../services/screening/test/fixtures.js';
import { publishListVersion, type PublishedVersion } from '../../services/screening/test/publish-lists.js';
import { brokers, createTopics, readTopic, testLogger, uniqueName } from '../support.js';

const logger = testLogger('replay-test');
const FETCHED_AT = 1_767_200_000_000;
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('replay-test') }, logger);
const CLI = fileURLToPath(new URL('../../packages/cli/bin/cordon.mjs', import.meta.url));

function allTopics(topics: TopicNames) {
  return [
    { topic: topics.withdrawalsRequested, partitions: 2 },
    { topic: topics.withdrawalsRejected, partitions: 1 },
    { topic: topics.sanctionsSnapshots, partitions: 1 },
    { topic: topics.sanctionsEntities, partitions: 1, config: { 'cleanup.policy': 'compact' } },
    { topic: topics.screeningDecisions, partitions: 2 },
    { topic: topics.screeningRetroHits, partitions: 1 },
    { topic: topics.screeningPolicies, partitions: 1, config: { 'cleanup.policy': 'compact' } },
  ];
}

async function decisionsOn(topics: TopicNames): Promise<Map<string, ScreeningDecision>> {
  const byId = new Map<string, ScreeningDecision>();
  for (const record of await readTopic(kafka, topics.screeningDecisions)) {
    const decision = decodeEvent(EVENT_TYPES.screeningDecision, record.value, record.headers);
    byId.set(decision.withdrawalId, decision);
  }
  return byId;
}

describe('cordon replay over a real pipeline run on the OFAC 2023-12-28 list', () => {
  const prefix = `${uniqueName('rpl')}.`;
  const topics = topicNames(prefix);
  let dropTopics: () => Promise<void>;
  let service: RunningScreening | undefined;
  let list: LoadedList;
  let v1: PublishedVersion;
  let v2: PublishedVersion;
  let v2Version: ListVersion;
  const newlyListed = ordinaryEthAddress();
  /** Withdrawals decided under v1 that go to the address v2 adds. */
  const hitByV2 = ['w1-to-new-0', 'w1-to-new-1'];
  let decided: Map<string, ScreeningDecision>;

  beforeAll(async () => {
    dropTopics = await createTopics(kafka, allTopics(topics));
    list = await ofac2023();
    v1 = await publishListVersion(kafka, topics, logger, list.entities, {
      versionId: '12/28/2023',
      fetchedAtMillis: FETCHED_AT,
    });
    service = await startScreening(testConfig(brokers(), prefix), { logger, engine: coreEngine() });
    await service.ready;

    // Under v1: listed addresses (BLOCK), ordinary ones (ALLOW), two to the address v2 will add (ALLOW then).
    const listed = listedAddresses(list).slice(0, 150);
    const first = [
      ...listed.map((a, i) => requested(`w1-listed-${i}`, a)),
      ...Array.from({ length: 150 }, (_, i) =>
        requested(`w1-ordinary-${i}`, { ticker: 'ETH', address: ordinaryEthAddress() }),
      ),
      ...hitByV2.map((id) => requested(id, { ticker: 'ETH', address: newlyListed })),
      requested('w1-named', { ticker: 'ETH', address: ordinaryEthAddress() }, { fullName: 'Zakhar Testovich' }),
    ];
    await produce(
      kafka,
      first.map((w) => requestedRecord(topics, w)),
    );
    await waitFor(async () => (await decisionsOn(topics)).size >= first.length, 90_000);

    v2 = await publishListVersion(
      kafka,
      topics,
      logger,
      [...list.entities, designee('990001', 'TESTOVICH, Zakhar', newlyListed)],
      {
        versionId: 'v2',
        previousContentHash: v1.contentHash,
        fetchedAtMillis: FETCHED_AT + 3_600_000,
      },
    );
    await waitFor(async () => service!.versionsInForce()[0]?.contentHash === v2.contentHash);
    v2Version = service.versionsInForce()[0]!;

    // Under v2: more of each, and one to the newly listed address (BLOCK now).
    const later = 1_767_230_000_000;
    const second = [
      ...listed.slice(0, 50).map((a, i) => requested(`w2-listed-${i}`, a, { ingestedAtMillis: later })),
      ...Array.from({ length: 50 }, (_, i) =>
        requested(`w2-ordinary-${i}`, { ticker: 'ETH', address: ordinaryEthAddress() }, { ingestedAtMillis: later }),
      ),
      requested('w2-to-new', { ticker: 'ETH', address: newlyListed }, { ingestedAtMillis: later }),
    ];
    await produce(
      kafka,
      second.map((w) => requestedRecord(topics, w)),
    );
    await waitFor(async () => (await decisionsOn(topics)).size >= first.length + second.length, 90_000);
    decided = await decisionsOn(topics);
    // Nothing more is screened: the tamper tests below write records the service must not act on.
    await service.stop();
    service = undefined;
  }, 300_000);

  afterAll(async () => {
    await service?.stop();
    await dropTopics?.();
    await kafka.close();
  });

  it('verifies every decision of the run, across both list versions, from the topics alone', async () => {
    expect(decided.get('w1-to-new-0')?.outcome).toBe(DecisionOutcome.ALLOW);
    expect(decided.get('w2-to-new')?.outcome).toBe(DecisionOutcome.BLOCK);
    const pinned = new Set([...decided.values()].map((d) => d.pinnedVersions[0]?.contentHash));
    expect(pinned).toEqual(new Set([v1.contentHash, v2.contentHash]));

    const progress: number[] = [];
    const report = await runReplay({
      kafka,
      topics,
      range: { kind: 'all' },
      onProgress: (done) => progress.push(done),
    });
    expect(report.failures).toEqual([]);
    expect(report.total).toBe(decided.size);
    expect(report.counts.verified).toBe(decided.size);
    expect(report.exitCode).toBe(0);
    // Each pinned version set is indexed once.
    expect(report.snapshotsBuilt).toBe(2);
    expect(report.versions.map((v) => v.contentHash)).toEqual([v1.contentHash, v2.contentHash]);
    expect(report.versionUse[`ofac-sdn:${v2.contentHash}`]).toBe(101);
    expect(progress.at(-1)).toBeGreaterThanOrEqual(decided.size);

    const html = renderHtml(report);
    expect(html).toContain('<svg');
    expect(html).toContain(`${decided.size} of ${decided.size} decisions verified`);
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('replays a time range: only the decisions recorded in it', async () => {
    const report = await runReplay({ kafka, topics, range: { kind: 'time', fromMillis: Date.now() + 3_600_000 } });
    expect(report.total).toBe(0);
    expect(report.exitCode).toBe(0);
  });

  it('what if under the newer version: exactly the withdrawals its added entity hits change', async () => {
    const report = await runReplay({
      kafka,
      topics,
      range: { kind: 'all' },
      whatIf: { label: 'v2', versions: (catalogue) => [catalogue.versions.get(`ofac-sdn:${v2.contentHash}`)!] },
    });
    const changes = report.whatIf!.changes;
    expect(changes.map((c) => c.withdrawalId).sort()).toEqual(['w1-named', ...hitByV2].sort());
    for (const change of changes) {
      expect(change.newHits.map((h) => h.entityId)).toEqual(['990001']);
      expect(change.goneHits).toEqual([]);
    }
    const byId = new Map(changes.map((c) => [c.withdrawalId, c]));
    expect(byId.get('w1-to-new-0')).toMatchObject({ from: 'ALLOW', to: 'BLOCK' });
    expect(report.whatIf!.transitions.BLOCK?.BLOCK).toBe(150 + 51);
    expect(report.whatIf!.transitions.BLOCK?.ALLOW).toBeUndefined();
    expect(report.whatIf!.unavailable).toBe(0);
    expect(report.exitCode).toBe(0);
  });

  it('looks back on demand: the past withdrawals to an address, with the decision each got then', async () => {
    const report = await runReplay({
      kafka,
      topics,
      range: { kind: 'all' },
      lookback: { label: 'address', entities: () => [addressEntity('ETH', newlyListed)] },
    });
    const hits = report.lookback!.hits;
    expect(hits.map((h) => [h.withdrawalId, h.outcome]).sort()).toEqual(
      [...hitByV2.map((id) => [id, 'ALLOW']), ['w2-to-new', 'BLOCK']].sort(),
    );
    expect(report.lookback!.screened).toBe(decided.size);

    // By version: what v2 added (the designee, by address and by name) against every past withdrawal.
    const byVersion = await runReplay({
      kafka,
      topics,
      range: { kind: 'all' },
      lookback: { label: 'v2', entities: (catalogue) => versionDelta(catalogue, v2.contentHash) },
    });
    expect(byVersion.lookback!.entities).toBe(1);
    expect(byVersion.lookback!.hits.map((h) => h.withdrawalId).sort()).toEqual(
      [...hitByV2, 'w1-named', 'w2-to-new'].sort(),
    );
  });

  describe('tampered records', () => {
    const end = async () => (await endOffsets(kafka, topics.screeningDecisions)).find((e) => e.partition === 0)!.end;

    async function replayFrom(from: bigint): Promise<ReplayReport> {
      return runReplay({ kafka, topics, range: { kind: 'offsets', partitions: [0], from } });
    }

    async function writeDecision(decision: ScreeningDecision): Promise<void> {
      const { value, headers } = encodeEvent(EVENT_TYPES.screeningDecision, decision);
      await produce(kafka, [
        { topic: topics.screeningDecisions, partition: 0, key: decision.withdrawalId, value, headers },
      ]);
    }

    it('reports a decision whose hash is wrong, and one whose content was altered, and exits 1', async () => {
      const from = await end();
      const original = decided.get('w1-listed-0')!;
      await writeDecision({ ...original, decisionHash: 'ab'.repeat(32) });
      // Another decision's verdict changed and its hash sealed again: only the screen itself can tell.
      const altered = { ...decided.get('w1-listed-1')!, outcome: DecisionOutcome.ALLOW };
      altered.decisionHash = decisionHash(altered);
      await writeDecision(altered);

      const report = await replayFrom(from);
      expect(report.total).toBe(2);
      expect(report.counts.mismatched).toBe(2);
      expect(report.exitCode).toBe(1);
      const [wrongHash, wrongOutcome] = report.failures;
      expect(wrongHash).toMatchObject({ status: 'mismatched', withdrawalId: 'w1-listed-0', field: 'decision_hash' });
      expect(wrongHash!.reason).toContain('is not the hash of the decision');
      expect(wrongOutcome).toMatchObject({ status: 'mismatched', withdrawalId: 'w1-listed-1', field: 'outcome' });
      expect(wrongOutcome!.reason).toContain('DECISION_OUTCOME_ALLOW');

      // The command itself: the reason on stdout and exit status 1.
      const cli = spawnSync(
        process.execPath,
        [
          CLI,
          'replay',
          '--brokers',
          brokers().join(','),
          '--topic-prefix',
          prefix,
          '--partition',
          '0',
          '--from-offset',
          String(from),
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(cli.stdout).toContain('mismatched w1-listed-0');
      expect(cli.stdout).toContain('is not the hash of the decision');
      expect(cli.status).toBe(1);
    });

    it("reports a withdrawal whose bytes differ from the decision's input hash, and exits 1", async () => {
      const from = await end();
      const original = requested('w-tamper-input', { ticker: 'ETH', address: ordinaryEthAddress() });
      const bytes = WithdrawalRequested.encode(original).finish();
      const engine = coreEngine();
      const made = screenWithdrawal(
        original,
        bytes,
        timestampFromMillis(0),
        engine,
        engine.buildSnapshot([v2Version]),
        new Map(),
      );
      if (made.kind !== 'decision') throw new Error('fixture withdrawal was rejected');
      // The requested topic carries other bytes under the same withdrawal id (the amount was changed).
      const changed: OutgoingRecord = requestedRecord(topics, {
        ...original,
        amount: { asset: 'ETH', amountDecimal: '150' },
      });
      await produce(kafka, [changed]);
      await writeDecision(made.decision);

      const report = await replayFrom(from);
      expect(report.failures).toHaveLength(1);
      expect(report.failures[0]).toMatchObject({
        status: 'mismatched',
        withdrawalId: 'w-tamper-input',
        field: 'input_sha256',
      });
      expect(report.failures[0]!.reason).toContain(
        `do not hash to the decision's input_sha256 ${made.decision.inputSha256}`,
      );
      expect(report.exitCode).toBe(1);
    });

    it('reports a decision pinning a list version the snapshots topic does not hold, and exits non-zero', async () => {
      const from = await end();
      const original = decided.get('w1-ordinary-0')!;
      const missing = 'cd'.repeat(32);
      const tampered = {
        ...original,
        pinnedVersions: original.pinnedVersions.map((p) => ({ ...p, contentHash: missing })),
      };
      tampered.decisionHash = decisionHash(tampered);
      await writeDecision(tampered);

      const report = await replayFrom(from);
      expect(report.failures).toHaveLength(1);
      expect(report.failures[0]).toMatchObject({ status: 'list-version-missing', withdrawalId: 'w1-ordinary-0' });
      expect(report.failures[0]!.reason).toContain(`ofac-sdn:${missing} is not on the snapshots topic`);
      expect(report.counts['list-version-missing']).toBe(1);
      expect(report.exitCode).not.toBe(0);

      const dir = mkdtempSync(join(tmpdir(), 'replay-'));
      const html = join(dir, 'report.html');
      const cli = spawnSync(
        process.execPath,
        [
          CLI,
          'replay',
          '--brokers',
          brokers().join(','),
          '--topic-prefix',
          prefix,
          '--partition',
          '0',
          '--from-offset',
          String(from),
          '--json',
          '--html',
          html,
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(cli.status).toBe(2);
      const lines = cli.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ failure: { status: 'list-version-missing', withdrawalId: 'w1-ordinary-0' } });
      expect(lines.at(-1)).toMatchObject({ summary: { total: 1, exitCode: 2 } });
      expect(readFileSync(html, 'utf8')).toContain('is not on the snapshots topic');
    });
  });
});
