import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkAddress } from '@cordon/addresses';
import type { Command } from 'commander';

/** Longest line kept whole; the rest of a longer line is dropped so memory stays bounded. */
const MAX_LINE = 1 << 20;

function invalidLine(ticker: string, address: string, canonical: string, reason: string): string {
  return `${ticker}\t${address}\tinvalid\t-\t${canonical}\t${reason}`;
}

/**
 * The output line (without newline) for one input line `TICKER<TAB>ADDRESS`:
 * `TICKER<TAB>ADDRESS<TAB>valid|invalid<TAB>CHAIN[,CHAIN…]|-<TAB>CANONICAL[<TAB>REASON]`, TICKER and ADDRESS
 * echoed as given. A line without a tab is echoed as the address with an empty ticker; extra tabs would shift
 * the columns, so they are echoed as spaces. Both are reported invalid.
 */
export function checkLine(line: string): string {
  const tab = line.indexOf('\t');
  if (tab < 0) {
    const reason = line === '' ? 'malformed line: empty' : 'malformed line: no tab between ticker and address';
    return invalidLine('', line, `raw:${line.trim()}`, reason);
  }
  const ticker = line.slice(0, tab);
  const address = line.slice(tab + 1);
  if (address.includes('\t')) {
    const echoed = address.replaceAll('\t', ' ');
    return invalidLine(ticker, echoed, `raw:${echoed.trim()}`, 'malformed line: more than one tab');
  }
  const check = checkAddress(ticker, address);
  const chains = check.chains.length > 0 ? check.chains.join(',') : '-';
  const head = `${ticker}\t${address}\t${check.valid ? 'valid' : 'invalid'}\t${chains}\t${check.canonical}`;
  return check.valid ? head : `${head}\t${check.reason ?? 'invalid'}`;
}

/**
 * Splits a byte stream into lines and writes one result line per input line, in order. Each input chunk yields
 * one output chunk, and the pipeline's backpressure keeps memory bounded however long the input is.
 */
class LineChecker extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  /** Set when the pending line passed MAX_LINE: the rest of it, up to the newline, is dropped. */
  private overlong = false;
  private first = true;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let text = this.decoder.write(chunk);
    if (this.first && text.length > 0) {
      text = text.replace(/^\uFEFF/, '');
      this.first = false;
    }
    let out = '';
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      out += this.finish(text.slice(start, nl));
      start = nl + 1;
    }
    this.keep(text.slice(start));
    done(null, out);
  }

  override _flush(done: TransformCallback): void {
    this.keep(this.decoder.end());
    done(null, this.partial === '' && !this.overlong ? '' : this.finish(''));
  }

  private keep(text: string): void {
    if (this.overlong) return;
    this.partial += text;
    if (this.partial.length > MAX_LINE) {
      this.partial = this.partial.slice(0, MAX_LINE);
      this.overlong = true;
    }
  }

  /** The result line for the pending line completed by `tail`. */
  private finish(tail: string): string {
    const overlong = this.overlong;
    const raw = overlong ? this.partial : this.partial + tail;
    this.partial = '';
    this.overlong = false;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!overlong) return `${checkLine(line)}\n`;
    const tab = line.indexOf('\t');
    const ticker = tab < 0 ? '' : line.slice(0, tab);
    const address = (tab < 0 ? line : line.slice(tab + 1)).replaceAll('\t', ' ');
    const reason = `malformed line: longer than ${MAX_LINE} characters, cut`;
    return `${invalidLine(ticker, address, `raw:${address.trim()}`, reason)}\n`;
  }
}

/** `cordon addresses ...`: chain-aware address tools. */
export function registerAddressCommands(program: Command): void {
  const addresses = program.command('addresses').description('Chain-aware crypto address tools');
  addresses
    .command('check')
    .description(
      'Read TICKER<TAB>ADDRESS lines on stdin; for each, in order, write ' +
        'TICKER<TAB>ADDRESS<TAB>valid|invalid<TAB>CHAIN[,CHAIN]|-<TAB>CANONICAL, plus <TAB>REASON when invalid',
    )
    .action(async () => {
      try {
        await pipeline(process.stdin, new LineChecker(), process.stdout);
      } catch (error) {
        // The reader went away (`| head`): nothing left to write to, and not a failure of the check.
        if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
      }
    });
}
