import type { Money } from '@cordon/contracts';
import type { Violations } from './violations.js';

/** Decimal places allowed for an asset this table does not know. */
export const UNKNOWN_ASSET_MAX_DECIMALS = 18;
/** Longest decimal string accepted (an 18-decimal token with 60 integer digits still fits). */
export const MAX_DECIMAL_LENGTH = 80;

const INT64_MAX = 2n ** 63n - 1n;

// Decimal places of one whole unit, per asset; `chain:asset` entries override where a token's contract on that
// chain uses another precision (USDT and USDC are 18-decimal BEP-20 tokens on BNB Smart Chain).
const PRECISION: ReadonlyMap<string, number> = new Map([
  ['BTC', 8],
  ['XBT', 8],
  ['BCH', 8],
  ['BSV', 8],
  ['LTC', 8],
  ['DOGE', 8],
  ['DASH', 8],
  ['ZEC', 8],
  ['BTG', 8],
  ['WBTC', 8],
  ['XVG', 6],
  ['ETH', 18],
  ['ETC', 18],
  ['BNB', 18],
  // BNB on its Beacon Chain (BEP-2) has 8 decimals; on BNB Smart Chain, 18.
  ['bnb:BNB', 8],
  ['MATIC', 18],
  ['POL', 18],
  ['AVAX', 18],
  ['ARB', 18],
  ['OP', 18],
  ['FTM', 18],
  ['DAI', 18],
  ['USDT', 6],
  ['USDC', 6],
  ['bsc:USDT', 18],
  ['bsc:USDC', 18],
  ['TRX', 6],
  ['XRP', 6],
  ['SOL', 9],
  ['XMR', 12],
]);

/** Decimal places of `asset` (upper case) on `chain` (chain id, e.g. "bsc"), when known. */
export function assetPrecision(asset: string, chain: string | undefined): number | undefined {
  return (chain === undefined ? undefined : PRECISION.get(`${chain}:${asset}`)) ?? PRECISION.get(asset);
}

