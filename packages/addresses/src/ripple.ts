/**
 * XRP Ledger addresses: classic `r…` (XRP's base58 alphabet, version 0x00 + 20-byte account id + double-SHA-256
 * checksum) and X-addresses (XLS-5d: the account id plus an optional 32-bit destination tag in one string).
 * The key is the classic address, with `:tag` when a tag is present.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { base58xrp } from '@scure/base';
import type { Candidate } from './candidate.js';
import { type Form, type Outcome, Weight, firstForeignChar, reject } from './form.js';

const ALPHABET = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';

function checksumOf(body: Uint8Array): Uint8Array {
  return sha256(sha256(body)).subarray(0, 4);
}

// @scure/base ships XRP's alphabet but its checksummed coder is tied to Bitcoin's alphabet; the checksum
// (first 4 bytes of double SHA-256) is appended and verified here.
function decodeChecked(text: string): Uint8Array | string {
  const foreign = firstForeignChar(text, ALPHABET);
  if (foreign !== undefined) return `character ${foreign} is not in the XRP base58 alphabet`;
  const bytes = base58xrp.decode(text);
  if (bytes.length < 5) return 'too short';
  const body = bytes.subarray(0, bytes.length - 4);
  const sum = checksumOf(body);
  for (let i = 0; i < 4; i++) if (sum[i] !== bytes[body.length + i]) return 'XRP base58 checksum mismatch';
  return body;
}

/** Encodes bytes with XRP's alphabet and checksum. */
export function encodeXrpChecked(body: Uint8Array): string {
  const full = new Uint8Array(body.length + 4);
  full.set(body);
  full.set(checksumOf(body), body.length);
  return base58xrp.encode(full);
}

/** The classic address of a 20-byte account id. */
export function classicAddress(accountId: Uint8Array): string {
  const body = new Uint8Array(21);
  body.set(accountId, 1);
  return encodeXrpChecked(body);
}

/** The form reading classic `r…` addresses. */
export const rippleClassicForm: Form = {
  expects: 'r… classic address',
  read(candidate: Candidate): Outcome {
    const text = candidate.text;
    if (text[0] !== 'r' || text.length < 25 || text.length > 35) return undefined;
    const body = decodeChecked(text);
    if (typeof body === 'string') return reject(body);
    if (body.length !== 21 || body[0] !== 0)
      return reject(`not an account id (${body.length} bytes, version ${body[0]})`);
    return { ok: true, key: `xrp:${text}`, form: 'classic' };
  },
};

const MAIN_PREFIX = [0x05, 0x44];
const TEST_PREFIX = [0x04, 0x93];

/** The form reading X-addresses (`X…` mainnet; `T…` testnet is rejected). */
export const rippleXForm: Form = {
  expects: 'X… X-address',
  read(candidate: Candidate): Outcome {
    const text = candidate.text;
    if ((text[0] !== 'X' && text[0] !== 'T') || text.length !== 47) return undefined;
    const body = decodeChecked(text);
    if (typeof body === 'string') return text[0] === 'X' ? reject(body) : undefined;
    if (body.length !== 31) return reject(`X-address of ${body.length} bytes; expected 31`);
    if (body[0] === TEST_PREFIX[0] && body[1] === TEST_PREFIX[1]) {
      return reject('XRP testnet X-address (T…), not valid on mainnet', Weight.OtherNetwork);
    }
    if (body[0] !== MAIN_PREFIX[0] || body[1] !== MAIN_PREFIX[1]) return reject('not an X-address prefix');
    return readTag(body);
  },
};

function readTag(body: Uint8Array): Outcome {
  const account = `xrp:${classicAddress(body.subarray(2, 22))}`;
  const flag = body[22];
  const tagBytes = body.subarray(23, 31);
  if (tagBytes.subarray(4).some((b) => b !== 0)) return reject('X-address tag wider than 32 bits');
  if (flag === 0) {
    if (tagBytes.some((b) => b !== 0)) return reject('X-address has tag bytes but its flag says no tag');
    return { ok: true, key: account, form: 'x-address' };
  }
  if (flag !== 1) return reject(`X-address tag flag ${flag}; must be 0 or 1`);
  const tag = tagBytes[0]! + tagBytes[1]! * 0x100 + tagBytes[2]! * 0x10000 + tagBytes[3]! * 0x1000000;
  return { ok: true, key: `${account}:${tag}`, form: 'x-address-tagged', accountKey: account };
}
