import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendCsv, type DownloadEnd } from './csv-response';

const PIECE = `${'x'.repeat(64 * 1024 - 2)}\r\n`;

/** A server that streams `pieces` to its one client through sendCsv; resolves to its address. */
async function serve(
  pieces: AsyncIterable<string>,
): Promise<{ server: Server; url: string; sent: Promise<DownloadEnd> }> {
  let sent: Promise<DownloadEnd> | null = null;
  const server = createServer((_request, response) => {
    sent = sendCsv(response, { fileName: 'slipway-test.csv', pieces });
    // Awaited by the test once the client has seen the end: not an unhandled rejection meanwhile.
    sent.catch(() => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/`,
    get sent() {
      if (!sent) throw new Error('the server has had no request yet');
      return sent;
    },
  };
}

function request(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(url, resolve).on('error', reject));
}

describe('sendCsv', () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('stops reading pieces once the client has gone', async () => {
    let read = 0;
    let returned: () => void = () => undefined;
    const stoppedReading = new Promise<void>((resolve) => (returned = resolve));
    async function* pieces(): AsyncGenerator<string> {
      try {
        // 640 MB: far more than any socket buffer holds while nobody reads.
        for (let index = 0; index < 10_000; index += 1) {
          read += 1;
          yield await Promise.resolve(PIECE);
        }
      } finally {
        returned();
      }
    }
    const served = await serve(pieces());
    server = served.server;
    const response = await request(served.url);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="slipway-test.csv"');
    await new Promise((resolve) => response.once('data', resolve));
    response.destroy();

    await stoppedReading;
    await expect(served.sent).resolves.toBe('client gone');
    expect(read).toBeLessThan(10_000);
  });

  it('cuts the response when reading fails, so the client never takes it for a whole file', async () => {
    async function* pieces(): AsyncGenerator<string> {
      yield await Promise.resolve('id\r\n');
      throw new Error('the database went away');
    }
    const served = await serve(pieces());
    server = served.server;
    const response = await request(served.url);
    const ended = await new Promise<string>((resolve) => {
      response.on('error', (error) => resolve(`error: ${error.message}`));
      response.on('end', () => resolve('end'));
      response.resume();
    });

    expect(ended).toBe('error: aborted');
    await expect(served.sent).rejects.toThrow('the database went away');
  });
});
