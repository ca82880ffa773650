/**
 * Monero addresses: Monero's block base58 of a network tag, the public spend and view keys (32 bytes each), for
 * integrated addresses an 8-byte payment id, and the first 4 bytes of Keccak-256 of all that as checksum.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { base58xmr } from '@scure/base';
import type { Candidate } from './candidate.js';
import { type Form, type Outcome, Weight, isBase58, reject } from './form.js';

interface Tag {
  form: string;
  /** Bytes before the checksum: tag + keys (+ payment id). */
  length: number;
}

const MAINNET: Readonly<Record<number, Tag>> = {
  18: { form: 'standard', length: 65 },
  19: { form: 'integrated', length: 73 },
  42: { form: 'subaddress', length: 65 },
};

const OTHER_NETWORKS: Readonly<Record<number, string>> = {
  53: 'Monero testnet standard',
  54: 'Monero testnet integrated',
  63: 'Monero testnet subaddress',
  24: 'Monero stagenet standard',
  25: 'Monero stagenet integrated',
  36: 'Monero stagenet subaddress',
};

function checksum(body: Uint8Array): Uint8Array {
  return keccak_256(body).subarray(0, 4);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Encodes a Monero address from its tag byte and the bytes after it (keys, payment id); adds the checksum. */
export function encodeMonero(tag: number, rest: Uint8Array): string {
  const body = new Uint8Array(1 + rest.length);
  body[0] = tag;
  body.set(rest, 1);
  const full = new Uint8Array(body.length + 4);
  full.set(body);
  full.set(checksum(body), body.length);
  return base58xmr.encode(full);
}

/** The form reading Monero mainnet standard, integrated and subaddress addresses. */
export const moneroForm: Form = {
  expects: '95 or 106 characters of Monero base58',
  read(candidate: Candidate): Outcome {
    const text = candidate.text;
    if (text.length < 90 || text.length > 110 || !isBase58(text)) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = base58xmr.decode(text);
    } catch {
      return reject(`${text.length} characters do not decode as Monero base58 (addresses have 95 or 106)`);
    }
    const body = bytes.subarray(0, bytes.length - 4);
    if (bytes.length < 5 || !sameBytes(checksum(body), bytes.subarray(bytes.length - 4))) {
      return reject('Monero checksum (Keccak-256) mismatch');
    }
    return readTag(body, bytes);
  },
};

function readTag(body: Uint8Array, bytes: Uint8Array): Outcome {
  const network = OTHER_NETWORKS[body[0]!];
  if (network !== undefined) return reject(`${network} address, not valid on Monero mainnet`, Weight.OtherNetwork);
  const tag = MAINNET[body[0]!];
  if (tag === undefined) return reject(`unknown Monero network tag ${body[0]}`, Weight.OtherVersion);
  if (body.length !== tag.length)
    return reject(`Monero ${tag.form} address of ${body.length} bytes; expected ${tag.length}`);
  // Re-encoded so that the key cannot depend on how the text spelled the bytes.
  const key = `xmr:${base58xmr.encode(bytes)}`;
  if (tag.form !== 'integrated') return { ok: true, key, form: tag.form };
  // An integrated address pays the standard address made of the same keys, tagged with a payment id.
  return { ok: true, key, form: tag.form, accountKey: `xmr:${encodeMonero(18, body.subarray(1, 65))}` };
}

/**
 * OFAC has listed 64-hex-digit values under XMR. They are 32 bytes in hex: the shape of a Monero transaction id,
 * a key or a long payment id, never of an address. This form only exists to say so.
 */
export const moneroHexForm: Form = {
  expects: 'not 64 hex digits',
  read(candidate: Candidate): Outcome {
    if (!/^[0-9a-fA-F]{64}$/.test(candidate.text)) return undefined;
    return reject(
      '64 hex digits (32 bytes): the shape of a Monero transaction id, key or long payment id, not an address ' +
        '(Monero addresses are 95 or 106 base58 characters)',
    );
  },
};
