/**
 * Solana account addresses: base58 (Bitcoin alphabet) of a 32-byte public key, no checksum. Base58 has exactly
 * one spelling for given bytes, so the text is its own canonical form.
 */
import type { Candidate } from './candidate.js';
import { type Form, type Outcome, isBase58, reject } from './form.js';

/** The form reading Solana addresses. */
export const solanaForm: Form = {
  expects: '32-44 base58 characters (32 bytes)',
  read(candidate: Candidate): Outcome {
    const text = candidate.text;
    if (text.length < 32 || text.length > 44 || !isBase58(text)) return undefined;
    const bytes = candidate.base58();
    if (bytes === null || bytes.length !== 32) {
      return reject(`decodes to ${bytes?.length ?? 0} bytes; a Solana address is 32`);
    }
    return { ok: true, key: `sol:${text}`, form: 'account' };
  },
};
