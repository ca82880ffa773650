import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsRegistry, startOpsServer, type OpsServer } from '../http.js';
import { startGrpcServer, type RunningGrpcServer } from './server.js';

type HealthClient = grpc.Client & {
  check(
    request: { service: string },
    callback: (error: grpc.ServiceError | null, response: { status: string }) => void,
  ): void;
};

// A loopback server and client: no broker or database involved.
describe('gRPC server helper', () => {
  let server: RunningGrpcServer;
  let client: HealthClient;

  beforeAll(async () => {
    server = await startGrpcServer({ host: '127.0.0.1', port: 0, services: [] });
    const Client = grpc.makeGenericClientConstructor(healthService, 'Health');
    client = new Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure()) as unknown as HealthClient;
  });
  afterAll(async () => {
    client.close();
    await server.shutdown(1_000);
  });

  const check = (name: string) =>
    new Promise<{ status: string } | grpc.ServiceError>((resolve) =>
      client.check({ service: name }, (error, response) => resolve(error ?? response)),
    );

  it('answers the standard health check, per service and overall', async () => {
    expect(await check('')).toMatchObject({ status: 'SERVING' });
    server.health.setStatus('cordon.test.v1.Thing', 'NOT_SERVING');
    expect(await check('cordon.test.v1.Thing')).toMatchObject({ status: 'NOT_SERVING' });
    expect(await check('cordon.unknown.v1.Nope')).toMatchObject({ code: grpc.status.NOT_FOUND });
  });
});

describe('ops endpoint', () => {
  let ops: OpsServer;
  let ready = false;

  beforeAll(async () => {
    ops = await startOpsServer({
      registry: createMetricsRegistry('test-service'),
      readiness: { kafka: () => ready },
      port: 0,
      host: '127.0.0.1',
    });
  });
  afterAll(() => ops.close());

  it('serves Prometheus metrics with the service prefix, liveness, and readiness that follows its checks', async () => {
    const base = `http://127.0.0.1:${ops.port}`;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('test_service_process_cpu_user_seconds_total');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toContain('kafka');
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});
