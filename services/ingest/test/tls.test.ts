import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubmissionStatus } from '@cordon/contracts';
import { createKafka } from '@cordon/platform';
import { makeCertificates } from '../../../test/certificates.js';
import { brokers, testLogger, uniqueName } from '../../../test/support.js';
import type { RunningIngest } from '../src/app.js';
import { validSubmission } from './fixtures.js';
import { client, createIngestEnv, startTestIngest, submit, type IngestEnv } from './helpers.js';

const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('ingest-tls-test') }, testLogger());

describe('ingest over mutual TLS', () => {
  let dir: string;
  let env: IngestEnv;
  let ingest: RunningIngest;
  const file = (name: string) => readFileSync(join(dir, name));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-tls-'));
    makeCertificates(dir);
    env = await createIngestEnv(kafka);
    ingest = await startTestIngest(
      env.env({
        INGEST_INTAKE_ENABLED: 'false',
        INGEST_TLS_CERT_FILE: join(dir, 'server.crt'),
        INGEST_TLS_KEY_FILE: join(dir, 'server.key'),
        INGEST_TLS_CLIENT_CA_FILE: join(dir, 'ca.crt'),
        // The client certificate alone authenticates the producer.
        INGEST_AUTH_TOKENS: '',
      }),
    );
  });
  afterAll(async () => {
    await ingest?.stop();
    await env?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a producer whose certificate the configured CA signed, and no one else', async () => {
    const submission = validSubmission('tls-1', Date.now());
    const trusted = client(
      ingest.grpcPort,
      grpc.credentials.createSsl(file('ca.crt'), file('producer.key'), file('producer.crt')),
      null,
    );
    const ok = await submit(trusted, submission);
    trusted.close();
    expect(ok.ok && ok.response.status).toBe(SubmissionStatus.ACCEPTED);
    // The certificate's subject names the producer in the event.
    expect(ok.ok && ok.response.requested?.producer).toBe('producer');

    const anonymous = client(ingest.grpcPort, grpc.credentials.createSsl(file('ca.crt')), null);
    const stranger = client(
      ingest.grpcPort,
      grpc.credentials.createSsl(file('ca.crt'), file('stranger.key'), file('stranger.crt')),
      null,
    );
    const plaintext = client(ingest.grpcPort, undefined, null);
    for (const c of [anonymous, stranger, plaintext]) {
      const result = await submit(c, validSubmission('tls-2', Date.now()));
      c.close();
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.code).toBe(grpc.status.UNAVAILABLE);
    }
  });
});
