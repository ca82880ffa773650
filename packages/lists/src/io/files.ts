/** Reading list files as byte streams, with progress counted across all the files of one load. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ListParseError } from '../errors.js';

/** Progress of a load: bytes read so far out of the total size of the files being read. */
export interface LoadProgress {
  bytesRead: number;
  totalBytes: number;
}

/** Counts bytes for the progress callback; one tracker per load. */
export class ProgressTracker {
  private bytesRead = 0;
  constructor(
    readonly totalBytes: number,
    private readonly onProgress?: (progress: LoadProgress) => void,
  ) {}

  /** Records that `bytes` more were read. */
  advance(bytes: number): void {
    this.bytesRead += bytes;
    this.onProgress?.({ bytesRead: this.bytesRead, totalBytes: this.totalBytes });
  }
}

/** Size of a file in bytes; a missing or unreadable file is a coded error. */
export async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ListParseError('FILE_UNREADABLE', `not a file: ${path}`, { file: path });
    return info.size;
  } catch (error) {
    if (error instanceof ListParseError) throw error;
    throw new ListParseError('FILE_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, {
      file: path,
      cause: error,
    });
  }
}

/** The file's bytes in chunks (64 KiB), never the whole file at once. */
export async function* readChunks(path: string, progress: ProgressTracker): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      progress.advance(chunk.length);
      yield chunk;
    }
  } catch (error) {
    throw new ListParseError('FILE_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, {
      file: path,
      cause: error,
    });
  } finally {
    stream.destroy();
  }
}
