/**
 * The chain and ticker table: every chain the package knows, the written forms of its addresses, and the
 * tickers, aliases and token standards that lead to it. A new chain or token is one entry here.
 */
import { type Base58Version, type ForeignVersion, base58checkForm, encodeBase58check } from './base58check.js';
import { bech32DataForm, segwitForm } from './bech32.js';
import { cashaddrForm } from './cashaddr.js';
import { evmForm } from './evm.js';
import type { Form } from './form.js';
import { moneroForm, moneroHexForm } from './monero.js';
import { rippleClassicForm, rippleXForm } from './ripple.js';
import { solanaForm } from './solana.js';
import { tronHexForm } from './tron.js';

/** A chain: its short id (as printed), name, the tickers that denote it, and its address forms. */
export interface Chain {
  /** Short name printed in results: 'btc', 'eth', 'trx', ... */
  id: string;
  name: string;
  /** Tickers, aliases and names that resolve to this chain (upper case). */
  tickers: readonly string[];
  /** Address forms, most specific first (the first form that recognises an input explains its rejection). */
  forms: readonly Form[];
  /**
   * Whether an address alone (empty ticker) is tried on this chain. Off for chains whose forms another entry
   * already covers: Omni (Bitcoin's addresses) and each EVM chain (the generic `evm` entry stands for them).
   */
  detect: boolean;
}

/** A token living on several chains, with the chains it lives on. */
export interface Token {
  ticker: string;
  chains: readonly string[];
}

const v = (version: number, form: string, extra: Partial<Base58Version> = {}): Base58Version => ({
  version,
  versionBytes: version > 0xff ? 2 : 1,
  form,
  payloadLength: 20,
  ...extra,
});
const f = (version: number, what: string): ForeignVersion => ({
  version,
  versionBytes: version > 0xff ? 2 : 1,
  what,
});

const BITCOIN_TESTNET = [f(0x6f, 'Bitcoin testnet P2PKH'), f(0xc4, 'Bitcoin testnet P2SH')];
const BITCOIN_LEGACY = [v(0x00, 'p2pkh'), v(0x05, 'p2sh')];

const bitcoinLegacy = (chain: string) =>
  base58checkForm({ chain, versions: BITCOIN_LEGACY, foreign: BITCOIN_TESTNET, expects: '1…/3… base58check' });

const bitcoinCashaddr = (chain: string) =>
  cashaddrForm({
    chain,
    prefix: 'bitcoincash',
    foreign: { bchtest: 'Bitcoin Cash testnet', bchreg: 'Bitcoin Cash regtest' },
  });

// One instance shared by every EVM chain, so that a token on several of them reads the address once.
const EVM_ACCOUNT = evmForm(true);

const evmChain = (id: string, name: string, tickers: readonly string[]): Chain => ({
  id,
  name,
  tickers,
  forms: [EVM_ACCOUNT],
  detect: false,
});

const zcashTransparent = (payload: Uint8Array): string => {
  const bytes = new Uint8Array(22);
  bytes.set([0x1c, 0xb8]);
  bytes.set(payload, 2);
  return `b58:${encodeBase58check(bytes)}`;
};

