/** Ticker resolution and the check of one (ticker, address) pair against the chain table. Pure. */
import { Candidate } from './candidate.js';
import { CHAINS, type Chain, TOKENS } from './chains.js';
import { type Accepted, type Form, type Outcome, type Rejected, Weight } from './form.js';

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
  /** The written form that was accepted (p2pkh, p2wpkh, account, integrated, x-address, ...). */
  form?: string;
  /** True for Zcash shielded and unified addresses. */
  shielded?: boolean;
  /**
   * Keys of other chains' addresses this input also is: when it is invalid for its ticker (or the ticker is
   * unknown) but valid elsewhere, e.g. a Tron address listed under XBT; or when an address alone fits two
   * families. Index list entries under these too.
   */
  alternates?: string[];
  /**
   * The key of the account behind an address that also carries a destination tag or payment id (XRP tagged
   * X-address, Monero integrated address). Funds sent to the address reach that account.
   */
  accountKey?: string;
}

/** How a ticker was understood. */
export interface TickerResolution {
  /** Trimmed, upper-cased ticker. */
  ticker: string;
  /** `any`: empty ticker, detect from the address; `coin`: a chain's ticker; `token`: a multi-chain token. */
  kind: 'any' | 'coin' | 'token' | 'unknown';
  /** Short names of the chains the ticker can live on. */
  chains: string[];
}

interface Resolved {
  ticker: string;
  kind: TickerResolution['kind'];
  chains: readonly Chain[];
}

const BY_ID = new Map(CHAINS.map((c) => [c.id, c]));
const DETECTABLE = CHAINS.filter((c) => c.detect);
const EVM = [BY_ID.get('evm')!];

function chainsOf(ids: readonly string[]): Chain[] {
  return ids.map((id) => {
    const chain = BY_ID.get(id);
    if (chain === undefined) throw new Error(`chain table: unknown chain id ${id}`);
    return chain;
  });
}

const TICKERS = new Map<string, Resolved>();
for (const chain of CHAINS) {
  for (const t of [chain.id.toUpperCase(), ...chain.tickers]) {
    if (!TICKERS.has(t)) TICKERS.set(t, { ticker: t, kind: 'coin', chains: [chain] });
  }
}
for (const token of TOKENS)
  TICKERS.set(token.ticker, { ticker: token.ticker, kind: 'token', chains: chainsOf(token.chains) });

function resolveUncached(raw: string): Resolved {
  const ticker = raw.trim().toUpperCase();
  if (ticker === '') return { ticker, kind: 'any', chains: DETECTABLE };
  const direct = TICKERS.get(ticker);
  if (direct !== undefined) return direct;
  // A token qualified by its chain or standard: 'USDT-TRC20', 'USDT (ERC20)', 'USDC.SOL'.
  const parts = ticker.split(/[^A-Z0-9]+/).filter((p) => p !== '');
  const base = parts.length === 2 ? TICKERS.get(parts[0]!) : undefined;
  const on = parts.length === 2 ? TICKERS.get(parts[1]!) : undefined;
  if (base !== undefined && on !== undefined) {
    const both = base.chains.filter((c) => on.chains.includes(c));
    return { ticker, kind: 'token', chains: both.length > 0 ? both : on.chains };
  }
  return { ticker, kind: 'unknown', chains: [] };
}

// Tickers repeat across millions of lines; resolving each distinct spelling once keeps the hot path to one map
// lookup. Bounded, so a stream of garbage tickers cannot grow it without limit.
const resolvedCache = new Map<string, Resolved>();
const CACHE_LIMIT = 4096;

function resolve(raw: string): Resolved {
  let resolved = resolvedCache.get(raw);
  if (resolved === undefined) {
    resolved = resolveUncached(raw);
    if (resolvedCache.size < CACHE_LIMIT) resolvedCache.set(raw, resolved);
  }
  return resolved;
}

/** Resolves an OFAC-style ticker, alias, chain name or `TOKEN-CHAIN` pair to the chains it can live on. */
export function resolveTicker(ticker: string): TickerResolution {
  const r = resolve(ticker);
  return { ticker: r.ticker, kind: r.kind, chains: r.chains.map((c) => c.id) };
}

interface Fit {
  chain: Chain;
  accepted: Accepted;
}

/** Runs the candidate through each chain's forms: every chain that accepts it, and the strongest rejection. */
function evaluate(candidate: Candidate, chains: readonly Chain[]): { fits: Fit[]; rejection?: Rejected } {
  const fits: Fit[] = [];
  let rejection: Rejected | undefined;
  // Chains that share a form instance (every EVM chain) read the input once.
  const read = chains.length > 1 ? new Map<Form, Outcome>() : undefined;
  for (const chain of chains) {
    for (const form of chain.forms) {
      let outcome = read?.get(form);
      if (outcome === undefined && !read?.has(form)) {
        outcome = form.read(candidate);
        read?.set(form, outcome);
      }
      if (outcome === undefined) continue;
      if (outcome.ok) {
        fits.push({ chain, accepted: outcome });
        break;
      }
      if (rejection === undefined || outcome.weight > rejection.weight) rejection = outcome;
    }
  }
  return rejection === undefined ? { fits } : { fits, rejection };
}

