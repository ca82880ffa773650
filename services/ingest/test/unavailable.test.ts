import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { SubmissionStatus } from '@cordon/contracts';
import { createKafka, createLogger } from '@cordon/platform';
import { freePort } from '../../../infra/local/kafka.js';
import { brokers, databaseUrl, testLogger, uniqueName } from '../../../test/support.js';
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

describe('ingest with the broker unreachable, then recovery by a healthy instance', () => {
  const now = Date.now();
  const d1 = validSubmission('d-1', now);
  let env: IngestEnv;
  let down: RunningIngest;
  let healthy: RunningIngest;

  beforeAll(async () => {
    env = await createIngestEnv(kafka);
    const common = {
      INGEST_INTAKE_ENABLED: 'false',
      INGEST_LEASE_MS: '3000',
      INGEST_SEND_TIMEOUT_MS: '1500',
      INGEST_DRAIN_MS: '1000',
    };
    // Nothing listens on this port: every connection to the "cluster" is refused.
    down = await startTestIngest(
      env.env({
        ...common,
        KAFKA_BROKERS: `127.0.0.1:${await freePort()}`,
        INGEST_SEND_TIMEOUT_MS: '1500',
        INGEST_MAX_IN_FLIGHT: '2',
      }),
      // The client logs refused connections: expected here, so kept out of the test output.
      { logger: createLogger('ingest', { level: 'fatal' }) },
    );
    healthy = await startTestIngest(env.env(common));
  });
  afterAll(async () => {
    await down?.stop();
    await healthy?.stop();
    await env?.cleanup();
  });

  it('answers UNAVAILABLE (and RESOURCE_EXHAUSTED past the in-flight bound), reports nothing accepted, and is not ready', async () => {
    const c = client(down.grpcPort);
    const calls = [submit(c, d1), submit(c, validSubmission('d-2', now))];
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Both slots are held by writes that cannot complete.
    const third = await submit(c, validSubmission('d-3', now));
    expect(!third.ok && third.error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(!third.ok && richStatus(third.error).errorReason).toBe('OVERLOADED');
    for (const result of await Promise.all(calls)) {
      expect(!result.ok && result.error.code).toBe(grpc.status.UNAVAILABLE);
    }
    c.close();

    const states = await storedStates(env.schema);
    expect(states.get('idem-d-1')).toBe('reserved');
    expect(states.get('idem-d-2')).toBe('reserved');
    expect(states.has('idem-d-3')).toBe(false);
    const events = await requestedEvents(kafka, env.topics.withdrawalsRequested);
    expect(events.filter((e) => e.event.withdrawalId.startsWith('wd-d-'))).toEqual([]);

    const ready = await fetch(`http://127.0.0.1:${down.opsPort}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toContain('kafka');
    const healthyReady = await fetch(`http://127.0.0.1:${healthy.opsPort}/readyz`);
    expect(healthyReady.status).toBe(200);
  });

  it('completes an interrupted reservation on retry: published once, then a duplicate', async () => {
    await new Promise((resolve) => setTimeout(resolve, 3_200)); // the down instance's lease expires
    const c = client(healthy.grpcPort);
    // Recovery reads the topic first, which may take longer than the answer's deadline: a first UNAVAILABLE
    // (with the write still completing behind it) is a correct answer too, and the retry then sees a duplicate.
    expect([SubmissionStatus.ACCEPTED, SubmissionStatus.DUPLICATE]).toContain(await submitUntilSettled(c, d1));
    const again = await submit(c, d1);
    expect(again.ok && again.response.status).toBe(SubmissionStatus.DUPLICATE);
    c.close();
    const events = await requestedEvents(kafka, env.topics.withdrawalsRequested);
    expect(events.filter((e) => e.event.withdrawalId === 'wd-d-1')).toHaveLength(1);
    // Marking follows the answer; it lands shortly after.
    const states = await eventually(
      () => storedStates(env.schema),
      (m) => m.get('idem-d-1') === 'published',
    );
    expect(states.get('idem-d-1')).toBe('published');
  });

  it('does not write again an event that reached the topic before its instance died', async () => {
    const c = client(healthy.grpcPort);
    const submission = validSubmission('d-4', Date.now());
    const first = await submit(c, submission);
    expect(first.ok && first.response.status).toBe(SubmissionStatus.ACCEPTED);
    // What a crash between the write and the mark leaves: the event on the topic, the key still reserved by an
    // instance whose lease ran out.
    const db = new pg.Client({ connectionString: databaseUrl() });
    await db.connect();
    await db.query(
      `update ${pg.escapeIdentifier(env.schema)}.submissions
       set state = 'reserved', owner = 'crashed', lease_until = now() - interval '1 second' where idempotency_key = $1`,
      ['idem-d-4'],
    );
    await db.end();
    expect(await submitUntilSettled(c, submission)).toBe(SubmissionStatus.DUPLICATE);
    const retry = await submit(c, submission);
    c.close();
    expect(retry.ok && retry.response.requested).toEqual(first.ok && first.response.requested);
    const events = await requestedEvents(kafka, env.topics.withdrawalsRequested);
    expect(events.filter((e) => e.event.withdrawalId === 'wd-d-4')).toHaveLength(1);
    // Marking follows the answer; it lands shortly after.
    const states = await eventually(
      () => storedStates(env.schema),
      (m) => m.get('idem-d-4') === 'published',
    );
    expect(states.get('idem-d-4')).toBe('published');
  });
});
