import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A GitHub account the stand-in knows. */
export interface GitHubTestUser {
  id: number;
  login: string;
  name: string | null;
  /** The public e-mail of the profile; null when the person keeps it private. */
  email: string | null;
  /** Every address on the account, for GET /user/emails (the first is primary and verified). */
  emails: string[];
  /** Team memberships. */
  teams: Array<{ org: string; slug: string }>;
}

/** One request the stand-in answered, for assertions on what a client sent. */
export interface GitHubRecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface GitHubOAuthServer {
  /** Works as GITHUB_URL: /login/oauth/authorize and /login/oauth/access_token. */
  url: string;
  /** Works as GITHUB_API_URL: /user, /user/emails, /user/teams (as on GitHub Enterprise Server, under a path). */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** The person the next visits to the authorize page sign in as (GitHub's own login, skipped). */
  signInAs(user: GitHubTestUser): void;
  /** Codes and access tokens handed out so far: they must never be seen in a client's logs. */
  issuedSecrets(): string[];
  requests(): GitHubRecordedRequest[];
  /** The next request for `path` (e.g. /login/oauth/access_token) has its connection cut: a network failure. */
  cutNextRequest(path: string): void;
  stop(): Promise<void>;
}

export interface GitHubOAuthOptions {
  /** The OAuth app's registered callback URL; the authorize page refuses any other. */
  callbackUrl: string;
  clientId?: string;
  clientSecret?: string;
}

interface IssuedCode {
  user: GitHubTestUser;
  redirectUri: string;
  scope: string;
}

const DOCS = 'https://docs.github.com';
const TEAMS_PER_PAGE_DEFAULT = 30;
const TEAMS_PER_PAGE_MAX = 100;

/**
 * A loopback stand-in for github.com and its REST API, speaking the shapes a GitHub OAuth app meets:
 * the authorize redirect, the code exchange (200 with `{error: 'bad_verification_code'}` for a used or
 * unknown code, as GitHub does), and the user, e-mail and paginated team endpoints with their Link header.
 */
export async function startGitHubOAuthServer(options: GitHubOAuthOptions): Promise<GitHubOAuthServer> {
  const clientId = options.clientId ?? `Iv1.${randomBytes(8).toString('hex')}`;
  const clientSecret = options.clientSecret ?? randomBytes(20).toString('hex');
  const codes = new Map<string, IssuedCode>();
  const tokens = new Map<string, GitHubTestUser>();
  const secrets: string[] = [];
  const recorded: GitHubRecordedRequest[] = [];
  const cuts = new Set<string>();
  let signedIn: GitHubTestUser | null = null;
  let base = '';

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', base);
    recorded.push({ method: request.method ?? 'GET', path: url.pathname, headers: request.headers });
    if (cuts.delete(url.pathname)) {
      request.socket.destroy();
      return;
    }
    const route = `${request.method} ${url.pathname}`;
    if (route === 'GET /login/oauth/authorize') return authorize(url, response);
    if (route === 'POST /login/oauth/access_token') return exchange(request, url, response);
    if (url.pathname.startsWith('/api/') && request.method === 'GET') return rest(request, url, response);
    json(response, 404, { message: 'Not Found', documentation_url: `${DOCS}/rest` });
  }

  function authorize(url: URL, response: ServerResponse): void {
    const query = url.searchParams;
    if (query.get('client_id') !== clientId) {
      response
        .writeHead(404, { 'content-type': 'text/html' })
        .end('<h1>404: this OAuth app does not exist</h1>');
      return;
    }
    const state = query.get('state');
    const redirectUri = query.get('redirect_uri') ?? options.callbackUrl;
    if (redirectUri !== options.callbackUrl) {
      // GitHub sends the browser to the registered callback with the error, not to the unknown one.
      redirect(response, options.callbackUrl, {
        error: 'redirect_uri_mismatch',
        error_description: 'The redirect_uri MUST match the registered callback URL for this application.',
        error_uri: `${DOCS}/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#redirect-uri-mismatch`,
        state,
      });
      return;
    }
    if (!signedIn) {
      response
        .writeHead(400, { 'content-type': 'text/plain' })
        .end('the test chose no GitHub user (signInAs)');
      return;
    }
    const code = randomBytes(10).toString('hex');
    codes.set(code, { user: signedIn, redirectUri, scope: query.get('scope') ?? '' });
    secrets.push(code);
    redirect(response, redirectUri, { code, state });
  }

