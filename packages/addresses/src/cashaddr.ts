/**
 * CashAddr, Bitcoin Cash's address format (`bitcoincash:q…`/`p…`, prefix optional, one case throughout).
 *
 * Its checksum is hand-written here because no maintained typed library implements it: CashAddr reuses
 * bech32's alphabet but checksums with a 40-bit BCH-code polymod (generator below, from the CashAddr
 * specification) over the prefix's low 5 bits, so @scure/base's bech32 (30-bit) cannot verify it. The
 * regrouping of 5-bit words into bytes is the library's.
 *
 * A 20-byte CashAddr is the same address as the legacy base58check spelling of the same hash (version 0x00 for
 * P2PKH, 0x05 for P2SH), so its key is that spelling's. Token-aware types (CashTokens: `z…`/`r…`) lock the same
 * script as the plain ones and share their key.
 */
import { bech32 } from '@scure/base';
import { encodeBase58check } from './base58check.js';
import type { Candidate } from './candidate.js';
import { type Form, type Outcome, Weight, reject } from './form.js';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < CHARSET.length; i++) {
  VALUE[CHARSET.charCodeAt(i)] = i;
  VALUE[CHARSET.toUpperCase().charCodeAt(i)] = i;
}

// The 40-bit generator, split into its high 8 and low 32 bits because JavaScript's bitwise operators are 32-bit.
const GEN_HI = [0x98, 0x79, 0xf3, 0xae, 0x1e];
const GEN_LO = [0xf2bc8e61, 0xb76d99e2, 0x3e5fb3c4, 0x2eabe2a8, 0x4f43e470];

/** CashAddr's polymod over 5-bit values; returns the 40-bit result as [high 8 bits, low 32 bits]. */
function polymod(values: ArrayLike<number>): [number, number] {
  let hi = 0;
  let lo = 1;
  for (let i = 0; i < values.length; i++) {
    const top = hi >>> 3;
    hi = ((hi & 0x07) << 5) | (lo >>> 27);
    lo = ((lo << 5) ^ values[i]!) >>> 0;
    for (let k = 0; k < 5; k++) {
      if ((top >>> k) & 1) {
        hi ^= GEN_HI[k]!;
        lo = (lo ^ GEN_LO[k]!) >>> 0;
      }
    }
  }
  return [hi, (lo ^ 1) >>> 0];
}

function prefixValues(prefix: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < prefix.length; i++) out.push(prefix.charCodeAt(i) & 0x1f);
  out.push(0);
  return out;
}

function checksumOk(prefix: string, values: readonly number[]): boolean {
  const [hi, lo] = polymod([...prefixValues(prefix), ...values]);
  return hi === 0 && lo === 0;
}

/** Hash sizes in bytes by the version byte's low three bits. */
const HASH_SIZES = [20, 24, 28, 32, 40, 48, 56, 64];

/**
 * Encodes a CashAddr: `prefix:` + payload, lower case. `type` is 0 P2PKH, 1 P2SH, 2/3 their token-aware variants.
 */
export function encodeCashaddr(prefix: string, type: number, hash: Uint8Array): string {
  const sizeCode = HASH_SIZES.indexOf(hash.length);
  if (sizeCode < 0) throw new RangeError(`CashAddr hash of ${hash.length} bytes`);
  const data = new Uint8Array(hash.length + 1);
  data[0] = (type << 3) | sizeCode;
  data.set(hash, 1);
  const words = bech32.toWords(data);
  const [hi, lo] = polymod([...prefixValues(prefix), ...words, 0, 0, 0, 0, 0, 0, 0, 0]);
  const checksum = hi * 2 ** 32 + lo;
  let out = `${prefix}:`;
  for (const w of words) out += CHARSET[w];
  for (let i = 7; i >= 0; i--) out += CHARSET[Math.floor(checksum / 2 ** (5 * i)) % 32];
  return out;
}

