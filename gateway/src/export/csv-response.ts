import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A CSV download, ready to stream: its file name and its text, made a piece at a time. */
export interface CsvDownload {
  fileName: string;
  pieces: AsyncIterable<string>;
}

/** How a download ended: sent whole, or the client went away first. */
export type DownloadEnd = 'sent' | 'client gone';

/**
 * Streams a CSV file to the client as fast as it takes it. `pipeline` writes a piece, and when the
 * socket cannot take it whole it waits for 'drain' before asking for the next (one piece read ahead at
 * most: highWaterMark 1), so a download of any size holds about two pieces of memory. A client that goes
 * away ends the pieces (their iterator is returned, so no more rows are read). A failure while reading
 * aborts the response, so that a cut file is never taken for a whole one, and is thrown.
 */
export async function sendCsv(response: ServerResponse, download: CsvDownload): Promise<DownloadEnd> {
  response.statusCode = 200;
  response.setHeader('content-type', 'text/csv; charset=utf-8');
  response.setHeader('content-disposition', `attachment; filename="${download.fileName}"`);
  // What an export holds is not for shared caches, nor to be read as anything but CSV.
  response.setHeader('cache-control', 'no-store');
  response.setHeader('x-content-type-options', 'nosniff');
  try {
    await pipeline(Readable.from(download.pieces, { highWaterMark: 1 }), response);
    return 'sent';
  } catch (error) {
    if (isPrematureClose(error)) return 'client gone';
    throw error;
  }
}

/** Node's own error when a stream closed before it ended: here, the client hung up. */
function isPrematureClose(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === 'ERR_STREAM_PREMATURE_CLOSE'
  );
}
