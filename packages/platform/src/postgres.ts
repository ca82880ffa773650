import { readFileSync } from 'node:fs';
import pg from 'pg';
import { CordonError } from './errors.js';

/**
 * How the connection to PostgreSQL is encrypted, in libpq's terms: `disable` (plaintext), `require` (TLS, the
 * server's certificate not checked), `verify-ca` (TLS, the certificate signed by a trusted CA) and `verify-full`
 * (that, and the certificate names the host). libpq's `allow` and `prefer` fall back to plaintext and are refused.
 */
export type PostgresSslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

/** TLS settings for PostgreSQL connections (`DATABASE_SSLMODE`, `DATABASE_SSL_CA_FILE`). */
export interface PostgresTls {
  mode: PostgresSslMode;
  /** PEM file of the CA(s) to trust instead of the system's, for `verify-ca` and `verify-full`. */
  caFile?: string | undefined;
}

// Parameters of the URL that would override the TLS settings given here (the driver lets the URL win).
const URL_TLS_PARAMS = ['sslmode', 'ssl', 'sslrootcert', 'sslcert', 'sslkey', 'uselibpqcompat'];

/**
 * The driver configuration for `databaseUrl` with `tls` applied. Throws when the URL carries its own TLS
 * parameters as well (one place says how the connection is protected), or when the CA file cannot be read.
 */
export function postgresClientConfig(databaseUrl: string, tls?: PostgresTls): pg.ClientConfig {
  if (tls === undefined) return { connectionString: databaseUrl };
  let params: URLSearchParams;
  try {
    params = new URL(databaseUrl).searchParams;
  } catch {
    params = new URLSearchParams();
  }
  const clash = URL_TLS_PARAMS.filter((name) => params.has(name));
  if (clash.length > 0) {
    throw new CordonError(
      'CONFIG_INVALID',
      `DATABASE_URL sets ${clash.join(', ')} and DATABASE_SSLMODE is set: say it in one place`,
      { retriable: false },
    );
  }
  if (tls.mode === 'disable') return { connectionString: databaseUrl, ssl: false };
  const ca = tls.caFile === undefined ? undefined : readFileSync(tls.caFile, 'utf8');
  const ssl =
    tls.mode === 'require'
      ? { rejectUnauthorized: false }
      : {
          rejectUnauthorized: true,
          ...(ca === undefined ? {} : { ca }),
          // verify-ca trusts the chain and not the name, as libpq does.
          ...(tls.mode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
        };
  return { connectionString: databaseUrl, ssl };
}

/** One schema migration: applied once, in id order, inside a transaction. */
export interface Migration {
  /** Monotonic id, e.g. `0001_cases`. Never renamed once released. */
  id: string;
  sql: string;
}

/**
 * A connection pool; `options.schema` sets the search_path of every connection (tests use their own schema),
 * `options.tls` how connections are encrypted (see {@link postgresClientConfig}).
 */
export function createPool(
  databaseUrl: string,
  options: { max?: number; schema?: string; tls?: PostgresTls | undefined } = {},
): pg.Pool {
  return new pg.Pool({
    ...postgresClientConfig(databaseUrl, options.tls),
    max: options.max ?? 10,
    // Set at connection start-up, so no query can run before the search_path is in force.
    ...(options.schema ? { options: `-c search_path=${pg.escapeIdentifier(options.schema)}` } : {}),
  });
}

/**
 * Applies the migrations not applied yet. An advisory lock serialises concurrent starts (several replicas
 * rolling out at once); each migration and its bookkeeping row commit together.
 */
export async function migrate(pool: pg.Pool, migrations: Migration[]): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', ['cordon-migrations']);
    await client.query(
      'create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())',
    );
    const done = new Set(
      (await client.query<{ id: string }>('select id from schema_migrations')).rows.map((row) => row.id),
    );
    for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
      if (done.has(migration.id)) continue;
      await client.query('begin');
      try {
        await client.query(migration.sql);
        await client.query('insert into schema_migrations (id) values ($1)', [migration.id]);
        await client.query('commit');
        applied.push(migration.id);
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    }
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', ['cordon-migrations']).catch(() => undefined);
    client.release();
  }
  return applied;
}
