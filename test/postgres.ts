import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../infra/local/kafka.js';
import { canConnect, startEmbeddedPostgres } from '../infra/local/postgres.js';

/** The PostgreSQL server a test run uses. */
export interface TestPostgres {
  url: string;
  description: string;
  stop(): Promise<void>;
}

/** The local server on 127.0.0.1:5432 (trust auth) when one answers, else an embedded server in a temp dir. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnect(local)) {
    return { url: local, description: 'server at 127.0.0.1:5432', stop: async () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cordon-test-pg-'));
  const server = await startEmbeddedPostgres(dir, await freePort());
  return {
    url: server.url,
    description: `embedded in ${dir}`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