  async function exchange(request: IncomingMessage, url: URL, response: ServerResponse): Promise<void> {
    const params = { ...Object.fromEntries(url.searchParams), ...(await bodyParams(request)) };
    const wantsJson = (request.headers.accept ?? '').includes('application/json');
    const answer = (body: Record<string, string>): void => {
      if (wantsJson) json(response, 200, body);
      else {
        response
          .writeHead(200, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' })
          .end(new URLSearchParams(body).toString());
      }
    };
    if (params.client_id !== clientId || params.client_secret !== clientSecret) {
      return answer({
        error: 'incorrect_client_credentials',
        error_description: 'The client_id and/or client_secret passed are incorrect.',
        error_uri: `${DOCS}/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials`,
      });
    }
    const issued = typeof params.code === 'string' ? codes.get(params.code) : undefined;
    // A code is good for one exchange, whatever its outcome.
    if (typeof params.code === 'string') codes.delete(params.code);
    if (!issued) {
      return answer({
        error: 'bad_verification_code',
        error_description: 'The code passed is incorrect or expired.',
        error_uri: `${DOCS}/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code`,
      });
    }
    if (params.redirect_uri !== undefined && params.redirect_uri !== issued.redirectUri) {
      return answer({
        error: 'redirect_uri_mismatch',
        error_description: 'The redirect_uri MUST match the registered callback URL for this application.',
        error_uri: `${DOCS}/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#redirect-uri-mismatch2`,
      });
    }
    const accessToken = `gho_${randomBytes(18).toString('hex')}`;
    tokens.set(accessToken, issued.user);
    secrets.push(accessToken);
    answer({ access_token: accessToken, token_type: 'bearer', scope: issued.scope.split(' ').join(',') });
  }

  function rest(request: IncomingMessage, url: URL, response: ServerResponse): void {
    const credentials = /^(?:Bearer|token) (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const user = credentials === undefined ? undefined : tokens.get(credentials);
    if (!user) {
      json(response, 401, { message: 'Bad credentials', documentation_url: `${DOCS}/rest`, status: '401' });
      return;
    }
    switch (url.pathname) {
      case '/api/user':
        json(response, 200, profile(user));
        return;
      case '/api/user/emails':
        json(
          response,
          200,
          user.emails.map((email, index) => ({
            email,
            primary: index === 0,
            verified: true,
            visibility: index === 0 && user.email ? 'public' : null,
          })),
        );
        return;
      case '/api/user/teams':
        teams(user, url, response);
        return;
      default:
        json(response, 404, { message: 'Not Found', documentation_url: `${DOCS}/rest`, status: '404' });
    }
  }

  function teams(user: GitHubTestUser, url: URL, response: ServerResponse): void {
    const perPage = Math.min(
      Number(url.searchParams.get('per_page') ?? TEAMS_PER_PAGE_DEFAULT) || TEAMS_PER_PAGE_DEFAULT,
      TEAMS_PER_PAGE_MAX,
    );
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const last = Math.max(Math.ceil(user.teams.length / perPage), 1);
    const pageUrl = (number: number): string => {
      const target = new URL(url);
      target.searchParams.set('per_page', String(perPage));
      target.searchParams.set('page', String(number));
      return target.href;
    };
    const links = [
      page < last ? `<${pageUrl(page + 1)}>; rel="next"` : null,
      page < last ? `<${pageUrl(last)}>; rel="last"` : null,
      page > 1 ? `<${pageUrl(1)}>; rel="first"` : null,
      page > 1 ? `<${pageUrl(page - 1)}>; rel="prev"` : null,
    ].filter((link) => link !== null);
    const body = user.teams.slice((page - 1) * perPage, page * perPage).map((team, index) => ({
      id: 1000 + index,
      node_id: `T_${team.org}_${team.slug}`,
      name: team.slug,
      slug: team.slug,
      description: null,
      privacy: 'closed',
      permission: 'pull',
      url: `${base}/api/organizations/1/team/${1000 + index}`,
      html_url: `${base}/orgs/${team.org}/teams/${team.slug}`,
      parent: null,
      organization: { login: team.org, id: 1, url: `${base}/api/orgs/${team.org}`, description: null },
    }));
    json(response, 200, body, links.length > 0 ? { link: links.join(', ') } : {});
  }

  function profile(user: GitHubTestUser): Record<string, unknown> {
    return {
      login: user.login,
      id: user.id,
      node_id: `U_${user.id}`,
      avatar_url: `${base}/avatars/u/${user.id}`,
      html_url: `${base}/${user.login}`,
      type: 'User',
      site_admin: false,
      name: user.name,
      company: null,
      email: user.email,
      created_at: '2020-01-01T00:00:00Z',
    };
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { message: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    apiUrl: `${base}/api`,
    clientId,
    clientSecret,
    signInAs: (user) => (signedIn = user),
    issuedSecrets: () => [...secrets],
    requests: () => [...recorded],
    cutNextRequest: (path) => cuts.add(path),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

function redirect(response: ServerResponse, target: string, params: Record<string, string | null>): void {
  const location = new URL(target);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null) location.searchParams.set(name, value);
  }
  response.writeHead(302, { location: location.href }).end();
}

/** The token request's body, form-encoded (as most clients send it) or JSON. */
async function bodyParams(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  if (text === '') return {};
  if ((request.headers['content-type'] ?? '').includes('application/json')) {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  return Object.fromEntries(new URLSearchParams(text));
}
