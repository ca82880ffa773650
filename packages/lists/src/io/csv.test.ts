import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ListParseError } from '../errors.js';
import { readCsvRows } from './csv.js';
import { decodeText } from './decode.js';
import { ProgressTracker } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'lists-csv-'));
let n = 0;
function file(content: string | Uint8Array): string {
  const path = join(dir, `f${(n += 1)}.csv`);
  writeFileSync(path, content);
  return path;
}

async function rows(path: string, delimiter = ','): Promise<string[][]> {
  const out: string[][] = [];
  for await (const row of readCsvRows(path, new ProgressTracker(0), { delimiter })) out.push(row.fields);
  return out;
}

async function decode(chunks: Uint8Array[]): Promise<{ text: string; fellBack: boolean }> {
  let fellBack = false;
  async function* source() {
    yield* chunks;
  }
  let text = '';
  for await (const part of decodeText(source(), () => (fellBack = true))) text += part;
  return { text, fellBack };
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  return chunks;
}

// One field as OFAC writes it: text in double quotes (inner quotes doubled), or the null "-0- ".
const field = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => ({ value: s, written: `"${s.replaceAll('"', '""')}"` })),
  fc.constant({ value: '-0- ', written: '-0- ' }),
  fc.integer({ min: 0, max: 99999 }).map((i) => ({ value: String(i), written: String(i) })),
);

describe('readCsvRows', () => {
  it('reads back any rows written with OFAC quoting, CRLF line ends and the trailing end-of-file byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(field, { minLength: 2, maxLength: 12 }), { minLength: 1, maxLength: 30 }),
        async (table) => {
          const text = `${table.map((r) => r.map((f) => f.written).join(',')).join('\r\n')}\r\n\u001a`;
          // A row of blank fields is no record (OFAC's end-of-file line is one): the reader skips it.
          const records = table.filter((r) => !r.every((f) => f.value.replaceAll('\u001a', '').trim() === ''));
          expect(await rows(file(text))).toEqual(records.map((r) => r.map((f) => f.value)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects broken quoting with a coded error that names the line', async () => {
    const path = file('1,"ok",-0- \r\n2,"broken"x,-0- \r\n');
    await expect(rows(path)).rejects.toMatchObject({ code: 'MALFORMED_CSV', line: 2 });
    await expect(rows(path)).rejects.toBeInstanceOf(ListParseError);
  });

  it('reads a Windows-1252 file as such', async () => {
    const path = file(
      Buffer.concat([Buffer.from('a;b\r\n'), Buffer.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94]), Buffer.from(';x\r\n')]),
    );
    expect(await rows(path, ';')).toEqual([
      ['a', 'b'],
      ['\u201cCafé\u201d', 'x'],
    ]);
  });
});

describe('decodeText', () => {
  it('decodes UTF-8 split at any byte boundary, multi-byte characters included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme' }), fc.array(fc.nat(), { maxLength: 8 }), async (s, cuts) => {
        const { text, fellBack } = await decode(splitAt(new TextEncoder().encode(s), cuts));
        expect(text).toBe(s);
        expect(fellBack).toBe(false);
      }),
    );
  });

  it('falls back to Windows-1252 when the first non-ASCII bytes are not UTF-8, wherever the chunks are cut', async () => {
    const latin1 = fc.string({
      unit: fc
        .integer({ min: 0x20, max: 0xff })
        .filter((c) => c < 0x7f || c >= 0xa0)
        .map((c) => String.fromCharCode(c)),
    });
    await fc.assert(
      fc.asyncProperty(latin1, fc.array(fc.nat(), { maxLength: 8 }), async (s, cuts) => {
        const bytes = Buffer.from(s, 'latin1');
        // The encoding is decided at the first non-ASCII sequence: it must not be valid UTF-8 by chance.
        const first = bytes.findIndex((b) => b >= 0x80);
        fc.pre(first >= 0 && (bytes[first]! < 0xc0 || first + 1 >= bytes.length || bytes[first + 1]! < 0x80));
        const { text, fellBack } = await decode(splitAt(bytes, cuts));
        expect(text).toBe(s);
        expect(fellBack).toBe(true);
      }),
    );
  });

  it('drops a leading byte-order mark', async () => {
    expect((await decode([new Uint8Array([0xef, 0xbb, 0xbf, 0x61])])).text).toBe('a');
  });
});