function distinctKeys(fits: readonly Fit[]): string[] {
  return [...new Set(fits.map((f) => f.accepted.key))];
}

function validResult(ticker: string, input: string, fits: Fit[]): AddressCheck {
  const first = fits[0]!.accepted;
  const result: AddressCheck = {
    ticker,
    input,
    valid: true,
    chains: fits.map((f) => f.chain.id),
    canonical: first.key,
    form: first.form,
  };
  if (first.shielded) result.shielded = true;
  if (first.accountKey !== undefined) result.accountKey = first.accountKey;
  if (fits.length > 1) {
    const others = distinctKeys(fits).slice(1);
    if (others.length > 0) result.alternates = others;
  }
  return result;
}

function invalidResult(ticker: string, input: string, reason: string, elsewhere: readonly Fit[] = []): AddressCheck {
  const result: AddressCheck = { ticker, input, valid: false, chains: [], canonical: `raw:${input}`, reason };
  if (elsewhere.length > 0) result.alternates = distinctKeys(elsewhere);
  return result;
}

function names(chains: readonly Chain[]): string {
  return chains.map((c) => c.name).join(', ');
}

function checkOn(resolved: Resolved, candidate: Candidate, chains: readonly Chain[]): AddressCheck {
  const { fits, rejection } = evaluate(candidate, chains);
  if (fits.length > 0) return validResult(resolved.ticker, candidate.text, fits);
  if (resolved.kind === 'any') {
    // With no ticker, a form that only recognised the length says too little to be the reason.
    const strong = rejection !== undefined && rejection.weight > Weight.Alphabet;
    return invalidResult(
      resolved.ticker,
      candidate.text,
      strong ? rejection.reason : 'no supported chain has this address form',
    );
  }
  const elsewhere = evaluate(candidate, DETECTABLE).fits;
  const label = `${resolved.ticker} (${names(chains)})`;
  if (elsewhere.length > 0) {
    const other = `${names(elsewhere.map((f) => f.chain))} ${elsewhere[0]!.accepted.form}`;
    return invalidResult(
      resolved.ticker,
      candidate.text,
      `a valid ${other} address, not valid for ${label}`,
      elsewhere,
    );
  }
  if (rejection !== undefined) return invalidResult(resolved.ticker, candidate.text, rejection.reason);
  const expected = [...new Set(chains.flatMap((c) => c.forms.map((f) => f.expects)))].join('; ');
  return invalidResult(resolved.ticker, candidate.text, `not an address of ${label}: expected ${expected}`);
}

function isEvmShaped(text: string): boolean {
  return text.length > 2 && text[0] === '0' && (text[1] === 'x' || text[1] === 'X');
}

/** Validates and canonicalises `address` for `ticker` (an OFAC-style ticker, alias or chain name; may be empty). */
export function checkAddress(ticker: string, address: string): AddressCheck {
  const resolved = resolve(ticker);
  const input = address.trim();
  if (input === '') return invalidResult(resolved.ticker, input, 'empty address');
  const candidate = new Candidate(input);
  if (resolved.kind !== 'unknown') return checkOn(resolved, candidate, resolved.chains);
  // A ticker we do not know with a 0x address is an ERC-20-style token: checked as an EVM account.
  if (isEvmShaped(input)) return checkOn(resolved, candidate, EVM);
  const reason = `unknown ticker ${JSON.stringify(resolved.ticker)}: not validated, matched exactly`;
  return invalidResult(resolved.ticker, input, reason, evaluate(candidate, DETECTABLE).fits);
}

/** Every key a list entry for this address should be indexed under: the canonical key, then the alternates. */
export function indexKeys(check: AddressCheck): string[] {
  return check.alternates === undefined ? [check.canonical] : [check.canonical, ...check.alternates];
}

/**
 * Every key a destination address should be looked up under: its index keys, then the key of the account
 * behind a tagged address, since funds sent to the tagged address reach that account.
 */
export function lookupKeys(check: AddressCheck): string[] {
  const keys = indexKeys(check);
  return check.accountKey === undefined ? keys : [...keys, check.accountKey];
}

/** A chain the package supports, for listings. */
export interface ChainInfo {
  id: string;
  name: string;
  tickers: readonly string[];
  /** The written forms accepted, for humans. */
  forms: readonly string[];
}

/** The supported chains and tokens, for help texts and documentation. */
export function supportedChains(): ChainInfo[] {
  const tokenTickers = (id: string) => TOKENS.filter((t) => t.chains.includes(id)).map((t) => t.ticker);
  return CHAINS.map((c) => ({
    id: c.id,
    name: c.name,
    tickers: [...c.tickers, ...tokenTickers(c.id)],
    forms: c.forms.map((f) => f.expects),
  }));
}
