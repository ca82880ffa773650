/**
 * Chain-aware address validation and canonicalisation. Pure: no I/O, no clock, no logging.
 * See README.md for the chains, the written forms accepted and the canonical key scheme.
 */
export {
  type AddressCheck,
  type ChainInfo,
  type TickerResolution,
  checkAddress,
  indexKeys,
  lookupKeys,
  resolveTicker,
  supportedChains,
} from './check.js';
