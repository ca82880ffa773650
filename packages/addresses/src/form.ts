/**
 * The contract between the chain table and the per-family codecs: a Form reads one written form of an address
 * (e.g. Bitcoin base58check, SegWit bech32, EIP-55 hex) and either accepts it with a canonical key, rejects it
 * with a reason, or does not recognise it at all.
 */
import type { Candidate } from './candidate.js';

/** An address accepted by a form. */
export interface Accepted {
  ok: true;
  /** The canonical key (see README: one key per address, shared by every written form). */
  key: string;
  /** The written form's name, e.g. `p2pkh`, `p2wpkh`, `integrated`, `x-address`. */
  form: string;
  /** Set for Zcash shielded and unified addresses, whose transactions cannot be traced on chain. */
  shielded?: boolean;
  /** The underlying account's key when the address also carries a destination tag or payment id. */
  accountKey?: string;
}

/**
 * How strongly a rejection speaks for the input: a form that recognised another network of its own chain
 * (testnet) knows best, then a form whose encoding failed (checksum, length), then a form whose encoding
 * decoded but whose version byte belongs to no network it knows, and last a form that only recognised the
 * length but not the alphabet.
 */
export const Weight = { Alphabet: 0, OtherVersion: 1, Encoding: 2, OtherNetwork: 3 } as const;

/** One of the {@link Weight} values. */
export type Weight = (typeof Weight)[keyof typeof Weight];

/** An address a form recognised by its shape but rejected. */
export interface Rejected {
  ok: false;
  reason: string;
  weight: Weight;
}

/** A form's verdict; `undefined` means the input does not have this form's shape at all. */
export type Outcome = Accepted | Rejected | undefined;

/** One written form of addresses on a chain. */
export interface Form {
  /** What the form looks like, for reasons (e.g. `1…/3… base58check`). */
  readonly expects: string;
  /** Reads the candidate. Pure; may use the candidate's memoised decodings. */
  read(candidate: Candidate): Outcome;
}

/** Rejects with a reason and weight. */
export function reject(reason: string, weight: Weight = Weight.Encoding): Rejected {
  return { ok: false, reason, weight };
}

// Per ASCII code: 2 = in Bitcoin's base58 alphabet, 1 = other letter or digit (0, O, I, l), 0 = anything else.
const CLASS = new Uint8Array(128);
for (const c of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') CLASS[c.charCodeAt(0)] = 1;
for (const c of '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz') CLASS[c.charCodeAt(0)] = 2;

/**
 * 2 when every character is in Bitcoin's base58 alphabet, 1 when all are letters or digits but some are not
 * base58, 0 otherwise. One pass; it runs on every base58 candidate.
 */
export function base58Class(text: string): 0 | 1 | 2 {
  let least = 2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const c = code < 128 ? CLASS[code]! : 0;
    if (c === 0) return 0;
    if (c < least) least = c;
  }
  return text.length === 0 ? 0 : (least as 1 | 2);
}

/** True when every character is in Bitcoin's base58 alphabet. */
export function isBase58(text: string): boolean {
  return base58Class(text) === 2;
}

/** The first character of `text` that is not in `alphabet`, quoted for a reason, or undefined. */
export function firstForeignChar(text: string, alphabet: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    if (!alphabet.includes(text[i]!)) return `${JSON.stringify(text[i])} at position ${i + 1}`;
  }
  return undefined;
}

/** `0x1c` / `0x1cb8` style rendering of a version number for reasons. */
export function hexVersion(version: number, bytes: number): string {
  return `0x${version.toString(16).padStart(bytes * 2, '0')}`;
}
