import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionOutcome, EVENT_TYPES, topicNames } from '@cordon/contracts';
import { createKafka, decodeEvent } from '@cordon/platform';
import { freePort } from '../../../infra/local/kafka.js';
import { testAuth } from '../../../test/auth.js';
import { brokers, createTopics, readTopic, readTopicWithJava, testLogger, uniqueName } from '../../../test/support.js';
import {
  listedAddresses,
  ofac2023,
  ordinaryEthAddress,
  produce,
  requested,
  requestedRecord,
  waitFor,
} from './fixtures.js';
import { publishListVersion } from './publish-lists.js';

const logger = testLogger('screening-test');
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('screening-kill') }, logger);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const TOTAL = 2_000;

/** The service as its own process, as Kubernetes or `cordon up` would run it. */
function spawnService(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'services/screening/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * Records committed so far, from the child's own metrics endpoint (0 while it is not up): screening_batch_records
 * is observed once a batch's transaction has committed. Not the decisions made, which count aborted and retried
 * batches too, so a kill triggered by them could come before anything committed.
 */
async function decisionsMade(opsPort: number): Promise<number> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
    return Number(/^screening_batch_records_sum(?:\{[^}]*\})? ([\d.e+]+)/m.exec(text)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

describe('kill -9 of the screening process mid-stream', () => {
  const prefix = `${uniqueName('kill')}.`;
  const topics = topicNames(prefix);
  let dropTopics: () => Promise<void>;
  let child: ChildProcess | undefined;
  const identities = testAuth();

  beforeAll(async () => {
    dropTopics = await createTopics(kafka, [
      { topic: topics.withdrawalsRequested, partitions: 3 },
      { topic: topics.withdrawalsRejected, partitions: 1 },
      { topic: topics.sanctionsSnapshots, partitions: 1 },
      { topic: topics.sanctionsEntities, partitions: 1, config: { 'cleanup.policy': 'compact' } },
      { topic: topics.screeningDecisions, partitions: 3 },
      { topic: topics.screeningRetroHits, partitions: 1 },
    ]);
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await dropTopics?.();
    identities.remove();
  });

  it('leaves exactly one committed decision per withdrawal after a SIGKILL and a restart', async () => {
    // The OFAC entities that list addresses: real data, small enough for a quick start.
    const list = await ofac2023();
    const withAddresses = list.entities.filter((entity) => entity.digitalCurrencyAddresses.length > 0);
    await publishListVersion(kafka, topics, logger, withAddresses, { versionId: '12/28/2023-addresses' });
    const listed = listedAddresses(list);
    const withdrawals = Array.from({ length: TOTAL }, (_, i) =>
      requested(
        `w-${i}`,
        i % 10 === 0 ? listed[i % listed.length]! : { ticker: 'ETH', address: ordinaryEthAddress() },
        {
          customerRef: `cust-${i % 37}`,
        },
      ),
    );

    const opsPort = await freePort();
    const env = {
      KAFKA_BROKERS: brokers().join(','),
      KAFKA_TOPICS: 'create',
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}screening`,
      SCREENING_GRPC_PORT: '0',
      SCREENING_OPS_PORT: String(opsPort),
      // Small transactions, so that the kill lands between and inside many of them.
      SCREENING_MAX_BATCH_RECORDS: '50',
      // Every input partition in flight at once: several transactions open, interleaved in the decision
      // partitions, when the process dies (what the kafkajs reader once showed as duplicates).
      SCREENING_CONCURRENT_PARTITIONS: '3',
      // Callers would be verified against a test key (the test calls no gRPC method).
      ...identities.env,
    };
    child = spawnService(env);
    // Feed the stream while the service works through it.
    const feeding = (async () => {
      for (let i = 0; i < TOTAL; i += 100) {
        await produce(
          kafka,
          withdrawals.slice(i, i + 100).map((w) => requestedRecord(topics, w)),
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const kill = async (afterDecisions: number) => {
      await waitFor(async () => (await decisionsMade(opsPort)) >= afterDecisions, 90_000);
      const killed = child!;
      killed.kill('SIGKILL');
      await new Promise((resolve) => killed.once('exit', resolve));
    };
    // First kill early, while the stream is still arriving.
    await kill(300);
    const beforeRestart = (await readTopic(kafka, topics.screeningDecisions)).length;
    expect(beforeRestart).toBeGreaterThan(0);
    expect(beforeRestart).toBeLessThan(TOTAL);
    // Second kill in the restarted process, part-way through what is left.
    child = spawnService(env);
    await kill(500);
    await feeding;

    child = spawnService(env);
    await waitFor(async () => (await readTopic(kafka, topics.screeningDecisions)).length >= TOTAL, 120_000);
    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
    child = undefined;

    const decisions = (await readTopic(kafka, topics.screeningDecisions)).map((r) =>
      decodeEvent(EVENT_TYPES.screeningDecision, r.value, r.headers),
    );
    const counts = new Map<string, number>();
    for (const d of decisions) counts.set(d.withdrawalId, (counts.get(d.withdrawalId) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    expect([...counts.keys()].sort()).toEqual(withdrawals.map((w) => w.withdrawalId).sort());
    // Apache Kafka's own Java consumer, read_committed, sees exactly one decision per withdrawal too.
    const javaCounts = new Map<string, number>();
    for (const r of readTopicWithJava(topics.screeningDecisions))
      javaCounts.set(r.key, (javaCounts.get(r.key) ?? 0) + 1);
    expect([...javaCounts.values()].filter((n) => n !== 1)).toEqual([]);
    expect(javaCounts.size).toBe(TOTAL);
    const outcomes = new Map(decisions.map((d) => [d.withdrawalId, d.outcome]));
    withdrawals.forEach((w, i) =>
      expect(outcomes.get(w.withdrawalId)).toBe(i % 10 === 0 ? DecisionOutcome.BLOCK : DecisionOutcome.ALLOW),
    );
  }, 360_000);
});
