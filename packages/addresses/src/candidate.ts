/** The address under check, with the decodings that several chains share memoised. */
import { base58 } from '@scure/base';
import { readBase58check, type Base58checkRead } from './base58check.js';

/**
 * One trimmed address being checked. Several chains decode the same string the same way (every
 * Bitcoin-derived chain decodes base58check), so the decodings are memoised here for the length of one check.
 */
export class Candidate {
  private base58checkRead?: Base58checkRead;
  private base58Bytes?: Uint8Array | null;

  constructor(readonly text: string) {}

  /** The base58check decoding (version + payload, checksum verified) or why it failed. */
  base58check(): Base58checkRead {
    return (this.base58checkRead ??= readBase58check(this.text));
  }

  /** The plain base58 decoding (no checksum), or `null` when the text is not base58. */
  base58(): Uint8Array | null {
    if (this.base58Bytes === undefined) {
      try {
        this.base58Bytes = base58.decode(this.text);
      } catch {
        this.base58Bytes = null;
      }
    }
    return this.base58Bytes;
  }
}
