import { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import { describe, expect, it } from 'vitest';
import { DecodeError, HEADER_SCHEMA_VERSION, HEADER_TYPE, decodeEvent, encodeEvent, type EventType } from './codec.js';

interface Ping {
  id: string;
  amount: bigint;
}

// A two-field message encoded with the protobuf wire library, as ts-proto's generated code does.
const ping: EventType<Ping> = {
  typeName: 'test.v1.Ping',
  schemaVersion: 2,
  codec: {
    encode: (message) => new BinaryWriter().uint32(10).string(message.id).uint32(16).int64(message.amount),
    decode(input) {
      const reader = new BinaryReader(input);
      const message: Ping = { id: '', amount: 0n };
      while (reader.pos < reader.len) {
        const tag = reader.uint32();
        if (tag === 10) message.id = reader.string();
        else if (tag === 16) message.amount = BigInt(reader.int64().toString());
        else reader.skip(tag & 7);
      }
      return message;
    },
  },
};

describe('event codec', () => {
  it('round-trips a message and its 64-bit field through value and headers', () => {
    const encoded = encodeEvent(ping, { id: 'w-1', amount: 9_007_199_254_740_993n });
    expect(encoded.headers).toEqual({ [HEADER_TYPE]: 'test.v1.Ping', [HEADER_SCHEMA_VERSION]: '2' });
    expect(decodeEvent(ping, encoded.value, encoded.headers)).toEqual({ id: 'w-1', amount: 9_007_199_254_740_993n });
  });

  it('reads older schema versions and refuses newer ones', () => {
    const { value } = encodeEvent(ping, { id: 'a', amount: 1n });
    expect(decodeEvent(ping, value, { [HEADER_TYPE]: 'test.v1.Ping', [HEADER_SCHEMA_VERSION]: '1' }).id).toBe('a');
    expect(() => decodeEvent(ping, value, { [HEADER_TYPE]: 'test.v1.Ping', [HEADER_SCHEMA_VERSION]: '3' })).toThrow(
      expect.objectContaining({ reason: 'unsupported-schema-version' }),
    );
  });

  it.each([
    ['missing-type-header', Buffer.from([10, 1, 97]), {}],
    ['unexpected-type', Buffer.from([10, 1, 97]), { [HEADER_TYPE]: 'test.v1.Other' }],
    ['empty-payload', Buffer.alloc(0), { [HEADER_TYPE]: 'test.v1.Ping' }],
    ['malformed-payload', Buffer.from([10, 200, 1, 1]), { [HEADER_TYPE]: 'test.v1.Ping' }],
  ] as const)('rejects %s with a non-retriable DecodeError', (reason, value, headers) => {
    let error: unknown;
    try {
      decodeEvent(ping, value, headers);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).reason).toBe(reason);
    expect((error as DecodeError).retriable).toBe(false);
    expect((error as DecodeError).deadLetterReason).toMatch(/^DEAD_LETTER_REASON_(MISSING_TYPE|WRONG_TYPE|MALFORMED)$/);
  });
});
