/**
 * Property-based tests: random valid addresses of each chain, built from random payload bytes with the
 * encoders; every spelling a chain allows maps to one key; one corrupted character is caught where the form has
 * a checksum; different payloads never share a key.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { base58, bech32, bech32m } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase58check } from './base58check.js';
import { encodeCashaddr } from './cashaddr.js';
import { toEip55 } from './evm.js';
import { checkAddress } from './index.js';
import { encodeMonero } from './monero.js';
import { classicAddress, encodeXrpChecked } from './ripple.js';

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const concat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const XRP58 = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';

/** `text` with the character at `at` (taken modulo the editable range) replaced by another from `alphabet`. */
function corrupt(text: string, alphabet: string, from: number, at: number, pick: number): string {
  const i = from + (at % (text.length - from));
  const choices = alphabet.replace(text[i]!, '');
  return text.slice(0, i) + choices[pick % choices.length] + text.slice(i + 1);
}
const corruption = fc.record({ at: fc.nat(), pick: fc.nat() });

function keyOf(ticker: string, address: string): string {
  const check = checkAddress(ticker, address);
  expect(check, `${ticker} ${address}: ${check.reason}`).toMatchObject({ valid: true });
  return check.canonical;
}

function expectCaught(ticker: string, address: string): void {
  const check = checkAddress(ticker, address);
  expect(check.valid, `${ticker} ${address} should be rejected`).toBe(false);
  expect(check.canonical).toBe(`raw:${address}`);
}

const BASE58CHECK: [string, number[], number][] = [
  ['BTC', [0x00], 20],
  ['XBT', [0x05], 20],
  ['LTC', [0x30], 20],
  ['LTC', [0x32], 20],
  ['DOGE', [0x1e], 20],
  ['DOGE', [0x16], 20],
  ['DASH', [0x4c], 20],
  ['DASH', [0x10], 20],
  ['BTG', [0x26], 20],
  ['BTG', [0x17], 20],
  ['XVG', [0x21], 20],
  ['ZEC', [0x1c, 0xb8], 20],
  ['ZEC', [0x1c, 0xbd], 20],
  ['ZEC', [0x16, 0x9a], 64],
  ['TRX', [0x41], 20],
  ['USDT', [0x41], 20],
  ['USDT', [0x00], 20],
];

describe.each(BASE58CHECK)('base58check %s version %j', (ticker, version, length) => {
  it('accepts random payloads, keyed as written', () => {
    fc.assert(
      fc.property(bytes(length), (payload) => {
        const text = encodeBase58check(concat(version, payload));
        expect(keyOf(ticker, text)).toBe(`b58:${text}`);
        expect(keyOf(ticker, `  ${text}\t`)).toBe(`b58:${text}`);
      }),
    );
  });

  it('catches one corrupted character (checksum)', () => {
    fc.assert(
      fc.property(bytes(length), corruption, (payload, c) => {
        expectCaught(ticker, corrupt(encodeBase58check(concat(version, payload)), BASE58, 0, c.at, c.pick));
      }),
    );
  });

  it('gives different payloads different keys', () => {
    fc.assert(
      fc.property(bytes(length), bytes(length), (a, b) => {
        fc.pre(bytesToHex(a) !== bytesToHex(b));
        const key = (p: Uint8Array) => keyOf(ticker, encodeBase58check(concat(version, p)));
        expect(key(a)).not.toBe(key(b));
      }),
    );
  });
});

describe('Bitcoin Cash / SV: CashAddr and legacy', () => {
  it('keys every spelling of one hash the same: legacy, CashAddr with or without prefix, either case, token-aware', () => {
    fc.assert(
      fc.property(bytes(20), fc.constantFrom(0, 1), (hash, type) => {
        const legacy = encodeBase58check(concat([type === 0 ? 0x00 : 0x05], hash));
        const cash = encodeCashaddr('bitcoincash', type, hash);
        const bare = cash.slice('bitcoincash:'.length);
        const tokenAware = encodeCashaddr('bitcoincash', type + 2, hash);
        const spellings = [legacy, cash, cash.toUpperCase(), bare, bare.toUpperCase(), tokenAware];
        for (const ticker of ['BCH', 'BSV']) {
          for (const s of spellings) expect(keyOf(ticker, s), s).toBe(`b58:${legacy}`);
        }
        expect(keyOf('BTC', legacy)).toBe(`b58:${legacy}`);
        expect(keyOf('', bare)).toBe(`b58:${legacy}`);
      }),
    );
  });

  it('keys 32-byte hashes (P2SH32) by their CashAddr', () => {
    fc.assert(
      fc.property(bytes(32), (hash) => {
        const cash = encodeCashaddr('bitcoincash', 1, hash);
        expect(keyOf('BCH', cash.toUpperCase())).toBe(`cashaddr:${cash}`);
        expect(keyOf('BCH', encodeCashaddr('bitcoincash', 3, hash))).toBe(`cashaddr:${cash}`);
      }),
    );
  });

  it('catches one corrupted character (checksum)', () => {
    fc.assert(
      fc.property(bytes(20), fc.constantFrom(0, 1), corruption, (hash, type, c) => {
        const cash = encodeCashaddr('bitcoincash', type, hash);
        expectCaught('BCH', corrupt(cash, BECH32, 'bitcoincash:'.length, c.at, c.pick));
      }),
    );
  });

  it('says a testnet payload without its prefix is testnet', () => {
    fc.assert(
      fc.property(bytes(20), (hash) => {
        const bare = encodeCashaddr('bchtest', 0, hash).slice('bchtest:'.length);
        expect(checkAddress('BCH', bare).reason).toMatch(/testnet/);
      }),
    );
  });
});

