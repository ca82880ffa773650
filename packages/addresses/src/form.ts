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

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;

/** True when every character is in Bitcoin's base58 alphabet. */
export function isBase58(text: string): boolean {
  return BASE58.test(text);
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