/** Every chain, in the order results list them. */
export const CHAINS: readonly Chain[] = [
  {
    id: 'btc',
    name: 'Bitcoin',
    tickers: ['BTC', 'XBT', 'BITCOIN'],
    forms: [
      segwitForm({ chain: 'Bitcoin', hrp: 'bc', foreign: { tb: 'Bitcoin testnet', bcrt: 'Bitcoin regtest' } }),
      bitcoinLegacy('Bitcoin'),
    ],
    detect: true,
  },
  {
    id: 'bch',
    name: 'Bitcoin Cash',
    tickers: ['BCH', 'BCC', 'BCHN', 'BCHABC', 'BITCOIN CASH', 'BITCOINCASH'],
    forms: [bitcoinCashaddr('Bitcoin Cash'), bitcoinLegacy('Bitcoin Cash')],
    detect: true,
  },
  {
    // Bitcoin SV split from Bitcoin Cash in 2018 with the same address formats (its node later dropped CashAddr,
    // but wallets and lists still show it).
    id: 'bsv',
    name: 'Bitcoin SV',
    tickers: ['BSV', 'BCHSV', 'BITCOIN SV'],
    forms: [bitcoinLegacy('Bitcoin SV'), bitcoinCashaddr('Bitcoin SV')],
    detect: true,
  },
  {
    id: 'ltc',
    name: 'Litecoin',
    tickers: ['LTC', 'LITECOIN'],
    forms: [
      segwitForm({ chain: 'Litecoin', hrp: 'ltc', foreign: { tltc: 'Litecoin testnet', rltc: 'Litecoin regtest' } }),
      base58checkForm({
        chain: 'Litecoin',
        // Litecoin moved P2SH from Bitcoin's version 0x05 (`3…`) to 0x32 (`M…`); its node accepts both.
        versions: [v(0x30, 'p2pkh'), v(0x32, 'p2sh'), v(0x05, 'p2sh-legacy', { canonicalVersion: 0x32 })],
        foreign: [
          f(0x6f, 'Litecoin testnet P2PKH'),
          f(0x3a, 'Litecoin testnet P2SH'),
          f(0xc4, 'Litecoin testnet P2SH'),
        ],
        expects: 'L…/M…/3… base58check',
      }),
    ],
    detect: true,
  },
  {
    id: 'doge',
    name: 'Dogecoin',
    tickers: ['DOGE', 'XDG', 'DOGECOIN'],
    forms: [
      base58checkForm({
        chain: 'Dogecoin',
        versions: [v(0x1e, 'p2pkh'), v(0x16, 'p2sh')],
        foreign: [f(0x71, 'Dogecoin testnet P2PKH'), f(0xc4, 'Dogecoin testnet P2SH')],
        expects: 'D…/9…/A… base58check',
      }),
    ],
    detect: true,
  },
  {
    id: 'xvg',
    name: 'Verge',
    tickers: ['XVG', 'VERGE'],
    forms: [
      base58checkForm({
        chain: 'Verge',
        versions: [v(0x1e, 'p2pkh'), v(0x21, 'p2sh')],
        expects: 'D…/E… base58check',
      }),
    ],
    detect: true,
  },
  {
    id: 'dash',
    name: 'Dash',
    tickers: ['DASH'],
    forms: [
      base58checkForm({
        chain: 'Dash',
        versions: [v(0x4c, 'p2pkh'), v(0x10, 'p2sh')],
        foreign: [f(0x8c, 'Dash testnet P2PKH'), f(0x13, 'Dash testnet P2SH')],
        expects: 'X…/7… base58check',
      }),
    ],
    detect: true,
  },
  {
    id: 'btg',
    name: 'Bitcoin Gold',
    tickers: ['BTG', 'BITCOIN GOLD'],
    forms: [
      segwitForm({ chain: 'Bitcoin Gold', hrp: 'btg', foreign: { tbtg: 'Bitcoin Gold testnet' } }),
      base58checkForm({
        chain: 'Bitcoin Gold',
        versions: [v(0x26, 'p2pkh'), v(0x17, 'p2sh')],
        foreign: [f(0x6f, 'Bitcoin Gold testnet P2PKH'), f(0xc4, 'Bitcoin Gold testnet P2SH')],
        expects: 'G…/A… base58check',
      }),
    ],
    detect: true,
  },
  {
    id: 'zec',
    name: 'Zcash',
    tickers: ['ZEC', 'ZCASH'],
    forms: [
      bech32DataForm({
        chain: 'Zcash',
        hrp: 'zs',
        encoding: 'bech32',
        formFor: (n) => (n === 43 ? 'sapling' : undefined),
        lengthRule: '43',
        limit: 90,
        foreign: { ztestsapling: 'Zcash testnet Sapling' },
        shielded: true,
      }),
      bech32DataForm({
        chain: 'Zcash',
        hrp: 'u',
        encoding: 'bech32m',
        // ZIP-316: at least one 43-byte shielded receiver plus type, length and 16 bytes of padding. The
        // receivers are F4Jumble'd; only the checksum and the length are verified here.
        formFor: (n) => (n >= 48 ? 'unified' : undefined),
        lengthRule: 'at least 48',
        limit: false,
        foreign: { utest: 'Zcash testnet unified' },
        shielded: true,
      }),
      bech32DataForm({
        chain: 'Zcash',
        hrp: 'tex',
        encoding: 'bech32m',
        // ZIP-320: a TEX address is a t1 P2PKH hash that only accepts transparent funds; same address as t1.
        formFor: (n) => (n === 20 ? 'tex' : undefined),
        lengthRule: '20',
        limit: 90,
        foreign: { textest: 'Zcash testnet TEX' },
        keyOf: zcashTransparent,
      }),
      base58checkForm({
        chain: 'Zcash',
        versions: [v(0x1cb8, 'p2pkh'), v(0x1cbd, 'p2sh'), v(0x169a, 'sprout', { payloadLength: 64, shielded: true })],
        foreign: [f(0x1d25, 'Zcash testnet P2PKH'), f(0x1cba, 'Zcash testnet P2SH'), f(0x16b6, 'Zcash testnet Sprout')],
        expects: 't1…/t3…/zc… base58check',
      }),
    ],
    detect: true,
  },
  {
    id: 'trx',
    name: 'Tron',
    tickers: ['TRX', 'TRON', 'TRC20', 'TRC-20'],
    forms: [base58checkForm({ chain: 'Tron', versions: [v(0x41, 'account')], expects: 'T… base58check' }), tronHexForm],
    detect: true,
  },
  {
    id: 'evm',
    name: 'any EVM chain',
    tickers: ['EVM'],
    forms: [evmForm(false)],
    detect: true,
  },
  evmChain('eth', 'Ethereum', ['ETH', 'ETHEREUM', 'ERC20', 'ERC-20']),
  evmChain('etc', 'Ethereum Classic', ['ETC', 'ETHEREUM CLASSIC']),
  evmChain('arb', 'Arbitrum One', ['ARB', 'ARBITRUM']),
  evmChain('bsc', 'BNB Smart Chain', ['BSC', 'BEP20', 'BEP-20', 'BNB SMART CHAIN']),
  evmChain('matic', 'Polygon PoS', ['MATIC', 'POL', 'POLYGON']),
  evmChain('avax', 'Avalanche C-Chain', ['AVAX', 'AVALANCHE']),
  evmChain('op', 'OP Mainnet', ['OP', 'OPTIMISM']),
  evmChain('base', 'Base', ['BASE']),
  evmChain('ftm', 'Fantom', ['FTM', 'FANTOM']),
  {
    id: 'bnb',
    name: 'BNB Beacon Chain',
    tickers: ['BNB BEACON', 'BEP2', 'BEP-2'],
    forms: [
      bech32DataForm({
        chain: 'BNB Beacon Chain',
        hrp: 'bnb',
        encoding: 'bech32',
        formFor: (n) => (n === 20 ? 'account' : undefined),
        lengthRule: '20',
        limit: 90,
        foreign: { tbnb: 'BNB Beacon Chain testnet' },
      }),
    ],
    detect: true,
  },
  {
    id: 'xrp',
    name: 'XRP Ledger',
    tickers: ['XRP', 'RIPPLE'],
    forms: [rippleXForm, rippleClassicForm],
    detect: true,
  },
  {
    id: 'xmr',
    name: 'Monero',
    tickers: ['XMR', 'MONERO'],
    forms: [moneroForm, moneroHexForm],
    detect: true,
  },
  {
    id: 'sol',
    name: 'Solana',
    tickers: ['SOL', 'SOLANA', 'SPL'],
    forms: [solanaForm],
    detect: true,
  },
  {
    // Omni Layer tokens (USDT's first home) live in Bitcoin transactions and use Bitcoin's legacy addresses.
    id: 'omni',
    name: 'Omni Layer',
    tickers: ['OMNI'],
    forms: [bitcoinLegacy('Omni Layer')],
    detect: false,
  },
];

/** Tokens issued on several chains; a token's ticker resolves to all of them. */
export const TOKENS: readonly Token[] = [
  { ticker: 'USDT', chains: ['eth', 'trx', 'omni', 'bsc', 'matic', 'arb', 'avax', 'op', 'sol'] },
  { ticker: 'USDC', chains: ['eth', 'sol', 'arb', 'matic', 'avax', 'op', 'base', 'trx', 'bsc'] },
];
