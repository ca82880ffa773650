/**
 * Bytes -> text for list files whose encoding is not declared. Official CSVs are UTF-8 or Windows-1252 (OFSI's and
 * the EU's legacy CSVs are the latter): decode as strict UTF-8 and, at the first byte sequence that is not UTF-8,
 * switch to Windows-1252 for the rest of the file. The text before that point was plain ASCII in practice (both
 * encodings read it the same); a Windows-1252 file whose first accented bytes happen to be valid UTF-8 ("Ã©") would
 * have that first stretch read as UTF-8, a limit of deciding while streaming.
 */

/** Which decoding a file ended up with. */
export type TextEncodingName = 'utf-8' | 'windows-1252';

// Length of the prefix of `buf` that ends on a UTF-8 sequence boundary, so a multi-byte character split across
// two chunks is decoded whole with the next chunk.
function completeUtf8Length(buf: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, buf.length); back += 1) {
    const byte = buf[buf.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

// Windows-1252 differs from ISO-8859-1 only in 0x80-0x9F (curly quotes, dashes, the euro sign, ...). Node's
// TextDecoder('windows-1252') decodes those bytes as ISO-8859-1 control characters, so they are mapped here per the
// WHATWG Encoding Standard's index (five bytes are unassigned and stay as the control character of the same value).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Decodes Windows-1252 bytes (single-byte, so any chunk boundary is safe). */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/gu, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Decodes a byte stream to text chunks (a leading UTF-8 byte-order mark is dropped). `onFallback` is called once
 * if the file turns out not to be UTF-8.
 */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  onFallback: () => void = () => undefined,
): AsyncGenerator<string> {
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let encoding: TextEncodingName = 'utf-8';
  let carry: Uint8Array = new Uint8Array(0);
  let first = true;
  for await (const chunk of chunks) {
    let buf = concat(carry, chunk);
    carry = new Uint8Array(0);
    if (first && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    first = false;
    if (encoding === 'utf-8') {
      const cut = completeUtf8Length(buf);
      try {
        const text = utf8.decode(buf.subarray(0, cut));
        carry = buf.slice(cut);
        if (text !== '') yield text;
        continue;
      } catch {
        encoding = 'windows-1252';
        onFallback();
      }
    }
    yield decodeWindows1252(buf);
  }
  if (carry.length > 0) {
    try {
      yield utf8.decode(carry);
    } catch {
      onFallback();
      yield decodeWindows1252(carry);
    }
  }
}
