import * as grpc from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testAuth } from '../../../../../test/auth.js';
import { ProducerAuth } from './auth.js';

const sha = (token: string) => createHash('sha256').update(token).digest('hex');
const tokens = [
  { producer: 'wallets', sha256: sha('s3cret-wallets') },
  { producer: 'batch', sha256: sha('s3cret-batch').toUpperCase(), methods: new Set(['SubmitWithdrawals']) },
];
const identities = testAuth();
afterAll(() => identities.remove());

function call(authorization?: string | string[], commonName?: string) {
  const metadata = new grpc.Metadata();
  for (const value of [authorization ?? []].flat()) metadata.add('authorization', value);
  return {
    metadata,
    getAuthContext: () => (commonName ? { sslPeerCertificate: { subject: { CN: commonName } } } : {}),
  };
}

describe('ProducerAuth', () => {
  const auth = new ProducerAuth(tokens, { insecureNoAuth: false });

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
  ])('%s', async (_name, header, method, expected) => {
    const result = await auth.check(call(header), method);
    expect(result.ok ? result.producer : result.error.code).toBe(expected);
  });

  it('takes a JWT of the identity provider with the producer role, and refuses one without it', async () => {
    const withJwt = new ProducerAuth(tokens, { jwt: identitiesJwt(), insecureNoAuth: false });
    const producer = await identities.token('exchange-wallets', ['producer']);
    expect(await withJwt.check(call(`Bearer ${producer}`), 'SubmitWithdrawal')).toEqual({
      ok: true,
      producer: 'exchange-wallets',
    });
    const analyst = await withJwt.check(
      call(`Bearer ${await identities.token('alice', ['analyst'])}`),
      'SubmitWithdrawal',
    );
    expect(analyst.ok ? analyst.producer : analyst.error.code).toBe(grpc.status.PERMISSION_DENIED);
    // Static tokens still work beside it.
    const staticToken = await withJwt.check(call('Bearer s3cret-wallets'), 'SubmitWithdrawal');
    expect(staticToken).toEqual({ ok: true, producer: 'wallets' });
  });

  it('names the producer by its client certificate under mTLS', async () => {
    const mtls = new ProducerAuth([], { mtls: { roles: ['producer'] }, insecureNoAuth: false });
    expect(await mtls.check(call(undefined, 'wallets.exchange.internal'), 'SubmitWithdrawal')).toEqual({
      ok: true,
      producer: 'wallets.exchange.internal',
    });
  });

  // Review T4: this test used to read "lets every call through when no token is configured".
  it('lets calls without credentials through only when authentication is explicitly off', async () => {
    const open = new ProducerAuth([], { insecureNoAuth: true });
    expect(open.insecure).toBe(true);
    expect(await open.check(call(), 'SubmitWithdrawal')).toEqual({ ok: true, producer: 'anonymous' });
    const closed = await new ProducerAuth([], { jwt: identitiesJwt(), insecureNoAuth: false }).check(
      call(),
      'SubmitWithdrawal',
    );
    expect(closed.ok ? closed.producer : closed.error.code).toBe(grpc.status.UNAUTHENTICATED);
  });
});

function identitiesJwt() {
  return identities.settings.jwt!;
}
