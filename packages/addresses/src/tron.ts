/**
 * Tron's hex spelling of an account: `41` + the 20-byte account id, 42 hex digits in either case. It is the same
 * address as the base58check `T…` spelling (version 0x41), so its key is that spelling's.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { encodeBase58check } from './base58check.js';
import type { Candidate } from './candidate.js';
import { type Form, type Outcome, reject } from './form.js';

const TRON_HEX = /^41[0-9a-fA-F]{40}$/;

/** The form reading Tron's 41-hex spelling. */
export const tronHexForm: Form = {
  expects: '41 + 40 hex digits',
  read(candidate: Candidate): Outcome {
    const text = candidate.text;
    if (!text.startsWith('41') || !/^[0-9a-fA-F]+$/.test(text)) return undefined;
    if (!TRON_HEX.test(text)) return reject(`${text.length} hex digits; a Tron hex address has 42 (41 + 40)`);
    return { ok: true, key: `b58:${encodeBase58check(hexToBytes(text.toLowerCase()))}`, form: 'account-hex' };
  },
};
