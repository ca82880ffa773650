/**
 * The keys a query address is looked up under, in order, from @cordon/addresses: the canonical key (and
 * alternates) for the given ticker, then — when the address does not fit its ticker — the keys of the chain its
 * form reveals, and last the exact written text. Canonicalising costs microseconds (base58check hashes, EIP-55
 * keccak); withdrawals go to the same addresses again and again, so plans are memoised per (ticker, address).
 */
import { checkAddress, lookupKeys } from '@cordon/addresses';

/**
 * How an address hit was found: under the canonical key for the given ticker, under another chain's key (the
 * address is of another chain than its ticker says, or no ticker was given), or as written.
 */
export type AddressVia = 'ticker' | 'detected' | 'exact';

/** One key to try, and what a hit under it means. */
export interface KeyPlan {
  key: string;
  via: AddressVia;
}

/** The key under which an address is matched exactly as written (after trimming). */
export function rawKey(address: string): string {
  return `raw:${address.trim()}`;
}

/** The keys to look `address` up under, best evidence first. */
export function planKeys(ticker: string, address: string): KeyPlan[] {
  const check = checkAddress(ticker, address);
  const plan: KeyPlan[] = [];
  const add = (key: string, via: AddressVia): void => {
    if (!key.startsWith('raw:') && !plan.some((p) => p.key === key)) plan.push({ key, via });
  };
  for (const key of lookupKeys(check))
    add(key, ticker !== '' && check.valid && key === check.canonical ? 'ticker' : 'detected');
  // A valid address already carries every key it has (alternates included); only one that does not fit its
  // ticker needs its chain detected from the form.
  if (ticker !== '' && !check.valid) for (const key of lookupKeys(checkAddress('', address))) add(key, 'detected');
  plan.push({ key: rawKey(address), via: 'exact' });
  return plan;
}

// Dropping the whole memo when it is full keeps memory bounded; plans never depend on what it holds.
const MEMO_LIMIT = 200_000;

/** A bounded memo of `planKeys`. */
export class AddressKeyMemo {
  private plans = new Map<string, readonly KeyPlan[]>();

  /** `planKeys(ticker, address)`, computed once per distinct pair while it stays in the memo. */
  plan(ticker: string, address: string): readonly KeyPlan[] {
    const id = `${ticker}\u0000${address}`;
    let plan = this.plans.get(id);
    if (plan === undefined) {
      if (this.plans.size >= MEMO_LIMIT) this.plans = new Map();
      plan = planKeys(ticker, address);
      this.plans.set(id, plan);
    }
    return plan;
  }
}
