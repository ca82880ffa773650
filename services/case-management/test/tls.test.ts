/**
 * Review F5: ingest, screening and list-sync take TLS certificates for gRPC; case-management's gRPC and HTTP
 * (API and console) ports were plaintext only. With CASES_TLS_* both serve TLS, and with a client CA both require
 * a certificate it signed.
 */
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseServiceClient, ListCasesRequest, type ListCasesResponse } from '@cordon/contracts';
import { createKafka } from '@cordon/platform';
import { makeCertificates } from '../../../test/certificates.js';
import { brokers, testLogger, uniqueName } from '../../../test/support.js';
import type { RunningCaseManagement } from '../src/app.js';
import { createCaseEnv, startInProcess, type CaseEnv } from './helpers.js';

const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('cases-tls-test') }, testLogger());

/** GET `path` over HTTPS; resolves with the status, rejects when the TLS handshake or the connection fails. */
function get(port: number, path: string, options: RequestOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request({ host: '127.0.0.1', port, path, ...options }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    call.on('error', reject);
    call.end();
  });
}

describe('case-management over TLS', () => {
  let dir: string;
  let env: CaseEnv;
  let service: RunningCaseManagement;
  let token: string;
  const file = (name: string) => readFileSync(join(dir, name));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cases-tls-'));
    makeCertificates(dir);
    env = await createCaseEnv(kafka);
    service = await startInProcess(env, {
      CASES_TLS_CERT_FILE: join(dir, 'server.crt'),
      CASES_TLS_KEY_FILE: join(dir, 'server.key'),
      CASES_TLS_CLIENT_CA_FILE: join(dir, 'ca.crt'),
    });
    token = await env.token('alice', ['analyst']);
  });

  afterAll(async () => {
    await service?.stop();
    await env?.cleanup();
    await kafka.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const listCases = (credentials: grpc.ChannelCredentials) => {
    const client = new CaseServiceClient(`127.0.0.1:${service.grpcPort}`, credentials);
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    return new Promise<ListCasesResponse>((resolve, reject) =>
      client.listCases(
        ListCasesRequest.fromPartial({}),
        metadata,
        { deadline: Date.now() + 5_000 },
        (error, response) => {
          client.close();
          return error ? reject(error) : resolve(response);
        },
      ),
    );
  };

  it('answers gRPC over TLS to a client with a certificate the client CA signed, and no one else', async () => {
    const trusted = grpc.credentials.createSsl(file('ca.crt'), file('producer.key'), file('producer.crt'));
    expect((await listCases(trusted)).cases).toEqual([]);
    await expect(listCases(grpc.credentials.createSsl(file('ca.crt')))).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
    const stranger = grpc.credentials.createSsl(file('ca.crt'), file('stranger.key'), file('stranger.crt'));
    await expect(listCases(stranger)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    await expect(listCases(grpc.credentials.createInsecure())).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
  });

  it('serves the HTTP API over HTTPS to a client with a certificate the client CA signed, and no one else', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const trusted = { ca: file('ca.crt'), cert: file('producer.crt'), key: file('producer.key'), headers };
    expect(await get(service.httpPort, '/api/v1/cases', trusted)).toBe(200);
    await expect(get(service.httpPort, '/api/v1/cases', { ca: file('ca.crt'), headers })).rejects.toThrow();
    const stranger = { ca: file('ca.crt'), cert: file('stranger.crt'), key: file('stranger.key'), headers };
    await expect(get(service.httpPort, '/api/v1/cases', stranger)).rejects.toThrow();
    // Plain HTTP on the port gets no answer.
    const plain = new Promise<number>((resolve, reject) => {
      const call = httpRequest({ host: '127.0.0.1', port: service.httpPort, path: '/api/v1/cases', headers }, (r) =>
        resolve(r.statusCode ?? 0),
      );
      call.on('error', reject);
      call.end();
    });
    await expect(plain).rejects.toThrow();
  });
});
