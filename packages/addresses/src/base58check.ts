/**
 * Base58check (Bitcoin's version byte(s) + payload + 4-byte double-SHA-256 checksum), used by Bitcoin and the
 * chains derived from it (Bitcoin Cash/SV/Gold legacy, Litecoin, Dash, Dogecoin, Verge, Zcash transparent and
 * Sprout), by Omni (Bitcoin's addresses) and by Tron.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { base58, createBase58check } from '@scure/base';
import type { Candidate } from './candidate.js';
import { type Form, type Outcome, Weight, firstForeignChar, hexVersion, base58Class, reject } from './form.js';

const coder = createBase58check(sha256);
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** A base58check decoding: version + payload bytes (checksum verified and removed), or why it failed. */
export type Base58checkRead = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** Decodes base58check; on failure says whether the alphabet, the length or the checksum is at fault. */
export function readBase58check(text: string): Base58checkRead {
  try {
    return { ok: true, bytes: coder.decode(text) };
  } catch {
    // The library only says that decoding failed; find out which rule broke, for the reason.
    const foreign = firstForeignChar(text, ALPHABET);
    if (foreign !== undefined) return { ok: false, reason: `character ${foreign} is not base58` };
    if (base58.decode(text).length < 5) return { ok: false, reason: 'too short for base58check' };
    return { ok: false, reason: 'base58check checksum mismatch' };
  }
}

/** Encodes version + payload bytes as base58check. */
export function encodeBase58check(bytes: Uint8Array): string {
  return coder.encode(bytes);
}

/** One version of a chain's base58check addresses. */
export interface Base58Version {
  /** The version number: one byte (0x00) or two (0x1cb8, Zcash). */
  version: number;
  /** How many bytes the version takes. */
  versionBytes: 1 | 2;
  /** The written form's name (p2pkh, p2sh, ...). */
  form: string;
  /** Payload length after the version (20 for hash160 addresses). */
  payloadLength: number;
  /**
   * Another version of the same chain that this one is a legacy spelling of: the key is computed from that
   * version so both spellings share it (Litecoin's `3…` P2SH is the same address as its `M…`).
   */
  canonicalVersion?: number;
  /** Set for shielded forms (Zcash Sprout). */
  shielded?: boolean;
}

/** A version that belongs to another network of the same chain (testnet, regtest), named for the reason. */
export interface ForeignVersion {
  version: number;
  versionBytes: 1 | 2;
  /** e.g. 'Bitcoin testnet P2PKH'. */
  what: string;
}

/** The base58check addresses of one chain. */
export interface Base58checkSpec {
  /** Chain name for reasons. */
  chain: string;
  versions: readonly Base58Version[];
  foreign?: readonly ForeignVersion[];
  /** Description for reasons, e.g. '1…/3… base58check'. */
  expects: string;
}

/** Builds the form reading one chain's base58check addresses. */
export function base58checkForm(spec: Base58checkSpec): Form {
  const totals = spec.versions.map((v) => v.versionBytes + v.payloadLength + 4);
  // A base58 character carries less than a byte (a leading '1' exactly one zero byte), so a text shorter than
  // the byte length cannot hold it; the longest text is ceil(bytes * log(256) / log(58)).
  const minChars = Math.min(...totals);
  const maxChars = Math.ceil(Math.max(...totals) * 1.3658);
  return {
    expects: spec.expects,
    read(candidate: Candidate): Outcome {
      const text = candidate.text;
      if (text.length > maxChars) return undefined;
      const shape = base58Class(text);
      if (shape === 0) return undefined;
      if (shape === 1) {
        return reject(`character ${firstForeignChar(text, ALPHABET)} is not base58`, Weight.Alphabet);
      }
      if (text.length < minChars) {
        return reject(`${text.length} characters: too short for a ${spec.chain} address (${spec.expects})`);
      }
      const read = candidate.base58check();
      if (!read.ok) return reject(read.reason);
      return readVersion(spec, read.bytes, text);
    },
  };
}

function versionOf(bytes: Uint8Array, versionBytes: 1 | 2): number {
  return versionBytes === 1 ? bytes[0]! : (bytes[0]! << 8) | bytes[1]!;
}

function readVersion(spec: Base58checkSpec, bytes: Uint8Array, text: string): Outcome {
  for (const v of spec.versions) {
    if (bytes.length < v.versionBytes || versionOf(bytes, v.versionBytes) !== v.version) continue;
    const payload = bytes.length - v.versionBytes;
    if (payload !== v.payloadLength) {
      return reject(`${spec.chain} ${v.form} payload of ${payload} bytes; expected ${v.payloadLength}`);
    }
    const accepted = { ok: true as const, key: `b58:${canonicalText(v, bytes, text)}`, form: v.form };
    return v.shielded ? { ...accepted, shielded: true } : accepted;
  }
  for (const f of spec.foreign ?? []) {
    if (bytes.length >= f.versionBytes && versionOf(bytes, f.versionBytes) === f.version) {
      return reject(
        `${f.what} address (version ${hexVersion(f.version, f.versionBytes)}), not valid on ${spec.chain} mainnet`,
        Weight.OtherNetwork,
      );
    }
  }
  return reject(
    `version byte ${hexVersion(bytes[0]!, 1)} is not a ${spec.chain} address version (${spec.expects})`,
    Weight.OtherVersion,
  );
}

function canonicalText(v: Base58Version, bytes: Uint8Array, text: string): string {
  if (v.canonicalVersion === undefined) return text;
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  out[0] = v.canonicalVersion;
  return encodeBase58check(out);
}
