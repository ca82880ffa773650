/**
 * The workflow over gRPC and HTTP/JSON on the real broker and PostgreSQL: four eyes enforced by the
 * authenticated identity, roles, dispositions that match the law (RELEASED, BLOCKED with the ledger, REJECTED),
 * send-back, and `cordon audit verify` on the chains this run wrote, before and after a row is altered.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ListSource,
  SanctionedEntity,
  sanctionsEntityKey,
  CaseResolution,
  CaseStatus,
  DecisionOutcome,
  DispositionAction,
  EVENT_TYPES,
  type ApproveResolutionResponse,
  type AssignCaseResponse,
  type Case,
  type GetCaseResponse,
  type ListCasesResponse,
  type ProposeResolutionResponse,
  type SendBackResolutionResponse,
  type TakeNextCaseResponse,
} from '@cordon/contracts';
import { decodeEvent, encodeEvent, type KafkaClient } from '@cordon/platform';
import { readTopic, testKafka } from '../../../test/support.js';
import type { RunningCaseManagement } from '../src/app.js';
import {
  addressHit,
  caseClient,
  createCaseEnv,
  decision,
  jurisdictionHit,
  nameHit,
  produce,
  records,
  startInProcess,
  waitFor,
  withdrawal,
  type CaseEnv,
} from './helpers.js';

const CLI = fileURLToPath(new URL('../../../packages/cli/bin/cordon.mjs', import.meta.url));

let kafka: KafkaClient;
let env: CaseEnv;
let service: RunningCaseManagement;
let client: ReturnType<typeof caseClient>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  kafka = testKafka();
  env = await createCaseEnv(kafka);
  service = await startInProcess(env);
  client = caseClient(service.grpcPort);
  for (const [user, roles] of Object.entries({
    alice: ['analyst'],
    amir: ['analyst'],
    bob: ['supervisor'],
    carol: ['supervisor'],
    dave: ['auditor'],
    erin: ['admin'],
    sam: ['analyst', 'supervisor'],
  })) {
    tokens[user] = await env.token(user, roles);
  }
  const ids = ['w-fp', 'w-block', 'w-ir', 'w-back', 'w-name'];
  await produce(
    kafka,
    records(env.topics, [
      ...ids.map(withdrawal),
      decision('w-fp', DecisionOutcome.HOLD, [nameHit('10001')]),
      decision('w-block', DecisionOutcome.BLOCK, [addressHit('25308', ['CYBER2', 'DPRK3'])]),
      decision('w-ir', DecisionOutcome.HOLD, [jurisdictionHit()]),
      decision('w-back', DecisionOutcome.HOLD, [nameHit('10002')]),
      decision('w-name', DecisionOutcome.HOLD, [nameHit('10003')]),
    ]),
  );
  // The listed entity behind the BLOCK, as list-sync publishes it (an older version of it too), and a tombstone.
  const listed = (entityHash: string, name: string) =>
    SanctionedEntity.fromPartial({
      source: ListSource.OFAC_SDN,
      id: '25308',
      entityHash,
      names: [{ full: name }],
      programs: ['CYBER2'],
    });
  const entityRecord = (entity: SanctionedEntity) => ({
    topic: env.topics.sanctionsEntities,
    key: sanctionsEntityKey(entity.source, entity.id),
    ...encodeEvent(EVENT_TYPES.sanctionedEntity, entity),
  });
  await produce(kafka, [
    entityRecord(listed(addressHit('25308').entityHash, 'SUEX OTC, S.R.O.')),
    entityRecord(listed('f'.repeat(64), 'SUEX OTC (a later version)')),
    { topic: env.topics.sanctionsEntities, key: 'ofac-sdn:1', value: null },
  ]);
  await waitFor(
    async () => Number((await env.query<{ n: string }>('select count(*) as n from cases'))[0]!.n) === 5,
    60_000,
    'cases opened',
  );
});

afterAll(async () => {
  client?.close();
  await service?.stop();
  await env.cleanup();
  await kafka.close();
});

const caseOf = async (withdrawalId: string, as = 'alice'): Promise<Case> =>
  (await client.call<object, ListCasesResponse>('listCases', { withdrawalId }, tokens[as])).cases[0]!;

async function refused(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as grpc.ServiceError;
  }
  throw new Error('the call was not refused');
}

async function proposed(
  withdrawalId: string,
  by: string,
  resolution: CaseResolution,
  rationale = 'checked against KYC file',
) {
  const open = await caseOf(withdrawalId, by);
  await client.call<object, AssignCaseResponse>('assignCase', { caseId: open.caseId, assignee: by }, tokens[by]);
  const response = await client.call<object, ProposeResolutionResponse>(
    'proposeResolution',
    { caseId: open.caseId, resolution, rationale },
    tokens[by],
  );
  expect(response.case!.status).toBe(CaseStatus.PENDING_APPROVAL);
  return { caseId: open.caseId, proposalHash: response.events[0]!.auditHash };
}

describe('authentication and roles', () => {
  it('refuses a call without a token, or with a token from another key, as UNAUTHENTICATED', async () => {
    expect((await refused(client.call('listCases', {}))).code).toBe(grpc.status.UNAUTHENTICATED);
    const forged = `${tokens.alice!.slice(0, -4)}AAAA`;
    expect((await refused(client.call('listCases', {}, forged))).code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('lets an auditor read everything and change nothing', async () => {
    const listed = await client.call<object, ListCasesResponse>('listCases', {}, tokens.dave);
    expect(listed.cases).toHaveLength(5);
    const one = await client.call<object, GetCaseResponse>('getCase', { caseId: listed.cases[0]!.caseId }, tokens.dave);
    expect(one.events.length).toBeGreaterThan(0);
    expect(one.decisions).toHaveLength(1);
    expect(one.withdrawal?.amount?.amountDecimal).toBe('1.25');
    for (const [method, request] of [
      ['assignCase', { caseId: listed.cases[0]!.caseId, assignee: 'dave' }],
      ['commentCase', { caseId: listed.cases[0]!.caseId, text: 'looks fine' }],
      ['takeNextCase', {}],
    ] as const) {
      const error = await refused(client.call(method, request, tokens.dave));
      expect(error.code, method).toBe(grpc.status.PERMISSION_DENIED);
      if (method !== 'takeNextCase') expect(error.details).toMatch(/auditors read cases and change nothing/);
    }
  });

  it('gives an admin no way into the cases', async () => {
    expect((await refused(client.call('listCases', {}, tokens.erin))).code).toBe(grpc.status.PERMISSION_DENIED);
  });
});

describe('the case page', () => {
  it('sets the listed entity, in the version the hit matched, beside the withdrawal', async () => {
    const blocked = await caseOf('w-block');
    await waitFor(
      async () => Number((await env.query<{ n: string }>('select count(*) as n from listed_entities'))[0]!.n) === 2,
      30_000,
      'entities taken in',
    );
    const page = await client.call<object, GetCaseResponse>('getCase', { caseId: blocked.caseId }, tokens.alice);
    expect(page.entities.map((e) => [e.id, e.names[0]?.full])).toEqual([['25308', 'SUEX OTC, S.R.O.']]);
    expect(page.withdrawal?.destination?.address).toBe('0x7F367cC41522cE07553e823bf3be79A889DEbe1B');
  });
});

describe('four eyes', () => {
  it('refuses the proposer (even one holding the supervisor role) and an analyst, then releases on a second supervisor', async () => {
    const { caseId, proposalHash } = await proposed('w-name', 'sam', CaseResolution.FALSE_POSITIVE);
    const own = await refused(
      client.call('approveResolution', { caseId, proposalAuditHash: proposalHash }, tokens.sam),
    );
    expect(own.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(own.details).toMatch(/four eyes: sam proposed this resolution and cannot approve it/);
    const analyst = await refused(
      client.call('approveResolution', { caseId, proposalAuditHash: proposalHash }, tokens.alice),
    );
    expect(analyst.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(analyst.details).toMatch(/only a supervisor may approve/);
    const approved = await client.call<object, ApproveResolutionResponse>(
      'approveResolution',
      { caseId, proposalAuditHash: proposalHash },
      tokens.bob,
    );
    expect(approved.case!.status).toBe(CaseStatus.RESOLVED);
    expect(approved.case!.resolved).toMatchObject({
      proposedBy: 'sam',
      approvedBy: 'bob',
      action: DispositionAction.RELEASE,
    });
  });

  it('publishes RELEASED for an approved false positive, once, with proposer, approver, case and decision hash', async () => {
    const { caseId, proposalHash } = await proposed(
      'w-fp',
      'alice',
      CaseResolution.FALSE_POSITIVE,
      'date of birth differs by 20 years',
    );
    await client.call('approveResolution', { caseId, proposalAuditHash: proposalHash }, tokens.bob);
    // Approving again is refused: the case is resolved.
    expect(
      (await refused(client.call('approveResolution', { caseId, proposalAuditHash: proposalHash }, tokens.carol))).code,
    ).toBe(grpc.status.FAILED_PRECONDITION);
    await waitFor(
      async () => (await readTopic(kafka, env.topics.dispositions)).length >= 2,
      120_000,
      'dispositions published',
    );
    const dispositions = (await readTopic(kafka, env.topics.dispositions)).map((r) =>
      decodeEvent(EVENT_TYPES.disposition, r.value, r.headers),
    );
    const fp = dispositions.filter((d) => d.withdrawalId === 'w-fp');
    expect(fp).toHaveLength(1);
    expect(fp[0]).toMatchObject({
      action: DispositionAction.RELEASE,
      caseId,
      proposedBy: 'alice',
      decidedBy: 'alice',
      approvedBy: 'bob',
      decisionHash: decision('w-fp', DecisionOutcome.HOLD).decisionHash,
      reason: 'date of birth differs by 20 years',
    });
  });

  it('blocks the funds of a confirmed listed address as blocked property, and rejects a jurisdiction-only transfer', async () => {
    const blocked = await proposed('w-block', 'alice', CaseResolution.TRUE_MATCH, 'address on the SDN list');
    await client.call(
      'approveResolution',
      { caseId: blocked.caseId, proposalAuditHash: blocked.proposalHash },
      tokens.carol,
    );
    const rejected = await proposed('w-ir', 'amir', CaseResolution.TRUE_MATCH, 'customer resides in Iran');
    await client.call(
      'approveResolution',
      { caseId: rejected.caseId, proposalAuditHash: rejected.proposalHash },
      tokens.bob,
    );

    const ledger = await env.query<Record<string, unknown>>('select * from blocked_property');
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      withdrawal_id: 'w-block',
      case_id: blocked.caseId,
      asset: 'ETH',
      amount_decimal: '1.25',
      entity_id: '25308',
      programs: ['CYBER2', 'DPRK3'],
    });
    await waitFor(
      async () => (await readTopic(kafka, env.topics.dispositions)).length >= 4,
      120_000,
      'dispositions published',
    );
    const byId = new Map(
      (await readTopic(kafka, env.topics.dispositions)).map((r) => {
        const d = decodeEvent(EVENT_TYPES.disposition, r.value, r.headers);
        return [d.withdrawalId, d];
      }),
    );
    expect(byId.get('w-block')).toMatchObject({
      action: DispositionAction.BLOCK,
      approvedBy: 'carol',
      programs: ['CYBER2', 'DPRK3'],
    });
    expect(byId.get('w-ir')).toMatchObject({ action: DispositionAction.REJECT, approvedBy: 'bob', programs: ['IRAN'] });
  });

  it('sends a proposal back to its analyst, who proposes again', async () => {
    const { caseId, proposalHash } = await proposed('w-back', 'alice', CaseResolution.FALSE_POSITIVE);
    const noReason = await refused(
      client.call('sendBackResolution', { caseId, proposalAuditHash: proposalHash, reason: ' ' }, tokens.bob),
    );
    expect(noReason.code).toBe(grpc.status.INVALID_ARGUMENT);
    const back = await client.call<object, SendBackResolutionResponse>(
      'sendBackResolution',
      { caseId, proposalAuditHash: proposalHash, reason: 'attach the passport check' },
      tokens.bob,
    );
    expect(back.case).toMatchObject({ status: CaseStatus.ASSIGNED, assignee: 'alice' });
    // The old proposal can no longer be approved.
    expect(
      (await refused(client.call('approveResolution', { caseId, proposalAuditHash: proposalHash }, tokens.carol))).code,
    ).toBe(grpc.status.FAILED_PRECONDITION);
    const again = await client.call<object, ProposeResolutionResponse>(
      'proposeResolution',
      {
        caseId,
        resolution: CaseResolution.FALSE_POSITIVE,
        rationale: 'passport checked: different person',
        suppress: true,
      },
      tokens.alice,
    );
    expect(again.case!.status).toBe(CaseStatus.PENDING_APPROVAL);
  });

  it('answers a proposal without a reason with INVALID_ARGUMENT naming the field', async () => {
    const open = (await client.call<object, TakeNextCaseResponse>('takeNextCase', {}, tokens.amir)).case;
    // Every case is taken or resolved by now, so the queue is empty.
    expect(open).toBeUndefined();
    const back = await caseOf('w-back');
    const error = await refused(
      client.call(
        'proposeResolution',
        { caseId: back.caseId, resolution: CaseResolution.FALSE_POSITIVE, rationale: '' },
        tokens.alice,
      ),
    );
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/rationale is required/);
  });
});

describe('HTTP/JSON', () => {
  it('serves the same operations with the same refusals', async () => {
    const base = `http://127.0.0.1:${service.httpPort}/api/v1`;
    const unauthenticated = await fetch(`${base}/cases`);
    expect(unauthenticated.status).toBe(401);
    const list = await fetch(`${base}/cases?statuses=CASE_STATUS_PENDING_APPROVAL`, {
      headers: { authorization: `Bearer ${tokens.bob}` },
    });
    expect(list.status).toBe(200);
    const body = (await list.json()) as {
      cases: Array<{ caseId: string; withdrawalId: string; lastAuditHash: string }>;
    };
    expect(body.cases.map((c) => c.withdrawalId)).toEqual(['w-back']);
    const detail = (await (
      await fetch(`${base}/cases/${body.cases[0]!.caseId}`, { headers: { authorization: `Bearer ${tokens.bob}` } })
    ).json()) as { events: Array<{ auditHash: string; proposed?: unknown }> };
    const proposal = detail.events.filter((e) => e.proposed).at(-1)!;
    const own = await fetch(`${base}/cases/${body.cases[0]!.caseId}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({ proposalAuditHash: proposal.auditHash }),
    });
    expect(own.status).toBe(403);
    const form = await fetch(`${base}/cases/${body.cases[0]!.caseId}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.carol}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'proposalAuditHash=x',
    });
    expect(form.status).toBe(400);
    const approved = await fetch(`${base}/cases/${body.cases[0]!.caseId}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.carol}`, 'content-type': 'application/json' },
      body: JSON.stringify({ proposalAuditHash: proposal.auditHash }),
    });
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as { case: { status: string } }).case.status).toBe('CASE_STATUS_RESOLVED');
    const suppressions = await env.query<{ entity_id: string }>('select entity_id from suppressions');
    expect(suppressions.map((s) => s.entity_id)).toEqual(['10002']);
  });
});

describe('cordon reports', () => {
  it('gives the blocked property and the rejected transfer of the day, with amounts, listed person, programmes and authority', () => {
    const today = new Date().toISOString().slice(0, 10);
    const run = spawnSync(
      process.execPath,
      [CLI, 'reports', '--from', today, '--to', today, '--filer', 'Example Exchange <LLC>', '--schema', env.schema],
      {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: env.env().DATABASE_URL },
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const [blocked, rejected] = JSON.parse(run.stdout) as Array<{
      kind: string;
      transfers: Array<Record<string, unknown>>;
      totals: unknown[];
    }>;
    expect(blocked!.kind).toBe('blocked-property');
    expect(blocked!.transfers).toHaveLength(1);
    expect(blocked!.transfers[0]).toMatchObject({
      withdrawalId: 'w-block',
      asset: 'ETH',
      amount: '1.25',
      customerName: 'Test Customer',
      party: { source: 'ofac-sdn', id: '25308' },
      programs: ['CYBER2', 'DPRK3'],
      approvedBy: 'carol',
    });
    expect((blocked!.transfers[0]!.legalAuthority as string[])[0]).toMatch(/Executive Order 13757/);
    expect(blocked!.totals).toEqual([{ asset: 'ETH', amount: '1.25', count: 1 }]);
    expect(rejected!.transfers.map((t) => [t.withdrawalId, t.programs])).toEqual([['w-ir', ['IRAN']]]);
    const html = spawnSync(
      process.execPath,
      [
        CLI,
        'reports',
        '--from',
        today,
        '--to',
        today,
        '--filer',
        'Example Exchange <LLC>',
        '--format',
        'html',
        '--schema',
        env.schema,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: env.env().DATABASE_URL },
      },
    );
    expect(html.stdout).toContain('Example Exchange &lt;LLC&gt;');
    expect(html.stdout).not.toContain('<LLC>');
    expect(html.stdout).toContain('Report of blocked property (31 CFR 501.603)');
  });
});

describe('cordon audit verify', () => {
  const verify = (...extra: string[]) =>
    spawnSync(process.execPath, [CLI, 'audit', 'verify', '--schema', env.schema, ...extra], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: env.env().DATABASE_URL },
    });

  it('passes on the chains of this run, from PostgreSQL and from the case-events topic', async () => {
    await waitFor(
      async () =>
        Number(
          (await env.query<{ n: string }>('select count(*) as n from outbox where published_at is null'))[0]!.n,
        ) === 0,
      120_000,
      'outbox drained',
    );
    const pgRun = verify();
    expect(pgRun.stdout).toMatch(/every chain holds/);
    expect(pgRun.status).toBe(0);
    const topicRun = verify('--topic', '--brokers', env.env().KAFKA_BROKERS!, '--topic-prefix', env.prefix);
    expect(topicRun.stdout).toMatch(/every chain holds/);
    expect(topicRun.status).toBe(0);
  });

  it('names the altered entry when one row is changed in PostgreSQL', async () => {
    const [row] = await env.query<{ case_id: string; sequence: string }>(
      "select case_id, sequence from audit_log where actor = 'alice' order by case_id, sequence limit 1",
    );
    // Someone rewrites who acted, in the column and in the stored entry alike.
    await env.query(
      "update audit_log set actor = 'mallory', entry = overlay(entry placing convert_to('mallo', 'UTF8') from position(convert_to('alice', 'UTF8') in entry) for 5) where case_id = $1 and sequence = $2",
      [row!.case_id, row!.sequence],
    );
    const run = verify();
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`BROKEN case ${row!.case_id} at sequence ${row!.sequence}`);
    expect(run.stdout).toMatch(/audit_hash does not match the entry/);
  });
});
