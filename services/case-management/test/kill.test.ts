/**
 * kill -9 of case-management, as its own process, during a burst of decisions and again while analysts resolve
 * cases: afterwards PostgreSQL holds exactly one case per held or blocked withdrawal, and the dispositions topic
 * (read by the platform's reader and by Kafka's own Java consumer) exactly one disposition per released or
 * resolved withdrawal, and the case-events topic exactly one CaseOpened per case.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CaseResolution,
  CaseStatus,
  DecisionOutcome,
  EVENT_TYPES,
  type GetCaseResponse,
  type ListCasesResponse,
} from '@cordon/contracts';
import { decodeEvent, type KafkaClient } from '@cordon/platform';
import { readTopic, readTopicWithJava, testKafka } from '../../../test/support.js';
import {
  addressHit,
  caseClient,
  createCaseEnv,
  decision,
  nameHit,
  produce,
  records,
  waitFor,
  withdrawal,
  type CaseEnv,
} from './helpers.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const TOTAL = 1_500;
const RESOLVE = 40;

let kafka: KafkaClient;
let env: CaseEnv;
let child: ChildProcess | undefined;
let grpcPort: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function spawnService(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'services/case-management/src/main.ts'], {
    cwd: repoRoot,
    // Small intake batches and relay transactions, so that the kills land between and inside many of them.
    env: {
      ...process.env,
      LOG_LEVEL: process.env.CHILD_LOG_LEVEL ?? 'error',
      ...env.env({ CASES_GRPC_PORT: String(grpcPort), CASES_BATCH_RECORDS: '25', CASES_RELAY_BATCH: '20' }),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function kill(): Promise<void> {
  const killed = child!;
  killed.kill('SIGKILL');
  await new Promise((resolve) => killed.once('exit', resolve));
}

// 0 until the child has created its tables.
const count = async (sql: string) => Number((await env.query<{ n: string }>(sql).catch(() => [{ n: '0' }]))[0]!.n);

beforeAll(async () => {
  kafka = testKafka();
  env = await createCaseEnv(kafka);
  grpcPort = await freePort();
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await env.cleanup();
  await kafka.close();
});

describe('kill -9 of case-management', () => {
  it('leaves exactly one case per held or blocked withdrawal and exactly one disposition per released or resolved one', async () => {
    const outcomes = [DecisionOutcome.ALLOW, DecisionOutcome.HOLD, DecisionOutcome.BLOCK];
    const ids = Array.from({ length: TOTAL }, (_, i) => `w-${i}`);
    const decisions = ids.map((id, i) => {
      const outcome = outcomes[i % 3]!;
      return decision(
        id,
        outcome,
        outcome === DecisionOutcome.ALLOW
          ? []
          : outcome === DecisionOutcome.HOLD
            ? [nameHit(`n${i}`)]
            : [addressHit(`a${i}`)],
      );
    });
    await produce(kafka, records(env.topics, ids.map(withdrawal)));
    child = spawnService();
    const producing = produce(kafka, records(env.topics, decisions));
    await waitFor(
      async () => (await count('select count(*) as n from case_triggers')) >= 300,
      90_000,
      '300 decisions taken in',
    );
    await kill();
    await producing;
    child = spawnService();
    await waitFor(
      async () => (await count('select count(*) as n from case_triggers')) >= 900,
      90_000,
      '900 decisions taken in',
    );
    await kill();
    child = spawnService();
    await waitFor(
      async () => (await count('select count(*) as n from case_triggers')) === TOTAL,
      120_000,
      'every decision taken in',
    );

    // Analysts resolve some held cases while the process is killed once more.
    const client = caseClient(grpcPort);
    const alice = await env.token('alice', ['analyst']);
    const bob = await env.token('bob', ['supervisor']);
    const held = ids.filter((_, i) => i % 3 === 1).slice(0, RESOLVE);
    const resolveCase = async (withdrawalId: string) => {
      for (let attempt = 0; attempt < 200; attempt += 1) {
        try {
          const listed = await client.call<object, ListCasesResponse>('listCases', { withdrawalId }, alice);
          const open = listed.cases[0]!;
          if (open.status === CaseStatus.RESOLVED) return;
          if (open.status === CaseStatus.OPEN)
            await client.call('assignCase', { caseId: open.caseId, assignee: 'alice' }, alice);
          else if (open.status === CaseStatus.ASSIGNED) {
            await client.call(
              'proposeResolution',
              { caseId: open.caseId, resolution: CaseResolution.FALSE_POSITIVE, rationale: 'different person' },
              alice,
            );
          } else {
            const full = await client.call<object, GetCaseResponse>('getCase', { caseId: open.caseId }, bob);
            await client.call(
              'approveResolution',
              {
                caseId: open.caseId,
                proposalAuditHash: full.case!.pendingProposal
                  ? full.events.filter((e) => e.event?.$case === 'proposed').at(-1)!.auditHash
                  : '',
              },
              bob,
            );
          }
        } catch {
          // The process is down or was killed mid-call: look again.
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      throw new Error(`could not resolve ${withdrawalId}`);
    };
    const resolving = (async () => {
      for (const id of held) await resolveCase(id);
    })();
    await waitFor(
      async () => (await count(`select count(*) as n from cases where status = ${CaseStatus.RESOLVED}`)) >= RESOLVE / 2,
      90_000,
      'half resolved',
    );
    await kill();
    child = spawnService();
    await resolving;
    client.close();
    await waitFor(
      async () => (await count('select count(*) as n from outbox where published_at is null')) === 0,
      60_000,
      'outbox drained',
    );

    // PostgreSQL: one case per held or blocked withdrawal.
    const held_or_blocked = (TOTAL / 3) * 2;
    expect(await count('select count(*) as n from cases')).toBe(held_or_blocked);
    expect(await count('select count(distinct withdrawal_id) as n from cases')).toBe(held_or_blocked);
    expect(await count('select count(*) as n from dispositions')).toBe(TOTAL / 3 + RESOLVE);

    // Kafka: one disposition per released (ALLOW) or resolved withdrawal, read by two different clients.
    const expected = [...ids.filter((_, i) => i % 3 === 0), ...held].sort();
    const dispositions = (await readTopic(kafka, env.topics.dispositions, { timeoutMillis: 60_000 })).map(
      (r) => decodeEvent(EVENT_TYPES.disposition, r.value, r.headers).withdrawalId,
    );
    expect(dispositions.sort()).toEqual(expected);
    expect(
      readTopicWithJava(env.topics.dispositions)
        .map((r) => r.key)
        .sort(),
    ).toEqual(expected);
    const opened = (await readTopic(kafka, env.topics.caseEvents, { timeoutMillis: 60_000 }))
      .map((r) => decodeEvent(EVENT_TYPES.caseEvent, r.value, r.headers))
      .filter((e) => e.event?.$case === 'opened');
    expect(opened).toHaveLength(held_or_blocked);
    expect(new Set(opened.map((e) => e.caseId)).size).toBe(held_or_blocked);
  }, 480_000);
});
