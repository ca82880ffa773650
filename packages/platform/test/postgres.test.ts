import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createPool, postgresClientConfig, type PostgresTls } from '@cordon/platform';
import { databaseUrl } from '../../../test/support.js';

// The run's real PostgreSQL server: whether it offers TLS decides what `require` must do, and either way the
// connection's own view (pg_stat_ssl) says whether TLS was used.
describe('PostgreSQL TLS settings (real server)', () => {
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end();
  });
  const pool = (tls?: PostgresTls) => {
    const created = createPool(databaseUrl(), { max: 1, tls });
    pools.push(created);
    return created;
  };
  const usesTls = async (p: pg.Pool) =>
    (await p.query<{ ssl: boolean }>('select ssl from pg_stat_ssl where pid = pg_backend_pid()')).rows[0]?.ssl;

  it('connects in plaintext with disable, and asks for TLS with require', async () => {
    expect(await usesTls(pool({ mode: 'disable' }))).toBe(false);
    const serverTls = (await pool({ mode: 'disable' }).query<{ ssl: string }>('show ssl')).rows[0]?.ssl === 'on';
    const required = pool({ mode: 'require' });
    if (serverTls) {
      expect(await usesTls(required)).toBe(true);
    } else {
      // A server without TLS refuses the TLS request: no silent fallback to plaintext.
      await expect(required.query('select 1')).rejects.toThrow(/SSL/i);
    }
  });

  it('refuses a URL that says something else about TLS', () => {
    const url = new URL(databaseUrl());
    url.searchParams.set('sslmode', 'disable');
    expect(() => postgresClientConfig(url.toString(), { mode: 'verify-full' })).toThrow(/sslmode/);
    expect(postgresClientConfig(url.toString())).toEqual({ connectionString: url.toString() });
  });

  it('verifies the server against the CA file (an unreadable file fails at start)', () => {
    expect(() => postgresClientConfig(databaseUrl(), { mode: 'verify-ca', caFile: '/nonexistent/ca.pem' })).toThrow(
      /ENOENT/,
    );
  });
});
