import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { HEADERS, SubmissionStatus } from '@cordon/contracts';
import { createKafka, createLogger } from '@cordon/platform';
import { freePort } from '../../../infra/local/kafka.js';
import { brokers, databaseUrl, readTopic, testLogger, uniqueName } from '../../../test/support.js';
import type { RunningIngest } from '../src/app.js';
import { validSubmission } from './fixtures.js';
import {
  client,
  createIngestEnv,
  eventually,
  requestedEvents,
  richStatus,
  startTestIngest,
  storedStates,
  submit,
  submitUntilSettled,
  type IngestEnv,
} from './helpers.js';

const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('ingest-down-test') }, testLogger());

/** The in-flight gauge of an instance, from its /metrics. */
async function inFlight(opsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
  return Number(/^ingest_in_flight (\d+)/m.exec(text)?.[1] ?? 0);
}

/** Runs SQL on the test's schema. */
async function sql(schema: string, text: string, values: unknown[]): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl() });
  await db.connect();
  try {
    await db.query(text.replaceAll('$schema', pg.escapeIdentifier(schema)), values);
  } finally {
    await db.end();
  }
}

/** Per key: its state, or "released" for a reservation whose lease has been ended (its write never started). */
async function leases(schema: string): Promise<Map<string, string>> {
  const db = new pg.Client({ connectionString: databaseUrl() });
  await db.connect();
  try {
    const result = await db.query<{ idempotency_key: string; state: string }>(
      `select idempotency_key,
         case when state = 'reserved' and lease_until <= now() then 'released' else state end as state
       from ${pg.escapeIdentifier(schema)}.submissions`,
    );
    return new Map(result.rows.map((row) => [row.idempotency_key, row.state]));
  } finally {
    await db.end();
  }
}

/** The records of `withdrawalId` on the requested topic, with their reservation epochs. */
async function epochsOf(topic: string, withdrawalId: string): Promise<string[]> {
  const events = await requestedEvents(kafka, topic);
  const records = await readTopic(kafka, topic);
  return records
    .filter((_, i) => events[i]!.event.withdrawalId === withdrawalId)
    .map((r) => r.headers[HEADERS.reservationEpoch]?.toString() ?? 'none');
}