const ASSET = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;
// Plain decimal: digits, optionally a point and more digits. No sign, exponent, grouping or bare point, so
// nothing a float formatter produces ("1e-7", "-0", ".5") gets in.
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** `minor` / 10^`decimals` as a plain decimal string without trailing fractional zeros. */
export function formatMinor(minor: bigint, decimals: number): string {
  const digits = minor.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

interface ParsedDecimal {
  whole: string;
  /** Fraction digits without trailing zeros. */
  fraction: string;
}

function parseDecimal(value: string): ParsedDecimal | undefined {
  const match = DECIMAL.exec(value);
  if (!match) return undefined;
  return { whole: match[1]!.replace(/^0+(?=\d)/, ''), fraction: (match[2] ?? '').replace(/0+$/, '') };
}

function toMinor(parsed: ParsedDecimal, decimals: number): bigint {
  return BigInt(parsed.whole + parsed.fraction.padEnd(decimals, '0'));
}

function checkAsset(raw: string, violations: Violations): string | undefined {
  const asset = raw.trim().toUpperCase();
  if (asset === '') violations.add('amount.asset', 'REQUIRED', 'amount.asset is required');
  else if (!ASSET.test(asset)) {
    violations.add('amount.asset', 'BAD_FORMAT', 'amount.asset must be a ticker: 1-32 letters, digits, ".", "_", "-"');
  } else return asset;
  return undefined;
}

/** The scale the amount is expressed in: the asset's known precision, else the producer's stated decimals. */
function checkScale(money: Money, known: number | undefined, violations: Violations): number | undefined {
  if (money.decimals === undefined) return known;
  if (known !== undefined && money.decimals !== known) {
    violations.add(
      'amount.decimals',
      'DECIMALS_MISMATCH',
      `amount.decimals is ${money.decimals}, the asset has ${known}`,
    );
    return undefined;
  }
  if (known === undefined && money.decimals > UNKNOWN_ASSET_MAX_DECIMALS) {
    violations.add(
      'amount.decimals',
      'TOO_MANY_DECIMALS',
      `amount.decimals is ${money.decimals}; at most ${UNKNOWN_ASSET_MAX_DECIMALS} for an asset of unknown precision`,
    );
    return undefined;
  }
  return money.decimals;
}

function checkDecimal(value: string, maxDecimals: number, violations: Violations): ParsedDecimal | undefined {
  const field = 'amount.amount_decimal';
  if (value.length > MAX_DECIMAL_LENGTH) {
    violations.add(field, 'TOO_LONG', `${field} has more than ${MAX_DECIMAL_LENGTH} characters`);
    return undefined;
  }
  const parsed = parseDecimal(value);
  if (!parsed) {
    violations.add(
      field,
      'INVALID_AMOUNT',
      `${field} must be a plain decimal ("0.015"): no sign, exponent or grouping`,
    );
    return undefined;
  }
  if (parsed.fraction.length > maxDecimals) {
    violations.add(
      field,
      'TOO_MANY_DECIMALS',
      `${field} has ${parsed.fraction.length} decimal places, at most ${maxDecimals}`,
    );
    return undefined;
  }
  if (/^0*$/.test(parsed.whole + parsed.fraction)) {
    violations.add(field, 'AMOUNT_NOT_POSITIVE', `${field} must be greater than zero`);
    return undefined;
  }
  return parsed;
}

/**
 * Validates and completes an amount: the ticker upper-cased, the decimal string normalised (no leading or
 * trailing zeros), minor units and decimals filled in whenever the scale is known and the value fits in int64.
 * Amounts are exact (bigint and strings); no float is ever involved. `chain` is the resolved chain id, which
 * decides the precision of tokens whose contracts differ per chain.
 */
export function checkAmount(
  money: Money | undefined,
  chain: string | undefined,
  violations: Violations,
): Money | undefined {
  if (money === undefined) {
    violations.add('amount', 'REQUIRED', 'amount is required');
    return undefined;
  }
  const before = violations.list.length;
  const asset = checkAsset(money.asset, violations);
  const scale = checkScale(money, asset === undefined ? undefined : assetPrecision(asset, chain), violations);
  let minor: bigint | undefined;
  if (money.amountMinor !== undefined) {
    if (money.decimals === undefined) {
      violations.add('amount.decimals', 'DECIMALS_REQUIRED', 'amount.decimals is required with amount.amount_minor');
    }
    if (money.amountMinor <= 0n) {
      violations.add('amount.amount_minor', 'AMOUNT_NOT_POSITIVE', 'amount.amount_minor must be greater than zero');
    } else minor = money.amountMinor;
  }
  let decimal: ParsedDecimal | undefined;
  if (money.amountDecimal !== '') {
    decimal = checkDecimal(money.amountDecimal, scale ?? UNKNOWN_ASSET_MAX_DECIMALS, violations);
  } else if (money.amountMinor === undefined) {
    violations.add('amount.amount_decimal', 'REQUIRED', 'amount.amount_decimal or amount.amount_minor is required');
  }
  if (violations.list.length > before || asset === undefined) return undefined;
  if (minor !== undefined && decimal !== undefined && scale !== undefined && toMinor(decimal, scale) !== minor) {
    violations.add(
      'amount.amount_minor',
      'AMOUNT_MISMATCH',
      `amount.amount_minor is ${formatMinor(minor, scale)} whole units, amount.amount_decimal says ${money.amountDecimal}`,
    );
    return undefined;
  }
  return complete(asset, scale, minor, decimal);
}

function complete(asset: string, scale: number | undefined, minor?: bigint, decimal?: ParsedDecimal): Money {
  if (scale === undefined) {
    // Only reachable with a decimal string: minor units always come with their decimals.
    const { whole, fraction } = decimal!;
    return { asset, amountDecimal: fraction === '' ? whole : `${whole}.${fraction}` };
  }
  const units = minor ?? toMinor(decimal!, scale);
  const money: Money = { asset, amountDecimal: formatMinor(units, scale), decimals: scale };
  if (units <= INT64_MAX) money.amountMinor = units;
  return money;
}
