import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from './config.js';

const required = { KAFKA_BROKERS: 'k1:9092,k2:9092', DATABASE_URL: 'postgres://db/cordon' };
const hash = 'ab'.repeat(32);

describe('loadIngestConfig', () => {
  it('needs only the brokers and the database, with the documented defaults', () => {
    const config = loadIngestConfig(required);
    expect(config.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092']);
    expect(config.KAFKA_TOPIC_PREFIX).toBe('cordon.');
    expect(config.INGEST_DB_SCHEMA).toBe('ingest');
    expect(config.INGEST_GRPC_PORT).toBe(50051);
    expect(config.INGEST_AUTH_TOKENS).toEqual([]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads producer tokens as hashes with optional method lists', () => {
    const config = loadIngestConfig({
      ...required,
      INGEST_AUTH_TOKENS: `wallets:${hash.toUpperCase()}, batch:${hash}:SubmitWithdrawals|SubmitWithdrawal`,
    });
    expect(config.INGEST_AUTH_TOKENS).toEqual([
      { producer: 'wallets', sha256: hash },
      { producer: 'batch', sha256: hash, methods: new Set(['SubmitWithdrawals', 'SubmitWithdrawal']) },
    ]);
  });

  it.each([
    [{ KAFKA_BROKERS: 'k:9092' }, 'DATABASE_URL'],
    [{ ...required, INGEST_AUTH_TOKENS: 'wallets:plaintext-token' }, 'INGEST_AUTH_TOKENS'],
    [{ ...required, INGEST_AUTH_TOKENS: `wallets:${hash}:Delete` }, 'INGEST_AUTH_TOKENS'],
    [{ ...required, INGEST_TLS_CERT_FILE: 'server.crt' }, 'INGEST_TLS_KEY_FILE'],
    [{ ...required, INGEST_TLS_CLIENT_CA_FILE: 'ca.crt' }, 'INGEST_TLS_CLIENT_CA_FILE'],
    [{ ...required, INGEST_DB_SCHEMA: 'Robert"; drop' }, 'INGEST_DB_SCHEMA'],
    [{ ...required, INGEST_MAX_IN_FLIGHT: '1' }, 'INGEST_MAX_IN_FLIGHT'],
    [{ ...required, INGEST_LEASE_MS: '9000', INGEST_SEND_TIMEOUT_MS: '5000' }, 'INGEST_LEASE_MS'],
    // Twice the answer's timeout is not enough (review F10): the lease must cover twice the whole write.
    [{ ...required, INGEST_LEASE_MS: '50000', INGEST_SEND_TIMEOUT_MS: '5000' }, 'INGEST_LEASE_MS'],
    [{ ...required, INGEST_DELIVERY_TIMEOUT_MS: '60000' }, 'INGEST_LEASE_MS'],
  ])('fails fast on %j, naming %s', (env, name) => {
    expect(() => loadIngestConfig(env)).toThrow(name);
  });
});
