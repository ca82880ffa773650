/** Digital currency addresses found in a list, checked by @cordon/addresses. Pure. */
import { checkAddress } from '@cordon/addresses';
import type { DigitalCurrencyAddress } from './model.js';

/**
 * The model's DigitalCurrencyAddress for a (ticker, address) pair as published: ticker trimmed and upper-cased,
 * address trimmed, and the address package's verdict (canonical key, validity, chains, reason) attached.
 */
export function toDigitalCurrencyAddress(ticker: string, address: string): DigitalCurrencyAddress {
  const check = checkAddress(ticker, address);
  const result: DigitalCurrencyAddress = {
    ticker: ticker.trim().toUpperCase(),
    address: address.trim(),
    canonical: check.canonical,
    valid: check.valid,
    chains: [...check.chains],
  };
  if (!check.valid && check.reason !== undefined) result.reason = check.reason;
  return result;
}
