import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Money } from '@cordon/contracts';
import { UNKNOWN_ASSET_MAX_DECIMALS, checkAmount, formatMinor } from './amount.js';
import { Violations } from './violations.js';

function run(money: Money | undefined, chain?: string) {
  const violations = new Violations();
  const result = checkAmount(money, chain, violations);
  return { result, codes: violations.list.map((v) => `${v.field}:${v.code}`) };
}

const INT64_MAX = 2n ** 63n - 1n;

describe('checkAmount', () => {
  it('completes a decimal string of a known asset with minor units and decimals', () => {
    expect(run({ asset: ' btc ', amountDecimal: '0.015' }).result).toEqual({
      asset: 'BTC',
      amountDecimal: '0.015',
      amountMinor: 1_500_000n,
      decimals: 8,
    });
  });

  it('completes minor units with the decimal form, and normalises leading and trailing zeros', () => {
    expect(
      run({ asset: 'ETH', amountDecimal: '', amountMinor: 1_000_000_000_000_000_000n, decimals: 18 }).result,
    ).toEqual({ asset: 'ETH', amountDecimal: '1', amountMinor: 1_000_000_000_000_000_000n, decimals: 18 });
    expect(run({ asset: 'USDT', amountDecimal: '0012.3400' }).result?.amountDecimal).toBe('12.34');
  });

  it('uses the per-chain precision of a token (USDT is 18-decimal on BNB Smart Chain)', () => {
    expect(run({ asset: 'USDT', amountDecimal: '1.0000001' }).codes).toEqual([
      'amount.amount_decimal:TOO_MANY_DECIMALS',
    ]);
    expect(run({ asset: 'USDT', amountDecimal: '1.0000001' }, 'bsc').result).toEqual({
      asset: 'USDT',
      amountDecimal: '1.0000001',
      amountMinor: 1_000_000_100_000_000_000n,
      decimals: 18,
    });
  });

  it('keeps an 18-decimal amount that does not fit in int64 as a decimal string only', () => {
    expect(run({ asset: 'ETH', amountDecimal: '10' }).result).toEqual({
      asset: 'ETH',
      amountDecimal: '10',
      decimals: 18,
    });
  });

  it('accepts an unknown asset as a decimal with up to 18 places, without inventing a scale', () => {
    expect(run({ asset: 'PEPE', amountDecimal: '0.000000000000000001' }).result).toEqual({
      asset: 'PEPE',
      amountDecimal: '0.000000000000000001',
    });
    expect(run({ asset: 'PEPE', amountDecimal: '0.0000000000000000001' }).codes).toEqual([
      'amount.amount_decimal:TOO_MANY_DECIMALS',
    ]);
  });

  const invalid: Array<[Money | undefined, string[]]> = [
    [undefined, ['amount:REQUIRED']],
    [{ asset: '', amountDecimal: '1' }, ['amount.asset:REQUIRED']],
    [{ asset: 'B T C', amountDecimal: '1' }, ['amount.asset:BAD_FORMAT']],
    [{ asset: 'BTC', amountDecimal: '' }, ['amount.amount_decimal:REQUIRED']],
    [{ asset: 'BTC', amountDecimal: '1e-7' }, ['amount.amount_decimal:INVALID_AMOUNT']],
    [{ asset: 'BTC', amountDecimal: '-1' }, ['amount.amount_decimal:INVALID_AMOUNT']],
    [{ asset: 'BTC', amountDecimal: '.5' }, ['amount.amount_decimal:INVALID_AMOUNT']],
    [{ asset: 'BTC', amountDecimal: '1,000' }, ['amount.amount_decimal:INVALID_AMOUNT']],
    [{ asset: 'BTC', amountDecimal: '0.000' }, ['amount.amount_decimal:AMOUNT_NOT_POSITIVE']],
    [{ asset: 'BTC', amountDecimal: '0.000000001' }, ['amount.amount_decimal:TOO_MANY_DECIMALS']],
    [{ asset: 'BTC', amountDecimal: '', amountMinor: 5n }, ['amount.decimals:DECIMALS_REQUIRED']],
    [{ asset: 'BTC', amountDecimal: '', amountMinor: 0n, decimals: 8 }, ['amount.amount_minor:AMOUNT_NOT_POSITIVE']],
    [{ asset: 'BTC', amountDecimal: '', amountMinor: -5n, decimals: 8 }, ['amount.amount_minor:AMOUNT_NOT_POSITIVE']],
    [{ asset: 'BTC', amountDecimal: '', amountMinor: 5n, decimals: 6 }, ['amount.decimals:DECIMALS_MISMATCH']],
    [{ asset: 'NEW', amountDecimal: '', amountMinor: 5n, decimals: 19 }, ['amount.decimals:TOO_MANY_DECIMALS']],
    [{ asset: 'BTC', amountDecimal: '0.5', amountMinor: 5n, decimals: 8 }, ['amount.amount_minor:AMOUNT_MISMATCH']],
    [{ asset: 'BTC', amountDecimal: '1'.repeat(81) }, ['amount.amount_decimal:TOO_LONG']],
  ];
  it.each(invalid.map(([money, codes], index) => [`${index}: ${codes.join(', ')}`, money, codes] as const))(
    'rejects case %s',
    (_name, money, codes) => {
      const { result, codes: actual } = run(money);
      expect(result).toBeUndefined();
      expect(actual).toEqual(codes);
    },
  );

  it('property: minor units and decimals round-trip through the decimal form, for any scale', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: INT64_MAX }),
        fc.integer({ min: 0, max: UNKNOWN_ASSET_MAX_DECIMALS }),
        (minor, decimals) => {
          const fromMinor = run({ asset: 'TOKEN', amountDecimal: '', amountMinor: minor, decimals }).result;
          expect(fromMinor?.amountMinor).toBe(minor);
          // The decimal form, sent alone with the same scale, gives back the same minor units.
          const fromDecimal = run({ asset: 'TOKEN', amountDecimal: fromMinor!.amountDecimal, decimals }).result;
          expect(fromDecimal?.amountMinor).toBe(minor);
          // And both forms together agree.
          expect(
            run({ asset: 'TOKEN', amountDecimal: fromMinor!.amountDecimal, amountMinor: minor, decimals }).codes,
          ).toEqual([]);
        },
      ),
    );
  });

  it('property: a decimal with more places than the asset has is always rejected, with fewer always accepted', () => {
    const digits = (min: number, max: number) =>
      fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
    fc.assert(
      fc.property(digits(1, 12), digits(0, 12), fc.constantFrom('1', '5', '9'), (whole, fraction, last) => {
        // The last digit is non-zero, so the fraction has exactly fraction.length + 1 significant places.
        const value = `${whole}.${fraction}${last}`;
        const places = fraction.length + 1;
        const { result, codes } = run({ asset: 'BTC', amountDecimal: value });
        if (places > 8) expect(codes).toEqual(['amount.amount_decimal:TOO_MANY_DECIMALS']);
        else {
          expect(codes).toEqual([]);
          const minor = BigInt(whole + fraction + last) * 10n ** BigInt(8 - places);
          expect(result?.amountMinor).toBe(minor <= INT64_MAX ? minor : undefined);
        }
      }),
    );
  });

  it('property: anything a float formatter writes with an exponent or sign is refused', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => /[e-]/i.test(String(x))),
        (x) => {
          expect(run({ asset: 'BTC', amountDecimal: String(x) }).codes).toEqual([
            'amount.amount_decimal:INVALID_AMOUNT',
          ]);
        },
      ),
    );
  });

  it('formats minor units by placing the decimal point, never through a float', () => {
    expect(formatMinor(1n, 18)).toBe('0.000000000000000001');
    expect(formatMinor(123_456_789_012_345_678_901_234_567_890n, 18)).toBe('123456789012.34567890123456789');
    expect(formatMinor(100n, 2)).toBe('1');
    expect(formatMinor(7n, 0)).toBe('7');
  });
});
