/**
 * Bech32-family addresses: SegWit (BIP-173 bech32 for witness v0, BIP-350 bech32m for v1+; Bitcoin, Litecoin,
 * Bitcoin Gold) and plain bech32/bech32m data addresses (Zcash Sapling, unified and TEX, BNB Beacon Chain).
 * Bech32 is case-insensitive and decodes to exactly one lower-case spelling, so the key is that spelling.
 */
import { bech32, bech32m } from '@scure/base';
import type { Candidate } from './candidate.js';
import { type Accepted, type Form, type Outcome, Weight, firstForeignChar, reject } from './form.js';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

type Encoding = 'bech32' | 'bech32m';

interface Split {
  lower: string;
  prefix: string;
}

/**
 * Lower-cases and splits off the human-readable part; undefined when there is no separator or the text cannot
 * start with one of `prefixes` (checked on the first character first: most inputs are not bech32 at all).
 */
function split(text: string, prefixes: readonly string[]): Split | undefined {
  const first = text.charAt(0).toLowerCase();
  if (!prefixes.some((p) => p[0] === first)) return undefined;
  const lower = text.toLowerCase();
  const sep = lower.lastIndexOf('1');
  return sep < 1 ? undefined : { lower, prefix: lower.slice(0, sep) };
}

/** Why a bech32 string that failed to decode failed, for the reason. */
function diagnose(text: string, lower: string, sep: number, limit: number | false): string {
  if (text !== lower && text !== text.toUpperCase()) return 'mixed upper and lower case (bech32 allows one case)';
  if (limit !== false && text.length > limit) return `${text.length} characters; bech32 allows at most ${limit}`;
  const foreign = firstForeignChar(lower.slice(sep + 1), CHARSET);
  if (foreign !== undefined) return `character ${foreign} after the separator is not in the bech32 alphabet`;
  return 'bech32 checksum mismatch';
}

/** Decodes with the given encodings, first match wins; returns the encoding that matched and the words. */
function decode(text: string, lower: string, limit: number | false, encodings: readonly Encoding[]) {
  // Mixed case is invalid in both encodings; the library rejects it too, but only with a message.
  if (text !== lower && text !== text.toUpperCase()) return undefined;
  for (const encoding of encodings) {
    const decoded = (encoding === 'bech32' ? bech32 : bech32m).decodeUnsafe(lower, limit);
    if (decoded) return { encoding, words: decoded.words };
  }
  return undefined;
}

/** Another network's prefix for the same chain (testnet, regtest), named for the reason. */
export type ForeignPrefixes = Readonly<Record<string, string>>;

function foreignReject(chain: string, what: string, prefix: string) {
  return reject(`${what} address (${prefix}1…), not valid on ${chain} mainnet`, Weight.OtherNetwork);
}

/** The SegWit addresses of one chain. */
export interface SegwitSpec {
  chain: string;
  /** Mainnet human-readable part: 'bc', 'ltc', 'btg'. */
  hrp: string;
  foreign?: ForeignPrefixes;
}

/** Builds the form reading one chain's SegWit addresses (BIP-173/BIP-350). */
export function segwitForm(spec: SegwitSpec): Form {
  const prefixes = [spec.hrp, ...Object.keys(spec.foreign ?? {})];
  return {
    expects: `${spec.hrp}1… bech32`,
    read(candidate: Candidate): Outcome {
      const parts = split(candidate.text, prefixes);
      if (parts === undefined) return undefined;
      const what = spec.foreign?.[parts.prefix];
      if (what !== undefined) return foreignReject(spec.chain, what, parts.prefix);
      if (parts.prefix !== spec.hrp) return undefined;
      const decoded = decode(candidate.text, parts.lower, 90, ['bech32', 'bech32m']);
      if (decoded === undefined) return reject(diagnose(candidate.text, parts.lower, parts.prefix.length, 90));
      return readWitness(decoded.encoding, decoded.words, parts.lower);
    },
  };
}

