import { describe, expect, it } from 'vitest';
import { ingestAuthSettings, loadIngestConfig } from './config.js';

const required = { KAFKA_BROKERS: 'k1:9092,k2:9092', DATABASE_URL: 'postgres://db/cordon' };
// Producers are authenticated: here by the identity provider's JWTs.
const withAuth = { ...required, AUTH_JWKS_URL: 'https://login.example.org/certs' };
const hash = 'ab'.repeat(32);

describe('loadIngestConfig', () => {
  it('needs the brokers, the database and a way to authenticate producers, with the documented defaults', () => {
    const config = loadIngestConfig(withAuth);
    expect(config.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092']);
    expect(config.KAFKA_TOPIC_PREFIX).toBe('cordon.');
    expect(config.INGEST_DB_SCHEMA).toBe('ingest');
    expect(config.INGEST_GRPC_PORT).toBe(50051);
    expect(config.INGEST_AUTH_TOKENS).toEqual([]);
    expect(ingestAuthSettings(config)).toEqual({
      jwt: {
        jwks: { url: 'https://login.example.org/certs' },
        issuer: 'cordon-local',
        audience: 'cordon',
        rolesClaim: 'roles',
      },
      insecureNoAuth: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  // Review F5/T4: with no tokens configured ingest used to start with authentication off.
  it('refuses to start without a way to authenticate producers, unless told it is development', () => {
    expect(() => loadIngestConfig(required)).toThrow(/INGEST_AUTH_TOKENS[\s\S]*CORDON_INSECURE_DEV_NO_AUTH/);
    expect(loadIngestConfig({ ...required, INGEST_AUTH_TOKENS: `wallets:${hash}` }).INGEST_AUTH_TOKENS).toHaveLength(1);
    const mtls = loadIngestConfig({
      ...required,
      INGEST_TLS_CERT_FILE: 'server.crt',
      INGEST_TLS_KEY_FILE: 'server.key',
      INGEST_TLS_CLIENT_CA_FILE: 'producers-ca.crt',
    });
    expect(ingestAuthSettings(mtls)).toEqual({ mtls: { roles: ['producer'] }, insecureNoAuth: false });
    const dev = loadIngestConfig({ ...required, CORDON_INSECURE_DEV_NO_AUTH: '1' });
    expect(ingestAuthSettings(dev)).toEqual({ insecureNoAuth: true });
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
    [{ KAFKA_BROKERS: 'k:9092', AUTH_JWKS_FILE: 'jwks.json' }, 'DATABASE_URL'],
    [{ ...required, INGEST_AUTH_TOKENS: 'wallets:plaintext-token' }, 'INGEST_AUTH_TOKENS'],
    [{ ...required, INGEST_AUTH_TOKENS: `wallets:${hash}:Delete` }, 'INGEST_AUTH_TOKENS'],
    [{ ...withAuth, INGEST_TLS_CERT_FILE: 'server.crt' }, 'INGEST_TLS_KEY_FILE'],
    [{ ...required, INGEST_TLS_CLIENT_CA_FILE: 'ca.crt' }, 'INGEST_TLS_CLIENT_CA_FILE'],
    [{ ...withAuth, INGEST_DB_SCHEMA: 'Robert"; drop' }, 'INGEST_DB_SCHEMA'],
    [{ ...withAuth, INGEST_MAX_IN_FLIGHT: '1' }, 'INGEST_MAX_IN_FLIGHT'],
    [{ ...withAuth, INGEST_LEASE_MS: '9000', INGEST_SEND_TIMEOUT_MS: '5000' }, 'INGEST_LEASE_MS'],
    // Twice the answer's timeout is not enough (review F10): the lease must cover twice the whole write.
    [{ ...withAuth, INGEST_LEASE_MS: '50000', INGEST_SEND_TIMEOUT_MS: '5000' }, 'INGEST_LEASE_MS'],
    [{ ...withAuth, INGEST_DELIVERY_TIMEOUT_MS: '60000' }, 'INGEST_LEASE_MS'],
  ])('fails fast on %j, naming %s', (env, name) => {
    expect(() => loadIngestConfig(env)).toThrow(name);
  });
});
