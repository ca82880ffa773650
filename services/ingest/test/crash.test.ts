import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubmissionStatus } from '@cordon/contracts';
import { createKafka } from '@cordon/platform';
import { freePort } from '../../../infra/local/kafka.js';
import { brokers, testLogger, uniqueName } from '../../../test/support.js';
import { validSubmission } from './fixtures.js';
import { client, createIngestEnv, requestedEvents, submit, submitUntilSettled, type IngestEnv } from './helpers.js';

const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('ingest-crash-test') }, testLogger());
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const BURST = 400;
const CONCURRENCY = 16;
const KILL_AFTER_ACKS = 120;

interface Child {
  process: ChildProcess;
  grpcPort: number;
  exited: Promise<void>;
}

/** Runs ingest's main.ts as its own process, as `cordon up` and a pod do, and waits until it is ready. */
async function startChild(env: Record<string, string>): Promise<Child> {
  const grpcPort = await freePort();
  const opsPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPO,
    env: {
      ...process.env,
      ...env,
      INGEST_GRPC_PORT: String(grpcPort),
      INGEST_OPS_PORT: String(opsPort),
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ingest exited with ${child.exitCode} during start-up`);
    const ready = await fetch(`http://127.0.0.1:${opsPort}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { process: child, grpcPort, exited };
    if (Date.now() > deadline) throw new Error('ingest did not get ready in 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('kill -9 of ingest during a burst', () => {
  let env: IngestEnv;
  let child: Child | undefined;

  beforeAll(async () => {
    env = await createIngestEnv(kafka);
  });
  afterAll(async () => {
    child?.process.kill('SIGKILL');
    await child?.exited;
    await env?.cleanup();
  });

  it('loses no acknowledged withdrawal and publishes every one exactly once after a restart and retries', async () => {
    const childEnv = env.env({
      // Write bound 2 x 500 + 1000 ms; the lease twice that.
      INGEST_LEASE_MS: '4000',
      INGEST_SEND_TIMEOUT_MS: '500',
      INGEST_DELIVERY_TIMEOUT_MS: '1000',
      INGEST_INTAKE_ENABLED: 'false',
    });
    child = await startChild(childEnv);
    const now = Date.now();
    const submissions = Array.from({ length: BURST }, (_, i) => validSubmission(`kill-${i}`, now));
    const acked = new Set<string>();
    let c = client(child.grpcPort);
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < submissions.length && !killed) {
        const submission = submissions[next++]!;
        const result = await submit(c, submission);
        if (result.ok && result.response.status === SubmissionStatus.ACCEPTED) acked.add(submission.withdrawalId);
        if (acked.size >= KILL_AFTER_ACKS && !killed) {
          killed = true;
          child!.process.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await child.exited;
    c.close();
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acked.size).toBeLessThan(BURST);

    child = await startChild(childEnv);
    c = client(child.grpcPort);
    const retried = submissions.filter((s) => !acked.has(s.withdrawalId));
    const statuses = await Promise.all(retried.map((s) => submitUntilSettled(c, s)));
    // An acknowledged withdrawal submitted again is a duplicate, never a second event.
    const again = await submitUntilSettled(
      c,
      submissions.find((s) => acked.has(s.withdrawalId))!,
    );
    c.close();
    expect(statuses.every((s) => s === SubmissionStatus.ACCEPTED || s === SubmissionStatus.DUPLICATE)).toBe(true);
    expect(again).toBe(SubmissionStatus.DUPLICATE);

    const events = await requestedEvents(kafka, env.topics.withdrawalsRequested);
    const counts = new Map<string, number>();
    for (const { event } of events) counts.set(event.withdrawalId, (counts.get(event.withdrawalId) ?? 0) + 1);
    for (const id of acked) expect(counts.get(id), id).toBe(1);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    expect(counts.size).toBe(BURST);
  });
});
