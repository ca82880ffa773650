/**
 * EVM account addresses (Ethereum and every chain that copied its account format): 0x + 40 hex digits, with the
 * EIP-55 mixed-case checksum verified when the digits are mixed-case. The key is the lower-case form.
 */
import jsSha3 from 'js-sha3';
import type { Candidate } from './candidate.js';
import { type Form, type Outcome, reject } from './form.js';

const HEX40 = /^[0-9a-fA-F]{40}$/;
const HEX = /^[0-9a-fA-F]*$/;

// EIP-55 hashes the 40 lower-case ASCII digits with keccak-256. js-sha3 is used here rather than @noble/hashes
// (which the other families use): on this hot path its string input and unrolled permutation are about twice as
// fast, which is what keeps mixed-case EVM canonicalisation above 200,000 per second on one core.
function keccakOfAscii40(lower: string): number[] {
  return jsSha3.keccak256.array(lower);
}

function wantsUpper(digest: number[], i: number): boolean {
  const byte = digest[i >> 1]!;
  return (i & 1 ? byte & 0x0f : byte >> 4) >= 8;
}

/** The EIP-55 checksummed spelling (without 0x) of 40 lower-case hex digits. */
export function toEip55(lower: string): string {
  const digest = keccakOfAscii40(lower);
  let out = '';
  for (let i = 0; i < 40; i++) {
    const c = lower[i]!;
    out += c >= 'a' && wantsUpper(digest, i) ? c.toUpperCase() : c;
  }
  return out;
}

function eip55Matches(hex: string, lower: string): boolean {
  const digest = keccakOfAscii40(lower);
  for (let i = 0; i < 40; i++) {
    const c = hex.charCodeAt(i);
    if (c >= 0x61 /* a */ ? wantsUpper(digest, i) : c >= 0x41 /* A */ && !wantsUpper(digest, i)) return false;
  }
  return true;
}

/**
 * Builds the EVM account form. `bare` also accepts the 40 digits without `0x`, a spelling exchanges use; it is
 * off when detecting a chain from the address alone, where 40 bare hex digits could be any hash.
 */
export function evmForm(bare: boolean): Form {
  return {
    expects: '0x + 40 hex digits',
    read(candidate: Candidate): Outcome {
      const text = candidate.text;
      const prefixed = text.length >= 2 && text[0] === '0' && (text[1] === 'x' || text[1] === 'X');
      if (!prefixed && !(bare && text.length === 40 && HEX40.test(text))) return undefined;
      const hex = prefixed ? text.slice(2) : text;
      if (!HEX40.test(hex)) {
        return HEX.test(hex)
          ? reject(`${hex.length} hex digits after 0x; an EVM address has 40`)
          : reject(`not hexadecimal after 0x: ${JSON.stringify(hex.match(/[^0-9a-fA-F]/)![0])}`);
      }
      const lower = hex.toLowerCase();
      if (hex !== lower && hex !== hex.toUpperCase() && !eip55Matches(hex, lower)) {
        return reject(`EIP-55 checksum mismatch: the mixed-case spelling should be 0x${toEip55(lower)}`);
      }
      return { ok: true, key: `evm:0x${lower}`, form: 'account' };
    },
  };
}