const SEGWIT: [string, string][] = [
  ['BTC', 'bc'],
  ['LTC', 'ltc'],
  ['BTG', 'btg'],
];
const witness = fc.oneof(
  fc.record({ version: fc.constant(0), program: bytes(20) }),
  fc.record({ version: fc.constant(0), program: bytes(32) }),
  fc.record({ version: fc.constant(1), program: bytes(32) }),
);
const encodeWitness = (hrp: string, w: { version: number; program: Uint8Array }) =>
  (w.version === 0 ? bech32 : bech32m).encode(hrp, [w.version, ...bech32.toWords(w.program)]);

describe.each(SEGWIT)('SegWit %s (%s1…)', (ticker, hrp) => {
  it('keys lower and upper case the same', () => {
    fc.assert(
      fc.property(witness, (w) => {
        const text = encodeWitness(hrp, w);
        expect(keyOf(ticker, text.toUpperCase())).toBe(`bech32:${text}`);
        expect(keyOf(ticker, text)).toBe(`bech32:${text}`);
      }),
    );
  });

  it('catches one corrupted character (bech32 guarantees it)', () => {
    fc.assert(
      fc.property(witness, corruption, (w, c) => {
        expectCaught(ticker, corrupt(encodeWitness(hrp, w), BECH32, hrp.length + 1, c.at, c.pick));
      }),
    );
  });

  it('gives different programs different keys', () => {
    fc.assert(
      fc.property(witness, witness, (a, b) => {
        fc.pre(a.version !== b.version || bytesToHex(a.program) !== bytesToHex(b.program));
        expect(keyOf(ticker, encodeWitness(hrp, a))).not.toBe(keyOf(ticker, encodeWitness(hrp, b)));
      }),
    );
  });
});

describe('EVM', () => {
  const tickers = fc.constantFrom('ETH', 'ETC', 'ARB', 'BSC', 'MATIC', 'USDT', 'USDC', 'DAI', '');

  it('keys every casing and prefix of one account the same, under every EVM ticker', () => {
    fc.assert(
      fc.property(bytes(20), tickers, (account, ticker) => {
        const lower = bytesToHex(account);
        const key = `evm:0x${lower}`;
        for (const s of [`0x${lower}`, `0x${lower.toUpperCase()}`, `0X${lower}`, `0x${toEip55(lower)}`]) {
          expect(keyOf(ticker, s), s).toBe(key);
        }
        if (ticker !== '' && ticker !== 'DAI') expect(keyOf(ticker, toEip55(lower))).toBe(key);
      }),
    );
  });

  it('catches a flipped letter case in an EIP-55 address', () => {
    fc.assert(
      fc.property(bytes(20), fc.nat(), (account, n) => {
        const mixed = toEip55(bytesToHex(account));
        const letters = [...mixed].flatMap((c, i) => (/[a-fA-F]/.test(c) ? [i] : []));
        // EIP-55 only speaks through letters; with fewer than two the address cannot be mixed-case.
        fc.pre(letters.length >= 2 && /[a-f]/.test(mixed) && /[A-F]/.test(mixed));
        const i = letters[n % letters.length]!;
        const c = mixed[i]!;
        const flipped =
          mixed.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + mixed.slice(i + 1);
        // Flipping can leave the text all one case, which EIP-55 treats as unchecksummed; skip that case.
        fc.pre(flipped !== flipped.toLowerCase() && flipped !== flipped.toUpperCase());
        expectCaught('ETH', `0x${flipped}`);
      }),
    );
  });

  it('gives different accounts different keys', () => {
    fc.assert(
      fc.property(bytes(20), bytes(20), (a, b) => {
        fc.pre(bytesToHex(a) !== bytesToHex(b));
        expect(keyOf('ETH', `0x${bytesToHex(a)}`)).not.toBe(keyOf('ETH', `0x${bytesToHex(b)}`));
      }),
    );
  });
});

