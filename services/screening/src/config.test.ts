import { describe, expect, it } from 'vitest';
import { ListSource } from '@cordon/contracts';
import { readConfig } from './config.js';

// Callers are authenticated against a JWKS (cordon up: the local key in .cordon/auth).
const AUTH = { AUTH_JWKS_FILE: '/keys/jwks.json' };

describe('screening configuration', () => {
  it('starts with KAFKA_BROKERS alone, everything else defaulted', () => {
    const config = readConfig({ KAFKA_BROKERS: 'k1:9092, k2:9092', ...AUTH });
    expect(config.kafka).toMatchObject({
      brokers: ['k1:9092', 'k2:9092'],
      clientId: 'screening',
      groupId: 'cordon.screening',
      topicPrefix: 'cordon.',
      partitions: 3,
    });
    expect(config.grpc).toEqual({ host: '0.0.0.0', port: 50_053, maxMessageBytes: 64 * 1024 });
    expect(config.auth).toEqual({
      jwt: { jwks: { file: '/keys/jwks.json' }, issuer: 'cordon-local', audience: 'cordon', rolesClaim: 'roles' },
      insecureNoAuth: false,
    });
    expect(config.prechecks).toEqual({ workers: 2, maxQueuedPerWorker: 64, ratePerSecond: 200, burst: 400 });
    expect(config.opsPort).toBe(9_103);
    expect(config.requiredSources).toEqual([ListSource.OFAC_SDN]);
    expect(config.lookback).toEqual({ enabled: true, maxWithdrawals: 100_000, maxAgeMillis: 720 * 3_600_000 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('derives the consumer group from the topic prefix, so deployments sharing a cluster never share a group', () => {
    const staging = readConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_TOPIC_PREFIX: 'staging.', ...AUTH });
    const prod = readConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_TOPIC_PREFIX: 'prod.', ...AUTH });
    expect(staging.kafka.groupId).toBe('staging.screening');
    expect(prod.kafka.groupId).toBe('prod.screening');
    expect(readConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_GROUP_ID: 'mine', ...AUTH }).kafka.groupId).toBe('mine');
  });

  it('reads sources, TLS, SASL and bounds', () => {
    const config = readConfig({
      KAFKA_BROKERS: 'k:9092',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
      SCREENING_REQUIRED_SOURCES: 'ofac-sdn,un,eu',
      SCREENING_GRPC_TLS_CERT: 'cert.pem',
      SCREENING_GRPC_TLS_KEY: 'key.pem',
      SCREENING_GRPC_TLS_CLIENT_CA: 'ca.pem',
      SCREENING_LOOKBACK_MAX_WITHDRAWALS: '5000',
      SCREENING_POLICY_FILE: 'policy.json',
    });
    expect(config.requiredSources).toEqual([ListSource.OFAC_SDN, ListSource.UN, ListSource.EU]);
    expect(config.kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
    expect(config.grpc.tls).toEqual({ certFile: 'cert.pem', keyFile: 'key.pem', clientCaFile: 'ca.pem' });
    // mTLS alone authenticates: the client certificate names the producer.
    expect(config.auth).toEqual({ mtls: { roles: ['producer'] }, insecureNoAuth: false });
    expect(config.lookback.maxWithdrawals).toBe(5_000);
    expect(config.policyFile).toBe('policy.json');
  });

  it('fails fast naming every bad variable', () => {
    expect(() =>
      readConfig({ SCREENING_REQUIRED_SOURCES: 'ofac-sdn,nowhere', SCREENING_MAX_BATCH_RECORDS: '0' }),
    ).toThrow(/KAFKA_BROKERS[\s\S]*SCREENING_REQUIRED_SOURCES[\s\S]*SCREENING_MAX_BATCH_RECORDS/);
  });

  // Review T4/F5: with nothing configured the pre-checks were open to anyone; now the service refuses to start.
  it('refuses to start without a way to authenticate callers, unless told it is development', () => {
    expect(() => readConfig({ KAFKA_BROKERS: 'k:9092' })).toThrow(/AUTH_JWKS_URL[\s\S]*CORDON_INSECURE_DEV_NO_AUTH/);
    const dev = readConfig({ KAFKA_BROKERS: 'k:9092', CORDON_INSECURE_DEV_NO_AUTH: '1' });
    expect(dev.auth).toEqual({ insecureNoAuth: true });
  });

  // Review T4/F15: an empty list of required sources meant screening against no list at all.
  it('refuses to run with no required list source', () => {
    expect(() => readConfig({ KAFKA_BROKERS: 'k:9092', ...AUTH, SCREENING_REQUIRED_SOURCES: '' })).toThrow(
      /SCREENING_REQUIRED_SOURCES: name at least one list source/,
    );
    expect(() => readConfig({ KAFKA_BROKERS: 'k:9092', ...AUTH, SCREENING_REQUIRED_SOURCES: ' , ' })).toThrow(
      /SCREENING_REQUIRED_SOURCES/,
    );
  });

  it('reads the expected policy hash and the unsafe flag (off by default)', () => {
    expect(readConfig({ KAFKA_BROKERS: 'k:9092', ...AUTH }).policy).toEqual({ allowUnsafe: false });
    const hash = 'a'.repeat(64);
    const config = readConfig({
      KAFKA_BROKERS: 'k:9092',
      ...AUTH,
      SCREENING_EXPECTED_POLICY_HASH: hash,
      SCREENING_POLICY_ALLOW_UNSAFE: 'true',
    });
    expect(config.policy).toEqual({ expectedHash: hash, allowUnsafe: true });
    expect(() => readConfig({ KAFKA_BROKERS: 'k:9092', ...AUTH, SCREENING_EXPECTED_POLICY_HASH: 'abc' })).toThrow(
      /SCREENING_EXPECTED_POLICY_HASH/,
    );
  });
});
