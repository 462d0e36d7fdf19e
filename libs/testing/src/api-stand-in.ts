import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call a stand-in received, for assertions on exactly what a client told the provider. */
export interface ApiCall {
  method: string;
  /** The path as requested (with any /api/v3 or /api/v4 prefix), without the query. */
  path: string;
  /** The parsed JSON body; null when there was none. */
  body: Record<string, unknown> | null;
  /** The status the stand-in answered with. */
  status: number;
}

/** What a route sees of a request that passed the token check, the rate limit and any refusal. */
export interface ApiRequest<State> {
  method: string;
  /** The path the route matched against (the API prefix removed). */
  path: string;
  /** The pattern's named groups, URL-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The stand-in's data, shared by its routes and its test controls. */
  state: State;
  /** http://127.0.0.1:port, for URLs in answers. */
  base: string;
}

export interface ApiAnswer {
  status: number;
  /** Sent as JSON unless it is a string (sent as text/plain) or a Buffer (bytes, application/octet-stream). */
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * One entry of a stand-in's route table. Add an entry to serve another endpoint: `pattern` is matched
 * against the whole path (API prefix removed), its named groups become `params`.
 */
export interface ApiRoute<State> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  /** Routes that check credentials of their own (a GitHub App's JWT) skip the usual token check. */
  ownAuthentication?: boolean;
  handle(request: ApiRequest<State>): ApiAnswer | Promise<ApiAnswer>;
}

/** What makes a loopback server speak one provider's API. */
export interface ApiDialect<State, Limit> {
  state: State;
  routes: readonly ApiRoute<State>[];
  /** The path routes match against: GitHub Enterprise's /api/v3 or GitLab's /api/v4 removed. */
  routePath(path: string): string;
  /** Null when the request carries valid credentials; else the provider's 401. */
  authenticate(headers: IncomingHttpHeaders, state: State): ApiAnswer | null;
  /** Headers on every answer (rate-limit counters), given how many requests were answered, this one included. */
  headers(used: number): Record<string, string>;
  rateLimited(limit: Limit): ApiAnswer;
  refused(status: number): ApiAnswer;
  notFound(): ApiAnswer;
  badJson(): ApiAnswer;
}

/** Which requests a rate limit or a refusal applies to (by default, all). */
export type ApiRequestFilter = (request: { method: string; path: string }) => boolean;

export interface ApiStandIn<Limit> {
  url: string;
  calls(): ApiCall[];
  /**
   * The next request is refused as rate limited, once; with `after`, that many are answered as usual
   * first. With `only`, other requests neither count nor are limited.
   */
  rateLimitNext(limit: Limit, after?: number, only?: ApiRequestFilter): void;
  /** Every later request (that `only` matches) is refused with this status; null answers as usual again. */
  refuseWith(status: number | null, only?: ApiRequestFilter): void;
  stop(): Promise<void>;
}

/** Starts a loopback HTTP server on a random port answering as `dialect` says. */
export async function startApiStandIn<State, Limit>(
  dialect: ApiDialect<State, Limit>,
): Promise<ApiStandIn<Limit>> {
  const calls: ApiCall[] = [];
  let used = 0;
  const everything: ApiRequestFilter = () => true;
  let pendingLimit: Limit | null = null;
  let limitAfter = 0;
  let limitOnly = everything;
  let refusal: number | null = null;
  let refusalOnly = everything;
  let base = '';

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', base);
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    let body: Record<string, unknown> | null = null;
    const send = ({ status, body: payload, headers = {} }: ApiAnswer): void => {
      calls.push({ method, path: url.pathname, body, status });
      used += 1;
      const text = typeof payload === 'string';
      const bytes = Buffer.isBuffer(payload);
      response
        .writeHead(status, {
          'content-type': bytes
            ? 'application/octet-stream'
            : text
              ? 'text/plain; charset=utf-8'
              : 'application/json; charset=utf-8',
          ...dialect.headers(used),
          ...headers,
        })
        .end(text || bytes ? payload : JSON.stringify(payload));
    };
    try {
      body = raw.length === 0 ? null : (JSON.parse(raw) as Record<string, unknown>);
    } catch {
      send(dialect.badJson());
      return;
    }
    const path = dialect.routePath(url.pathname);
    let params: Record<string, string> = {};
    const route = dialect.routes.find((candidate) => {
      if (candidate.method !== method) return false;
      const match = candidate.pattern.exec(path);
      if (!match) return false;
      params = Object.fromEntries(
        Object.entries(match.groups ?? {}).map(([name, value]) => [name, decodeURIComponent(value)]),
      );
      return true;
    });
    const unauthenticated = route?.ownAuthentication
      ? null
      : dialect.authenticate(request.headers, dialect.state);
    if (unauthenticated) {
      send(unauthenticated);
      return;
    }
    const matched = { method, path };
    if (pendingLimit !== null && !limitOnly(matched)) {
      // Another kind of request: neither counted nor limited.
    } else if (pendingLimit !== null && limitAfter > 0) {
      limitAfter -= 1;
    } else if (pendingLimit !== null) {
      const limit = pendingLimit;
      pendingLimit = null;
      send(dialect.rateLimited(limit));
      return;
    }
    if (refusal !== null && refusalOnly(matched)) {
      send(dialect.refused(refusal));
      return;
    }
    if (!route) {
      send(dialect.notFound());
      return;
    }
    send(
      await route.handle({
        method,
        path,
        params,
        query: url.searchParams,
        headers: request.headers,
        body: body ?? {},
        state: dialect.state,
        base,
      }),
    );
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    calls: () => [...calls],
    rateLimitNext: (limit, after = 0, only = everything) => {
      pendingLimit = limit;
      limitAfter = after;
      limitOnly = only;
    },
    refuseWith: (status, only = everything) => {
      refusal = status;
      refusalOnly = only;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
