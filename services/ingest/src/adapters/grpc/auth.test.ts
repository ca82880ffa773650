import * as grpc from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BearerAuth } from './auth.js';

const sha = (token: string) => createHash('sha256').update(token).digest('hex');
const auth = new BearerAuth([
  { producer: 'wallets', sha256: sha('s3cret-wallets') },
  { producer: 'batch', sha256: sha('s3cret-batch').toUpperCase(), methods: new Set(['SubmitWithdrawals']) },
]);

function metadata(authorization?: string | string[]): grpc.Metadata {
  const m = new grpc.Metadata();
  for (const value of [authorization ?? []].flat()) m.add('authorization', value);
  return m;
}

describe('BearerAuth', () => {
  it.each<[string, string | string[] | undefined, string, number | string]>([
    ['a known token', 'Bearer s3cret-wallets', 'SubmitWithdrawal', 'wallets'],
    ['a lower-case scheme', 'bearer s3cret-wallets', 'SubmitWithdrawal', 'wallets'],
    ['a token allowed the method', 'Bearer s3cret-batch', 'SubmitWithdrawals', 'batch'],
    ['no header', undefined, 'SubmitWithdrawal', grpc.status.UNAUTHENTICATED],
    ['another scheme', 'Basic s3cret-wallets', 'SubmitWithdrawal', grpc.status.UNAUTHENTICATED],
    ['two headers', ['Bearer s3cret-wallets', 'Bearer s3cret-batch'], 'SubmitWithdrawal', grpc.status.UNAUTHENTICATED],
    ['an unknown token', 'Bearer s3cret-wallets2', 'SubmitWithdrawal', grpc.status.UNAUTHENTICATED],
    [
      'the hash instead of the token',
      `Bearer ${sha('s3cret-wallets')}`,
      'SubmitWithdrawal',
      grpc.status.UNAUTHENTICATED,
    ],
    ['a method the token may not call', 'Bearer s3cret-batch', 'SubmitWithdrawal', grpc.status.PERMISSION_DENIED],
  ])('%s', (_name, header, method, expected) => {
    const result = auth.check(metadata(header), method);
    expect(result.ok ? result.producer : result.error.code).toBe(expected);
  });

  it('lets every call through when no token is configured', () => {
    const open = new BearerAuth([]);
    expect(open.enabled).toBe(false);
    expect(open.check(metadata(), 'SubmitWithdrawal')).toEqual({ ok: true, producer: 'anonymous' });
  });
});