// Each test submits its own withdrawals: none depends on what an earlier one left behind. The timings are bounds
// (the healthy instance's write bound: 2 x 500 + 1000 ms; the lease twice that), never waited for with a sleep.
describe('ingest with the broker unreachable, then recovery by a healthy instance', () => {
  const now = Date.now();
  const healthyId = uniqueName('healthy');
  let env: IngestEnv;
  let down: RunningIngest;
  let healthy: RunningIngest;

  beforeAll(async () => {
    env = await createIngestEnv(kafka);
    const common = {
      INGEST_INTAKE_ENABLED: 'false',
      INGEST_LEASE_MS: '4000',
      INGEST_SEND_TIMEOUT_MS: '500',
      INGEST_DELIVERY_TIMEOUT_MS: '1000',
      INGEST_DRAIN_MS: '1000',
    };
    // Nothing listens on this port: every connection to the "cluster" is refused.
    // Its writes wait longer (write bound 2 x 1500 + 3000 ms), so that the in-flight bound can be seen held.
    down = await startTestIngest(
      env.env({
        ...common,
        KAFKA_BROKERS: `127.0.0.1:${await freePort()}`,
        INGEST_MAX_IN_FLIGHT: '2',
        INGEST_SEND_TIMEOUT_MS: '1500',
        INGEST_DELIVERY_TIMEOUT_MS: '3000',
        INGEST_LEASE_MS: '12000',
      }),
      // The client logs refused connections: expected here, so kept out of the test output.
      { logger: createLogger('ingest', { level: 'fatal' }) },
    );
    healthy = await startTestIngest(env.env(common), { instanceId: healthyId });
  });
  afterAll(async () => {
    await down?.stop();
    await healthy?.stop();
    await env?.cleanup();
  });

  it('answers UNAVAILABLE (and RESOURCE_EXHAUSTED past the in-flight bound), reports nothing accepted, and is not ready', async () => {
    const c = client(down.grpcPort);
    const calls = [submit(c, validSubmission('d-1', now)), submit(c, validSubmission('d-2', now))];
    // Both slots are held by writes that cannot complete (polled, not slept for).
    for (let polls = 0; (await inFlight(down.opsPort)) < 2 && polls < 600; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const third = await submit(c, validSubmission('d-3', now));
    expect(!third.ok && third.error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(!third.ok && richStatus(third.error).errorReason).toBe('OVERLOADED');
    for (const result of await Promise.all(calls)) {
      expect(!result.ok && result.error.code).toBe(grpc.status.UNAVAILABLE);
    }
    c.close();

    // Nothing is published. A write whose producer cannot connect is still pending (its lease runs), one that
    // failed after it may have reached a broker is in doubt, one that expired in the queue was released unwritten.
    const settled = await leases(env.schema);
    for (const key of ['idem-d-1', 'idem-d-2'])
      expect(['reserved', 'in_doubt', 'released']).toContain(settled.get(key));
    const states = await storedStates(env.schema);
    expect(states.has('idem-d-3')).toBe(false);
    const events = await requestedEvents(kafka, env.topics.withdrawalsRequested);
    expect(events.filter((e) => e.event.withdrawalId.startsWith('wd-d-'))).toEqual([]);

    const ready = await fetch(`http://127.0.0.1:${down.opsPort}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toContain('kafka');
    const healthyReady = await fetch(`http://127.0.0.1:${healthy.opsPort}/readyz`);
    expect(healthyReady.status).toBe(200);
  });

  it('completes an interrupted reservation once its in-doubt wait is over: published once, by epoch 2', async () => {
    const d5 = validSubmission('d-5', now);
    const downClient = client(down.grpcPort);
    // The down instance's slots may still be held by an earlier write: it answers UNAVAILABLE once it takes it.
    const first = await eventually(
      () => submit(downClient, d5),
      (result) => !result.ok && result.error.code === grpc.status.UNAVAILABLE,
    );
    downClient.close();
    expect(!first.ok && first.error.code).toBe(grpc.status.UNAVAILABLE);
    const c = client(healthy.grpcPort);
    // UNAVAILABLE while the first write is in doubt (or its lease runs), then ACCEPTED; a first answer may also
    // time out with the write completing behind it, and the retry then sees a duplicate.
    expect([SubmissionStatus.ACCEPTED, SubmissionStatus.DUPLICATE]).toContain(await submitUntilSettled(c, d5));
    const again = await submit(c, d5);
    expect(again.ok && again.response.status).toBe(SubmissionStatus.DUPLICATE);
    c.close();
    expect(await epochsOf(env.topics.withdrawalsRequested, 'wd-d-5')).toEqual(['2']);
    // Marking follows the answer; it lands shortly after.
    const states = await eventually(
      () => storedStates(env.schema),
      (m) => m.get('idem-d-5') === 'published',
    );
    expect(states.get('idem-d-5')).toBe('published');
  });

  it('does not write again an event that reached the topic before its instance died', async () => {
    const c = client(healthy.grpcPort);
    const submission = validSubmission('d-4', Date.now());
    const first = await submit(c, submission);
    expect(first.ok && first.response.status).toBe(SubmissionStatus.ACCEPTED);
    // What a crash between the write and the mark leaves: the event on the topic, the key still reserved by an
    // instance whose lease ran out.
    await sql(
      env.schema,
      `update $schema.submissions set state = 'reserved', owner = 'crashed', lease_until = now() - interval '1 second'
       where idempotency_key = $1`,
      ['idem-d-4'],
    );
    expect(await submitUntilSettled(c, submission)).toBe(SubmissionStatus.DUPLICATE);
    const retry = await submit(c, submission);
    c.close();
    expect(retry.ok && retry.response.requested).toEqual(first.ok && first.response.requested);
    expect(await epochsOf(env.topics.withdrawalsRequested, 'wd-d-4')).toEqual(['1']);
    // Marking follows the answer; it lands shortly after.
    const states = await eventually(
      () => storedStates(env.schema),
      (m) => m.get('idem-d-4') === 'published',
    );
    expect(states.get('idem-d-4')).toBe('published');
  });

  it('never takes over its own reservation while the lease runs: its own write may still be in flight (F10)', async () => {
    const c = client(healthy.grpcPort);
    const submission = validSubmission('d-6', Date.now());
    expect(await submitUntilSettled(c, submission)).toBe(SubmissionStatus.ACCEPTED);
    // What a write still on its way looks like to its own instance: reserved by itself, lease running.
    await sql(
      env.schema,
      `update $schema.submissions set state = 'reserved', owner = $2, lease_until = now() + interval '1 hour'
       where idempotency_key = $1`,
      ['idem-d-6', healthyId],
    );
    const during = await submit(c, submission);
    expect(!during.ok && during.error.code).toBe(grpc.status.UNAVAILABLE);
    // Once the lease is over, the retry finds the event and writes nothing.
    await sql(env.schema, `update $schema.submissions set lease_until = now() where idempotency_key = $1`, [
      'idem-d-6',
    ]);
    expect(await submitUntilSettled(c, submission)).toBe(SubmissionStatus.DUPLICATE);
    c.close();
    expect(await epochsOf(env.topics.withdrawalsRequested, 'wd-d-6')).toEqual(['1']);
  });
});
