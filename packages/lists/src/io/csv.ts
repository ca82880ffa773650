/** Streaming CSV rows through csv-parse, decoded as UTF-8 or Windows-1252 (see decode.ts). */
import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { ListParseError } from '../errors.js';
import { decodeText } from './decode.js';
import { readChunks, type ProgressTracker } from './files.js';

/** One CSV record and its position. */
export interface CsvRow {
  fields: string[];
  /**
   * 1-based record number, blank lines included: the line number in files whose fields never span lines (OFAC's).
   * Counted here because csv-parse's per-record `info` objects cost a tenth of the memory a large load churns.
   */
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
    skip_empty_lines: false,
  });
  const source = Readable.from(decodeText(readChunks(path, progress), options.onFallback));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    let line = 0;
    for await (const record of parser as AsyncIterable<string[]>) {
      line += 1;
      if (isBlankRecord(record)) continue;
      yield { fields: record, line };
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
