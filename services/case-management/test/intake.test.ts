/**
 * Intake on the real broker and PostgreSQL: each decision kind leads to its case or disposition, duplicates and
 * restarts open nothing new, bad records are dead-lettered with their reason, and everything published reaches
 * Kafka once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CaseEvent,
  CaseStatus,
  CaseTrigger,
  DecisionOutcome,
  Disposition,
  DispositionAction,
  EVENT_TYPES,
  HEADERS,
} from '@cordon/contracts';
import { decodeEvent, type KafkaClient } from '@cordon/platform';
import { readTopic, testKafka } from '../../../test/support.js';
import type { RunningCaseManagement } from '../src/app.js';
import {
  addressHit,
  createCaseEnv,
  decision,
  jurisdictionHit,
  nameHit,
  produce,
  records,
  retroHit,
  startInProcess,
  waitFor,
  withdrawal,
  type CaseEnv,
} from './helpers.js';

let kafka: KafkaClient;
let env: CaseEnv;
let service: RunningCaseManagement | undefined;

beforeAll(async () => {
  kafka = testKafka();
  env = await createCaseEnv(kafka);
});

afterAll(async () => {
  await service?.stop();
  await env.cleanup();
  await kafka.close();
});

const count = async (sql: string, params: unknown[] = []) =>
  Number((await env.query<{ n: string }>(sql, params))[0]!.n);

describe('case-management intake', () => {
  it('releases ALLOW at once, opens one case per held or blocked withdrawal, joins later triggers, and ignores duplicates', async () => {
    const allow = decision('w-allow', DecisionOutcome.ALLOW);
    const hold = decision('w-hold', DecisionOutcome.HOLD, [nameHit('10000')]);
    const block = decision('w-block', DecisionOutcome.BLOCK, [addressHit('25308')]);
    const jurisdiction = decision('w-ir', DecisionOutcome.HOLD, [jurisdictionHit()]);
    const retroOnAllowed = retroHit('w-allow', [addressHit('30000')], allow.decisionHash);
    const retroOnHeld = retroHit('w-hold', [addressHit('30001')], hold.decisionHash);
    const ids = ['w-allow', 'w-hold', 'w-block', 'w-ir'];
    // Every record twice (a producer retry, a replay): nothing may happen twice.
    const batch = records(env.topics, [
      ...ids.map(withdrawal),
      allow,
      hold,
      block,
      jurisdiction,
      retroOnAllowed,
      retroOnHeld,
    ]);
    await produce(kafka, [...batch, ...batch]);
    // And a record that is not a decision at all.
    await produce(kafka, [
      {
        topic: env.topics.screeningDecisions,
        key: 'junk',
        value: Buffer.from('not protobuf'),
        headers: { [HEADERS.type]: EVENT_TYPES.screeningDecision.typeName },
      },
    ]);

    service = await startInProcess(env);
    await waitFor(
      async () => (await count('select count(*) as n from case_triggers')) === 6,
      60_000,
      'every trigger taken in',
    );
    await waitFor(
      async () => (await count('select count(*) as n from outbox where published_at is null')) === 0,
      120_000,
      'outbox drained',
    );

    const cases = await env.query<{
      withdrawal_id: string;
      status: number;
      trigger: number;
      outcome: number;
      hits: unknown[];
    }>('select withdrawal_id, status, trigger, outcome, hits from cases order by withdrawal_id');
    expect(cases.map((c) => [c.withdrawal_id, c.status, c.trigger, c.outcome, c.hits.length])).toEqual([
      // The retro-hit on a released withdrawal opens its own case.
      ['w-allow', CaseStatus.OPEN, CaseTrigger.RETRO_HIT, DecisionOutcome.ALLOW, 1],
      ['w-block', CaseStatus.OPEN, CaseTrigger.DECISION, DecisionOutcome.BLOCK, 1],
      // The retro-hit on a held withdrawal joins its open case, bringing its hit.
      ['w-hold', CaseStatus.OPEN, CaseTrigger.DECISION, DecisionOutcome.HOLD, 2],
      ['w-ir', CaseStatus.OPEN, CaseTrigger.DECISION, DecisionOutcome.HOLD, 1],
    ]);
    // BLOCK: the report of blocked property is due in 10 business days; HOLD review in 24 business hours.
    const due = await env.query<{ withdrawal_id: string; hours: number }>(
      'select withdrawal_id, extract(epoch from sla_due_at - opened_at) / 3600 as hours from cases order by withdrawal_id',
    );
    const hours = Object.fromEntries(due.map((d) => [d.withdrawal_id, Number(d.hours)]));
    // Ten business days take two weekends: at least 12 days from a Sunday (the due time is the end of the 10th).
    expect(hours['w-block']).toBeGreaterThanOrEqual(12 * 24);
    expect(hours['w-hold']).toBeGreaterThanOrEqual(24);
    expect(hours['w-hold']).toBeLessThan(hours['w-block']!);

    const dispositions = (await readTopic(kafka, env.topics.dispositions)).map((r) =>
      decodeEvent(EVENT_TYPES.disposition, r.value, r.headers),
    );
    expect(dispositions).toHaveLength(1);
    expect(dispositions[0]).toMatchObject<Partial<Disposition>>({
      withdrawalId: 'w-allow',
      action: DispositionAction.RELEASE,
      decidedBy: 'screening',
      decisionHash: allow.decisionHash,
      caseId: '',
    });

    const events = (await readTopic(kafka, env.topics.caseEvents)).map((r) =>
      decodeEvent(EVENT_TYPES.caseEvent, r.value, r.headers),
    );
    const kinds = events.map((e: CaseEvent) => `${e.withdrawalId}:${e.event?.$case}`).sort();
    expect(kinds).toEqual(['w-allow:opened', 'w-block:opened', 'w-hold:joined', 'w-hold:opened', 'w-ir:opened']);

    const dead = await readTopic(kafka, env.topics.withdrawalsRejected);
    expect(dead).toHaveLength(1);
    expect(String(dead[0]!.headers[HEADERS.dlqReason])).toBe('DEAD_LETTER_REASON_MALFORMED');
    expect(String(dead[0]!.headers[HEADERS.dlqService])).toBe('case-management');
  });

  it('opens nothing new and publishes nothing twice after a restart or a replay of the same decisions', async () => {
    await service!.stop();
    service = undefined;
    // Replay: every input position forgotten, as if the topics were read again from the start.
    await env.query('delete from consumer_positions');
    service = await startInProcess(env);
    await waitFor(
      async () =>
        (await count('select coalesce(sum(next_offset), 0) as n from consumer_positions where topic = $1', [
          env.topics.screeningDecisions,
        ])) >= 9,
      60_000,
      'decisions read again',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await count('select count(*) as n from cases')).toBe(4);
    expect(await count('select count(*) as n from dispositions')).toBe(1);
    expect(await readTopic(kafka, env.topics.dispositions)).toHaveLength(1);
    expect(await readTopic(kafka, env.topics.caseEvents)).toHaveLength(5);
  });
});
