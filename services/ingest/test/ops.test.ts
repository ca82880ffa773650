import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubmissionStatus } from '@cordon/contracts';
import { createKafka } from '@cordon/platform';
import { brokers, testLogger, uniqueName } from '../../../test/support.js';
import type { RunningIngest } from '../src/app.js';
import { validSubmission } from './fixtures.js';
import {
  client,
  createIngestEnv,
  eventually,
  requestedEvents,
  startTestIngest,
  submit,
  type IngestEnv,
} from './helpers.js';

const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('ingest-ops-test') }, testLogger());

const get = (port: number, path: string) =>
  fetch(`http://127.0.0.1:${port}${path}`).then(async (r) => ({ status: r.status, body: await r.text() }));

describe('ingest operations: metrics, probes, graceful drain', () => {
  let env: IngestEnv;
  let ingest: RunningIngest;

  beforeAll(async () => {
    env = await createIngestEnv(kafka);
    ingest = await startTestIngest(env.env());
  });
  afterAll(async () => {
    await ingest?.stop();
    await env?.cleanup();
  });

  it('counts outcomes by channel and reason, times submissions, and reports ready once connected', async () => {
    const c = client(ingest.grpcPort);
    await submit(c, validSubmission('ops-1', Date.now()));
    await submit(c, validSubmission('ops-2', Date.now(), { chain: 'trx' }));
    c.close();
    const metrics = (await get(ingest.opsPort, '/metrics')).body;
    expect(metrics).toMatch(
      /ingest_submissions_total\{channel="grpc",outcome="accepted",reason="",service="ingest"\} 1\n/,
    );
    expect(metrics).toMatch(
      /ingest_submissions_total\{channel="grpc",outcome="rejected",reason="INVALID_ADDRESS",service="ingest"\} 1\n/,
    );
    expect(metrics).toMatch(/ingest_submit_duration_seconds_count\{service="ingest",channel="grpc"\} 2\n/);
    expect(metrics).toMatch(/ingest_in_flight\{service="ingest"\} 0\n/);
    expect(await get(ingest.opsPort, '/healthz')).toEqual({ status: 200, body: 'ok\n' });
    const ready = await eventually(
      () => get(ingest.opsPort, '/readyz'),
      (r) => r.status === 200,
    );
    expect(ready).toEqual({ status: 200, body: 'ready\n' });
  });

  it('drains on stop: calls in flight finish, and exactly the acknowledged withdrawals are on the topic', async () => {
    // The ingest clock is read once per submission as it enters the ingestor: once all have entered, stop.
    const total = 40;
    let entered = 0;
    let allIn: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (allIn = resolve));
    const draining = await startTestIngest(env.env({ INGEST_INTAKE_ENABLED: 'false' }), {
      clock: {
        now() {
          if (++entered === total) allIn();
          return Date.now();
        },
      },
    });
    const c = client(draining.grpcPort);
    const now = Date.now();
    const submissions = Array.from({ length: total }, (_, i) => validSubmission(`drain-${i}`, now));
    const calls = submissions.map((s) => submit(c, s));
    await inFlight;
    await draining.stop();
    const results = await Promise.all(calls);
    c.close();
    expect(results.map((r) => r.ok && r.response.status)).toEqual(submissions.map(() => SubmissionStatus.ACCEPTED));
    const published = (await requestedEvents(kafka, env.topics.withdrawalsRequested))
      .map((e) => e.event.withdrawalId)
      .filter((id) => id.startsWith('wd-drain-'))
      .sort();
    expect(published).toEqual(submissions.map((s) => s.withdrawalId).sort());
    const stopped = await submit(client(draining.grpcPort), validSubmission('drain-late', now));
    expect(!stopped.ok && stopped.error.code).toBe(14); // UNAVAILABLE: nothing listens any more
  });
});
