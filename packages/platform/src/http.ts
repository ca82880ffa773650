import { createServer, type Server } from 'node:http';
import { Registry, collectDefaultMetrics } from 'prom-client';

/** A process's Prometheus registry with the default Node.js metrics under `<service>_` names. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: `${service.replaceAll('-', '_')}_` });
  return registry;
}

/** Readiness: each named check must resolve true. Liveness only says the event loop answers. */
export type ReadinessCheck = () => Promise<boolean> | boolean;

/** The operations endpoint: GET /metrics, /healthz (liveness), /readyz (readiness). */
export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** Serves metrics and probes on `host:port` (port 0 picks one). */
export async function startOpsServer(options: {
  registry: Registry;
  readiness: Record<string, ReadinessCheck>;
  port: number;
  host?: string;
}): Promise<OpsServer> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.url === '/metrics') {
        response.writeHead(200, { 'content-type': options.registry.contentType });
        response.end(await options.registry.metrics());
      } else if (request.url === '/healthz') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok\n');
      } else if (request.url === '/readyz') {
        const results = await Promise.all(
          Object.entries(options.readiness).map(
            async ([name, check]) => [name, await Promise.resolve(check()).catch(() => false)] as const,
          ),
        );
        const failing = results.filter(([, ok]) => !ok).map(([name]) => name);
        response.writeHead(failing.length === 0 ? 200 : 503, { 'content-type': 'text/plain' });
        response.end(failing.length === 0 ? 'ready\n' : `not ready: ${failing.join(', ')}\n`);
      } else {
        response.writeHead(404);
        response.end();
      }
    })().catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '0.0.0.0', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
