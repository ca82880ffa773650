import { checkAddress, resolveTicker } from '@cordon/addresses';
import type { ChainAddress } from '@cordon/contracts';
import type { Violations } from './violations.js';

/** Longest address accepted before any decoding (the longest real forms, Zcash unified, stay well below). */
export const MAX_ADDRESS_LENGTH = 512;
/** Longest chain name accepted. */
export const MAX_CHAIN_LENGTH = 32;

/** A chain as the producer named it and as the address package resolved it. */
export interface ResolvedChain {
  /** As submitted, trimmed and lower-cased (published as WithdrawalRequested.chain). */
  name: string;
  /** The address package's chain id ("eth", "trx", "btc"). */
  id: string;
}

/**
 * Resolves the chain the producer named ("eth", "ETH", "Ethereum", "trx", "usdt-trc20") to exactly one chain of
 * the address package. A token that lives on several chains ("USDT") does not say which chain the funds move
 * on, and an unknown chain cannot have its addresses validated: both are violations.
 */
export function checkChain(raw: string, violations: Violations): ResolvedChain | undefined {
  const name = raw.trim().toLowerCase();
  if (name === '') {
    violations.add('chain', 'REQUIRED', 'chain is required');
    return undefined;
  }
  if (name.length > MAX_CHAIN_LENGTH) {
    violations.add('chain', 'TOO_LONG', `chain has more than ${MAX_CHAIN_LENGTH} characters`);
    return undefined;
  }
  const resolved = resolveTicker(name);
  // "evm" stands for any EVM chain in the address package: it does not say where the funds move.
  if (resolved.chains.length !== 1 || resolved.chains[0] === 'evm' || resolved.kind === 'unknown') {
    const why =
      resolved.chains.length > 1 || resolved.chains[0] === 'evm'
        ? `does not name one chain (it fits ${resolved.chains.join(', ')})`
        : 'is not a chain whose addresses Cordon can validate';
    violations.add('chain', 'UNSUPPORTED_CHAIN', `chain ${JSON.stringify(name)} ${why}`);
    return undefined;
  }
  return { name, id: resolved.chains[0]! };
}

/**
 * Validates `raw` as an address on `chain` and canonicalises it. The address must be valid for the chain and
 * the chain must be among the chains the address fits. `ticker` is the asset, recorded on the result.
 */
export function checkChainAddress(
  raw: string,
  field: string,
  chain: ResolvedChain,
  ticker: string,
  violations: Violations,
): ChainAddress | undefined {
  const address = raw.trim();
  if (address === '') {
    violations.add(field, 'REQUIRED', `${field} is required`);
    return undefined;
  }
  if (address.length > MAX_ADDRESS_LENGTH) {
    violations.add(field, 'TOO_LONG', `${field} has more than ${MAX_ADDRESS_LENGTH} characters`);
    return undefined;
  }
  const check = checkAddress(chain.name, address);
  if (!check.valid) {
    violations.add(
      field,
      'INVALID_ADDRESS',
      `${field} is not a valid ${chain.id} address: ${check.reason ?? 'invalid'}`,
    );
    return undefined;
  }
  if (!check.chains.includes(chain.id)) {
    violations.add(
      field,
      'CHAIN_MISMATCH',
      `${field} is an address of ${check.chains.join(', ')}, not of chain ${chain.id}`,
    );
    return undefined;
  }
  return {
    ticker,
    chain: chain.name,
    address,
    canonical: check.canonical,
    valid: true,
    chains: check.chains,
    reason: '',
  };
}
