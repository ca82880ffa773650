import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CordonError } from './errors.js';
import { intFromString, kafkaEnv, loadConfig } from './config.js';

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