describe('spellings of one address on other chains', () => {
  it('Tron: T… and 41-hex in either case', () => {
    fc.assert(
      fc.property(bytes(20), (account) => {
        const t = encodeBase58check(concat([0x41], account));
        const hex = `41${bytesToHex(account)}`;
        for (const s of [t, hex, hex.toUpperCase()]) expect(keyOf('TRX', s)).toBe(`b58:${t}`);
      }),
    );
  });

  it('Litecoin: legacy 3… and M… P2SH', () => {
    fc.assert(
      fc.property(bytes(20), (hash) => {
        const m = encodeBase58check(concat([0x32], hash));
        expect(keyOf('LTC', encodeBase58check(concat([0x05], hash)))).toBe(`b58:${m}`);
        expect(keyOf('LTC', m)).toBe(`b58:${m}`);
      }),
    );
  });

  it('Zcash: TEX and t1', () => {
    fc.assert(
      fc.property(bytes(20), (hash) => {
        const t1 = encodeBase58check(concat([0x1c, 0xb8], hash));
        expect(keyOf('ZEC', bech32m.encode('tex', bech32m.toWords(hash)))).toBe(`b58:${t1}`);
        expect(keyOf('ZEC', bech32m.encode('tex', bech32m.toWords(hash)).toUpperCase())).toBe(`b58:${t1}`);
      }),
    );
  });

  it('Zcash Sapling: either case, flagged shielded; corruption caught', () => {
    fc.assert(
      fc.property(bytes(43), corruption, (payload, c) => {
        const zs = bech32.encode('zs', bech32.toWords(payload));
        expect(checkAddress('ZEC', zs.toUpperCase())).toMatchObject({
          valid: true,
          shielded: true,
          canonical: `bech32:${zs}`,
        });
        expectCaught('ZEC', corrupt(zs, BECH32, 3, c.at, c.pick));
      }),
    );
  });

  it('XRP: classic and X-address; a tag makes a different key over the same account', () => {
    fc.assert(
      fc.property(bytes(20), fc.integer({ min: 0, max: 0xffffffff }), (account, tag) => {
        const classic = classicAddress(account);
        const le = [tag & 0xff, (tag >>> 8) & 0xff, (tag >>> 16) & 0xff, tag >>> 24, 0, 0, 0, 0];
        const plain = encodeXrpChecked(concat([0x05, 0x44], account, [0], [0, 0, 0, 0, 0, 0, 0, 0]));
        const tagged = encodeXrpChecked(concat([0x05, 0x44], account, [1], le));
        expect(keyOf('XRP', classic)).toBe(`xrp:${classic}`);
        expect(keyOf('XRP', plain)).toBe(`xrp:${classic}`);
        expect(checkAddress('XRP', tagged)).toMatchObject({
          canonical: `xrp:${classic}:${tag}`,
          accountKey: `xrp:${classic}`,
        });
      }),
    );
  });

  it('XRP: one corrupted character is caught', () => {
    fc.assert(
      fc.property(bytes(20), corruption, (account, c) => {
        expectCaught('XRP', corrupt(classicAddress(account), XRP58, 1, c.at, c.pick));
      }),
    );
  });
});

describe('Monero', () => {
  const address = fc.oneof(
    fc.record({ tag: fc.constantFrom(18, 42), rest: bytes(64) }),
    fc.record({ tag: fc.constant(19), rest: bytes(72) }),
  );

  it('accepts standard, subaddress and integrated; an integrated address names its standard one', () => {
    fc.assert(
      fc.property(address, ({ tag, rest }) => {
        const text = encodeMonero(tag, rest);
        const check = checkAddress('XMR', text);
        expect(check).toMatchObject({ valid: true, canonical: `xmr:${text}` });
        if (tag === 19) expect(check.accountKey).toBe(`xmr:${encodeMonero(18, rest.subarray(0, 64))}`);
      }),
    );
  });

  it('catches one corrupted character (Keccak checksum)', () => {
    fc.assert(
      fc.property(address, corruption, ({ tag, rest }, c) => {
        expectCaught('XMR', corrupt(encodeMonero(tag, rest), BASE58, 1, c.at, c.pick));
      }),
    );
  });
});

describe('Solana', () => {
  it('accepts any 32 bytes; different keys for different bytes', () => {
    fc.assert(
      fc.property(bytes(32), bytes(32), (a, b) => {
        fc.pre(bytesToHex(a) !== bytesToHex(b));
        expect(keyOf('SOL', base58.encode(a))).not.toBe(keyOf('SOL', base58.encode(b)));
      }),
    );
  });
});

describe('any input', () => {
  it('never throws; invalid means a raw key of the trimmed input, valid means a family key', () => {
    const ticker = fc.constantFrom('', 'BTC', 'BCH', 'ETH', 'USDT', 'XMR', 'XRP', 'ZEC', 'SOL', 'LTC', 'NEW', 'TRX');
    const text = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...`${BASE58}0x:${BECH32}`.split('')) }));
    fc.assert(
      fc.property(ticker, text, (t, s) => {
        const check = checkAddress(t, s);
        expect(check.input).toBe(s.trim());
        if (check.valid) expect(check.canonical).toMatch(/^(b58|bech32|cashaddr|evm|xrp|xmr|sol):/);
        else expect(check.canonical).toBe(`raw:${s.trim()}`);
      }),
      { numRuns: 2000 },
    );
  });
});
