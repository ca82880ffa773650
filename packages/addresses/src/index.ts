/**
 * Chain-aware address validation and canonicalisation. Pure: no I/O, no clock, no logging.
 * (Interface fixed here; implementation in progress.)
 */

/** The address package's verdict on one (ticker, address) pair. */
export interface AddressCheck {
  /** The ticker as given, trimmed and upper-cased ('' when none was given). */
  ticker: string;
  /** The address as given, trimmed. */
  input: string;
  /** True when the address validates on at least one chain the ticker can live on. */
  valid: boolean;
  /** Short names of the chains the address fits (e.g. ['eth'], ['btc'], ['trx']); several when ambiguous. */
  chains: string[];
  /**
   * The key the address is matched by: identical for every written form of the same address (case, prefix,
   * encoding variant) and different for different addresses. Invalid and unknown-ticker addresses get a key of
   * their own derived from the trimmed input.
   */
  canonical: string;
  /** Why the address is invalid, when it is. */
  reason?: string;
}

/** Validates and canonicalises `address` for `ticker` (an OFAC-style ticker, alias or chain name; may be empty). */
export function checkAddress(ticker: string, address: string): AddressCheck {
  const input = address.trim();
  return { ticker: ticker.trim().toUpperCase(), input, valid: false, chains: [], canonical: `raw:${input}`, reason: 'not implemented' };
}