function readWitness(encoding: Encoding, words: number[], lower: string): Outcome {
  const version = words[0];
  if (version === undefined || version > 16) return reject(`witness version ${version ?? 'missing'}; must be 0-16`);
  if (version === 0 && encoding !== 'bech32') return reject('witness v0 encoded with bech32m; BIP-350 requires bech32');
  if (version > 0 && encoding !== 'bech32m') {
    return reject(`witness v${version} encoded with bech32; BIP-350 requires bech32m`);
  }
  const program = bech32.fromWordsUnsafe(words.slice(1));
  if (program === undefined) return reject('non-zero padding bits in the witness program');
  const form = witnessForm(version, program.length);
  if (typeof form !== 'string') return form;
  return { ok: true, key: `bech32:${lower}`, form };
}

function witnessForm(version: number, length: number): string | Outcome {
  if (version === 0) {
    if (length === 20) return 'p2wpkh';
    if (length === 32) return 'p2wsh';
    return reject(`witness v0 program of ${length} bytes; must be 20 (P2WPKH) or 32 (P2WSH)`);
  }
  if (length < 2 || length > 40) return reject(`witness program of ${length} bytes; must be 2-40`);
  // Witness v1 with 32 bytes is Taproot; other versions/lengths are valid but not yet spendable (BIP-350).
  return version === 1 && length === 32 ? 'p2tr' : `witness-v${version}`;
}

/** A plain (non-SegWit) bech32 or bech32m address: a human-readable part and a byte payload. */
export interface Bech32DataSpec {
  chain: string;
  hrp: string;
  encoding: Encoding;
  /** The form name for a payload of this many bytes, undefined when the length is wrong. */
  formFor(length: number): string | undefined;
  /** The accepted payload lengths, for reasons. */
  lengthRule: string;
  /** Maximum length (false: none, as for Zcash unified addresses). */
  limit: number | false;
  foreign?: ForeignPrefixes;
  shielded?: boolean;
  /** Maps the payload to the key of another spelling of the same address (Zcash TEX -> t1). */
  keyOf?: (payload: Uint8Array) => string;
}

/** Builds the form reading a plain bech32/bech32m data address. */
export function bech32DataForm(spec: Bech32DataSpec): Form {
  const prefixes = [spec.hrp, ...Object.keys(spec.foreign ?? {})];
  return {
    expects: `${spec.hrp}1… ${spec.encoding}`,
    read(candidate: Candidate): Outcome {
      const parts = split(candidate.text, prefixes);
      if (parts === undefined) return undefined;
      const what = spec.foreign?.[parts.prefix];
      if (what !== undefined) return foreignReject(spec.chain, what, parts.prefix);
      if (parts.prefix !== spec.hrp) return undefined;
      const decoded = decode(candidate.text, parts.lower, spec.limit, [spec.encoding]);
      if (decoded === undefined) {
        const other = decode(candidate.text, parts.lower, spec.limit, [
          spec.encoding === 'bech32' ? 'bech32m' : 'bech32',
        ]);
        if (other !== undefined) return reject(`encoded with ${other.encoding}; ${spec.hrp}1… uses ${spec.encoding}`);
        return reject(diagnose(candidate.text, parts.lower, parts.prefix.length, spec.limit));
      }
      const payload = bech32.fromWordsUnsafe(decoded.words);
      if (payload === undefined) return reject('non-zero padding bits in the payload');
      const form = spec.formFor(payload.length);
      if (form === undefined) {
        return reject(`${spec.chain} ${spec.hrp}1… payload of ${payload.length} bytes; expected ${spec.lengthRule}`);
      }
      const accepted: Accepted = { ok: true, key: spec.keyOf?.(payload) ?? `bech32:${parts.lower}`, form };
      return spec.shielded ? { ...accepted, shielded: true } : accepted;
    },
  };
}
