import { describe, expect, it } from 'vitest';
import { ListSource } from '@cordon/contracts';
import { readConfig } from './config.js';

describe('screening configuration', () => {
  it('starts with KAFKA_BROKERS alone, everything else defaulted', () => {
    const config = readConfig({ KAFKA_BROKERS: 'k1:9092, k2:9092' });
    expect(config.kafka).toMatchObject({
      brokers: ['k1:9092', 'k2:9092'],
      clientId: 'screening',
      groupId: 'cordon.screening',
      topicPrefix: 'cordon.',
      partitions: 3,
    });
    expect(config.grpc).toEqual({ host: '0.0.0.0', port: 50_053 });
    expect(config.opsPort).toBe(9_103);
    expect(config.requiredSources).toEqual([ListSource.OFAC_SDN]);
    expect(config.lookback).toEqual({ enabled: true, maxWithdrawals: 100_000, maxAgeMillis: 720 * 3_600_000 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('derives the consumer group from the topic prefix, so deployments sharing a cluster never share a group', () => {
    const staging = readConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_TOPIC_PREFIX: 'staging.' });
    const prod = readConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_TOPIC_PREFIX: 'prod.' });
    expect(staging.kafka.groupId).toBe('staging.screening');
    expect(prod.kafka.groupId).toBe('prod.screening');
    expect(readConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_GROUP_ID: 'mine' }).kafka.groupId).toBe('mine');
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
      SCREENING_LOOKBACK_MAX_WITHDRAWALS: '5000',
      SCREENING_POLICY_FILE: 'policy.json',
    });
    expect(config.requiredSources).toEqual([ListSource.OFAC_SDN, ListSource.UN, ListSource.EU]);
    expect(config.kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
    expect(config.grpc.tls).toEqual({ certFile: 'cert.pem', keyFile: 'key.pem' });
    expect(config.lookback.maxWithdrawals).toBe(5_000);
    expect(config.policyFile).toBe('policy.json');
  });

  it('fails fast naming every bad variable', () => {
    expect(() =>
      readConfig({ SCREENING_REQUIRED_SOURCES: 'ofac-sdn,nowhere', SCREENING_MAX_BATCH_RECORDS: '0' }),
    ).toThrow(/KAFKA_BROKERS[\s\S]*SCREENING_REQUIRED_SOURCES[\s\S]*SCREENING_MAX_BATCH_RECORDS/);
  });

  it('refuses to run with no required list source', () => {
    expect(() => readConfig({ KAFKA_BROKERS: 'k:9092', SCREENING_REQUIRED_SOURCES: '' })).toThrow(
      /SCREENING_REQUIRED_SOURCES: name at least one list source/,
    );
    expect(() => readConfig({ KAFKA_BROKERS: 'k:9092', SCREENING_REQUIRED_SOURCES: ' , ' })).toThrow(
      /SCREENING_REQUIRED_SOURCES/,
    );
  });

  it('reads the expected policy hash and the unsafe flag (off by default)', () => {
    expect(readConfig({ KAFKA_BROKERS: 'k:9092' }).policy).toEqual({ allowUnsafe: false });
    const hash = 'a'.repeat(64);
    const config = readConfig({
      KAFKA_BROKERS: 'k:9092',
      SCREENING_EXPECTED_POLICY_HASH: hash,
      SCREENING_POLICY_ALLOW_UNSAFE: 'true',
    });
    expect(config.policy).toEqual({ expectedHash: hash, allowUnsafe: true });
    expect(() => readConfig({ KAFKA_BROKERS: 'k:9092', SCREENING_EXPECTED_POLICY_HASH: 'abc' })).toThrow(
      /SCREENING_EXPECTED_POLICY_HASH/,
    );
  });
});
