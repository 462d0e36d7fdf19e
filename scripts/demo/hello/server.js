'use strict';

// The "hello" demo application that Slipway deploys. Plain Node, no dependencies.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);
const host = '127.0.0.1';
const version = process.env.SLIPWAY_VERSION || 'unknown';
const environment = process.env.SLIPWAY_ENVIRONMENT || 'unknown';

const server = http.createServer((request, response) => {
  const path = (request.url || '/').split('?')[0];
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' });
    response.end('method not allowed\n');
    return;
  }
  if (path === '/healthz') {
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify({ status: 'ok', version, environment }));
    return;
  }
  if (path === '/') {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(`Hello from the Slipway demo app: version ${version}, environment ${environment}.\n`);
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  response.end('not found\n');
});

server.keepAliveTimeout = 2000;

server.on('error', (error) => {
  console.error(`[hello] cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});

server.listen(port, host, () => {
  console.log(
    `[hello] pid ${process.pid} listening on http://${host}:${port} (version ${version}, ${environment})`,
  );
});

function shutdown(signal) {
  console.log(`[hello] ${signal} received, closing the server`);
  // Stop accepting connections, let in-flight requests finish, drop idle keep-alive sockets.
  server.close(() => {
    console.log('[hello] closed, bye');
    process.exit(0);
  });
  if (typeof server.closeIdleConnections === 'function') server.closeIdleConnections();
  setTimeout(() => {
    console.error('[hello] still busy after 5s, exiting anyway');
    process.exit(0);
  }, 5000).unref();
}

process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
