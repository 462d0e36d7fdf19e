import type { Logger } from '@slipway/service';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider } from './webhook-providers';
import type { WebhookAnswer, WebhookReceiver } from './webhook-receiver';

/** GitHub caps a webhook body at 25 MB; a push that deploys is a few KB, so 1 MiB leaves room. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** How long the rest of an oversized body may take to arrive (and be dropped) before the connection is cut. */
const DRAIN_MS = 1000;

const ROUTES: Record<string, Provider> = {
  '/webhooks/github': 'github',
  '/webhooks/gitlab': 'gitlab',
};

export interface WebhookServer {
  port: number;
  close(): Promise<void>;
}

/** `POST /webhooks/github` and `POST /webhooks/gitlab`, on plain node:http: this path answers in milliseconds. */
export async function startWebhookServer(options: {
  port: number;
  host: string;
  receiver: WebhookReceiver;
  logger: Logger;
}): Promise<WebhookServer> {
  const { receiver, logger } = options;
  const server = createServer((request, response) => {
    const provider = ROUTES[(request.url ?? '').split('?', 1)[0] ?? ''];
    if (!provider) return reply(response, { status: 404, body: { error: 'not found' } });
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      return reply(response, { status: 405, body: { error: 'use POST' } });
    }
    void readBody(request, response, provider, logger).then(async (rawBody) => {
      if (rawBody) reply(response, await receiver.receive(provider, request.headers, rawBody));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** The raw body (signatures are over its bytes), or null once a 413 or 400 has been answered. */
function readBody(
  request: IncomingMessage,
  response: ServerResponse,
  provider: Provider,
  logger: Logger,
): Promise<Buffer | null> {
  const tooLarge = (): null => {
    logger.warn({ provider, status: 413, reason: 'body over 1 MiB' }, 'webhook rejected');
    // The rest of the body is read and dropped, not kept, so the sender finishes writing and reads the
    // 413 (closing on unread bytes resets the connection first). One that goes on sending is cut off.
    request.resume();
    const cut = setTimeout(() => request.socket.destroy(), DRAIN_MS);
    cut.unref();
    request.once('end', () => clearTimeout(cut));
    reply(response, { status: 413, body: { error: `the body is over ${MAX_WEBHOOK_BYTES} bytes` } });
    return null;
  };
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_WEBHOOK_BYTES) {
    return Promise.resolve(tooLarge());
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_WEBHOOK_BYTES) {
        chunks.push(chunk);
        return;
      }
      // More arrived than allowed (a chunked body, or one longer than declared): stop keeping it.
      request.off('data', onData);
      request.off('end', onEnd);
      resolve(tooLarge());
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks, size));
    request.on('data', onData);
    request.on('end', onEnd);
    request.once('error', () => resolve(null));
  });
}

function reply(response: ServerResponse, answer: WebhookAnswer): void {
  if (response.headersSent) return;
  const body = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
