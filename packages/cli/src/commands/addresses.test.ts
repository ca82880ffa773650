/** End-to-end: the `cordon addresses check` command, spawned as a user would run it. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/cordon.mjs', import.meta.url));

/** Runs the command with `input` on stdin (a string, or chunks written one after another). */
function run(input: string | Iterable<string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'addresses', 'check'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    void (async () => {
      for (const chunk of typeof input === 'string' ? [input] : input) {
        if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
      }
      child.stdin.end();
    })();
  });
}

describe('cordon addresses check', () => {
  it('writes one line per input line, in order, in the documented columns', async () => {
    const input = [
      'XBT\t1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
      'BCH\tqpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a',
      'USDT\t0xB6F5EC1A0A9CD1526536D3F0426C429529471F40',
      'ETH\t0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD',
      'xmr\t5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320',
      'NEWCOIN\t  opaque-id ',
      '\tTR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
    ].join('\n');
    const { code, stdout } = await run(`${input}\n`);
    expect(code).toBe(0);
    const rows = stdout.split('\n').map((l) => l.split('\t'));
    expect(rows.pop()).toEqual(['']);
    expect(rows).toEqual([
      ['XBT', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'valid', 'btc', 'b58:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'],
      ['BCH', 'qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a', 'valid', 'bch', 'b58:1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu'],
      [
        'USDT',
        '0xB6F5EC1A0A9CD1526536D3F0426C429529471F40',
        'valid',
        'eth,bsc,matic,arb,avax,op',
        'evm:0xb6f5ec1a0a9cd1526536d3f0426c429529471f40',
      ],
      [
        'ETH',
        '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD',
        'invalid',
        '-',
        'raw:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD',
        expect.stringContaining('EIP-55 checksum mismatch'),
      ],
      [
        'xmr',
        '5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320',
        'invalid',
        '-',
        'raw:5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320',
        expect.stringContaining('not an address'),
      ],
      ['NEWCOIN', '  opaque-id ', 'invalid', '-', 'raw:opaque-id', expect.stringContaining('unknown ticker')],
      ['', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 'valid', 'trx', 'b58:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'],
    ]);
  }, 60_000);

  it('answers malformed lines with an invalid line and a reason, never a crash; CRLF and a last line without newline', async () => {
    const { code, stdout, stderr } = await run(
      'no tab here\r\n\nA\tB\tC\nETH\t0x0000000000000000000000000000000000000000',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      '\tno tab here\tinvalid\t-\traw:no tab here\tmalformed line: no tab between ticker and address',
      '\t\tinvalid\t-\traw:\tmalformed line: empty',
      'A\tB C\tinvalid\t-\traw:B C\tmalformed line: more than one tab',
      'ETH\t0x0000000000000000000000000000000000000000\tvalid\teth\tevm:0x0000000000000000000000000000000000000000',
      '',
    ]);
  }, 60_000);

  it('streams a large input through, line for line, with lines split across chunks', async () => {
    const lines = 200_000;
    function* chunks() {
      for (let i = 0; i < lines; i += 1000) {
        let chunk = '';
        for (let j = i; j < i + 1000; j++) chunk += `ETH\t0x${j.toString(16).padStart(40, '0')}\n`;
        // Cut each chunk mid-line so lines straddle reads.
        yield chunk.slice(0, 17);
        yield chunk.slice(17);
      }
    }
    const { code, stdout } = await run(chunks());
    expect(code).toBe(0);
    const out = stdout.split('\n');
    expect(out.length).toBe(lines + 1);
    expect(out[12_345]).toBe(
      `ETH\t0x${(12_345).toString(16).padStart(40, '0')}\tvalid\teth\tevm:0x${(12_345).toString(16).padStart(40, '0')}`,
    );
  }, 120_000);
});