/** The CashAddr addresses of one chain. */
export interface CashaddrSpec {
  chain: string;
  /** Mainnet prefix, e.g. 'bitcoincash'. */
  prefix: string;
  /** Other networks' prefixes (bchtest, bchreg) and what they are. */
  foreign: Readonly<Record<string, string>>;
}

/** Builds the form reading one chain's CashAddr addresses, with or without the prefix. */
export function cashaddrForm(spec: CashaddrSpec): Form {
  return {
    expects: `${spec.prefix}:q…/p… CashAddr`,
    read(candidate: Candidate): Outcome {
      const text = candidate.text;
      const colon = text.indexOf(':');
      const prefix = colon < 0 ? undefined : text.slice(0, colon).toLowerCase();
      const payload = colon < 0 ? text : text.slice(colon + 1);
      if (prefix !== undefined) {
        const what = spec.foreign[prefix];
        if (what !== undefined) return otherNetwork(spec, what, prefix);
        if (prefix !== spec.prefix) return undefined;
      } else if (!looksLikePayload(payload)) {
        return undefined;
      }
      if (text !== text.toLowerCase() && text !== text.toUpperCase()) {
        return reject('mixed upper and lower case (CashAddr allows one case)');
      }
      const values: number[] = [];
      for (let i = 0; i < payload.length; i++) {
        const v = payload.charCodeAt(i) < 128 ? VALUE[payload.charCodeAt(i)]! : -1;
        if (v < 0) return reject(`character ${JSON.stringify(payload[i])} is not in the CashAddr alphabet`);
        values.push(v);
      }
      if (!checksumOk(spec.prefix, values)) return checksumFailure(spec, prefix, values);
      return readPayload(spec, values.slice(0, -8));
    },
  };
}

function otherNetwork(spec: CashaddrSpec, what: string, prefix: string): Outcome {
  return reject(`${what} address (${prefix}:), not valid on ${spec.chain} mainnet`, Weight.OtherNetwork);
}

function looksLikePayload(payload: string): boolean {
  if (payload.length < 42 || payload.length > 112) return false;
  const first = payload[0]!.toLowerCase();
  return (first === 'q' || first === 'p' || first === 'z' || first === 'r') && /^[0-9a-zA-Z]+$/.test(payload);
}

function checksumFailure(spec: CashaddrSpec, prefix: string | undefined, values: number[]): Outcome {
  if (prefix === undefined) {
    // Without a prefix the checksum says which network the payload was made for.
    for (const [other, what] of Object.entries(spec.foreign)) {
      if (checksumOk(other, values)) return otherNetwork(spec, what, other);
    }
  }
  return reject('CashAddr checksum mismatch');
}

function readPayload(spec: CashaddrSpec, words: number[]): Outcome {
  const bytes = bech32.fromWordsUnsafe(words);
  if (bytes === undefined || bytes.length < 1) return reject('non-zero padding bits in the CashAddr payload');
  const version = bytes[0]!;
  const hash = bytes.subarray(1);
  if (version & 0x80) return reject('CashAddr version byte has its reserved high bit set');
  const type = (version >> 3) & 0x0f;
  if (type > 3) return reject(`unknown CashAddr type ${type}`);
  const size = HASH_SIZES[version & 0x07]!;
  if (hash.length !== size) return reject(`CashAddr hash of ${hash.length} bytes; its version byte says ${size}`);
  const p2sh = (type & 1) === 1;
  const form = `${p2sh ? 'p2sh' : 'p2pkh'}${size === 20 ? '' : String(size * 8)}${type >= 2 ? '-token-aware' : ''}`;
  if (size !== 20) return { ok: true, key: `cashaddr:${encodeCashaddr(spec.prefix, type & 1, hash)}`, form };
  const legacy = new Uint8Array(21);
  legacy[0] = p2sh ? 0x05 : 0x00;
  legacy.set(hash, 1);
  return { ok: true, key: `b58:${encodeBase58check(legacy)}`, form };
}
