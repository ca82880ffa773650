import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CordonError } from './errors.js';
import { intFromString, kafkaEnv, loadConfig, postgresEnv, postgresTlsFromEnv } from './config.js';

const schema = z.object({ ...kafkaEnv, GRPC_PORT: intFromString(0, 65535) });

describe('loadConfig', () => {
  it('returns a frozen, typed config', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: 'a:9092, b:9092', GRPC_PORT: '50051' });
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(config.GRPC_PORT).toBe(50051);
    expect(config.KAFKA_SSL).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every missing or invalid variable in one non-retriable error', () => {
    let error: unknown;
    try {
      loadConfig(schema, { KAFKA_BROKERS: ' , ', GRPC_PORT: 'x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CordonError);
    expect((error as CordonError).retriable).toBe(false);
    expect((error as Error).message).toMatch(/KAFKA_BROKERS/);
    expect((error as Error).message).toMatch(/GRPC_PORT/);
  });
});

describe('intFromString', () => {
  const port = z.object({ PORT: intFromString(0, 65_535).default(50_051) });

  it('reads decimal integers and keeps the default when unset', () => {
    expect(loadConfig(port, { PORT: '8080' }).PORT).toBe(8080);
    expect(loadConfig(port, { PORT: ' 42 ' }).PORT).toBe(42);
    expect(loadConfig(port, {}).PORT).toBe(50_051);
  });

  it.each(['', ' ', '0x10', '1e3', '12.5', '80abc', '+1', '99999999'])('refuses %j', (value) => {
    expect(() => loadConfig(port, { PORT: value })).toThrow(/PORT/);
  });
});

describe('postgresTlsFromEnv', () => {
  it('leaves TLS to DATABASE_URL when DATABASE_SSLMODE is unset', () => {
    expect(postgresTlsFromEnv({})).toBeUndefined();
  });

  it('reads the mode and the CA file, and refuses a CA file without a verifying mode', () => {
    const env = z.object(postgresEnv);
    expect(
      postgresTlsFromEnv(loadConfig(env, { DATABASE_SSLMODE: 'verify-full', DATABASE_SSL_CA_FILE: '/ca.pem' })),
    ).toEqual({ mode: 'verify-full', caFile: '/ca.pem' });
    expect(postgresTlsFromEnv(loadConfig(env, { DATABASE_SSLMODE: 'require' }))).toEqual({ mode: 'require' });
    expect(() =>
      postgresTlsFromEnv(loadConfig(env, { DATABASE_SSLMODE: 'require', DATABASE_SSL_CA_FILE: '/c' })),
    ).toThrow(/verify-ca or verify-full/);
    // libpq's modes that fall back to plaintext are refused.
    expect(() => loadConfig(env, { DATABASE_SSLMODE: 'prefer' })).toThrow(/DATABASE_SSLMODE/);
  });
});
