/** Streaming CSV rows through csv-parse, decoded as UTF-8 or Windows-1252 (see decode.ts). */
import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { ListParseError } from '../errors.js';
import { decodeText } from './decode.js';
import { readChunks, type ProgressTracker } from './files.js';

/** One CSV record with the 1-based line it starts on. */
export interface CsvRow {
  fields: string[];
  line: number;
}

/** How to read one CSV file. */
export interface CsvReadOptions {
  delimiter?: string;
  /** Called once if the file is not UTF-8 and is read as Windows-1252 instead. */
  onFallback?: () => void;
}

// OFAC ends its files with a DOS end-of-file byte (0x1A) on a line of its own: not a record.
const isBlankRecord = (fields: string[]): boolean => fields.every((f) => f.replaceAll('\u001a', '').trim() === '');

/** Streams the records of one CSV file; quoting errors become a MALFORMED_CSV ListParseError with the line. */
export async function* readCsvRows(
  path: string,
  progress: ProgressTracker,
  options: CsvReadOptions = {},
): AsyncGenerator<CsvRow> {
  const parser = parse({
    delimiter: options.delimiter ?? ',',
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  const source = Readable.from(decodeText(readChunks(path, progress), options.onFallback));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (isBlankRecord(item.record)) continue;
      yield { fields: item.record, line: item.info.lines };
    }
  } catch (error) {
    if (error instanceof ListParseError) throw error;
    const line = (error as { lines?: number }).lines;
    throw new ListParseError('MALFORMED_CSV', `${path}: ${(error as Error).message}`, {
      file: path,
      line,
      cause: error,
    });
  } finally {
    source.destroy();
    parser.destroy();
  }
}
