import pg from 'pg';

/** One schema migration: applied once, in id order, inside a transaction. */
export interface Migration {
  /** Monotonic id, e.g. `0001_cases`. Never renamed once released. */
  id: string;
  sql: string;
}

/** A connection pool; `options.schema` sets the search_path of every connection (tests use their own schema). */
export function createPool(databaseUrl: string, options: { max?: number; schema?: string } = {}): pg.Pool {
  return new pg.Pool({
    connectionString: databaseUrl,
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
