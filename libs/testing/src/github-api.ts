import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the stand-in received, for assertions on exactly what a client told GitHub. */
export interface GitHubApiCall {
  method: string;
  path: string;
  /** The parsed JSON body; null when there was none. */
  body: Record<string, unknown> | null;
  /** The status the stand-in answered with. */
  status: number;
}

export interface GitHubApiServer {
  /** Works as GITHUB_API_URL. */
  url: string;
  /** The token a client must send (`Authorization: token …` or `Bearer …`). */
  token: string;
  calls(): GitHubApiCall[];
  /**
   * The next request is refused as rate limited (403), once: with `Retry-After` (a secondary rate limit),
   * or with an exhausted quota and `x-ratelimit-reset` when `resetInSeconds` is given instead. With
   * `after`, that many requests are answered as usual first.
   */
  rateLimitNext(limit: { retryAfterSeconds: number } | { resetInSeconds: number }, after?: number): void;
  /** Every later request is refused with this status (e.g. 404 for a repository the token cannot see). */
  refuseWith(status: number | null): void;
  stop(): Promise<void>;
}

interface StoredDeployment {
  id: number;
  repository: string;
  environment: string;
}

const DOCS = 'https://docs.github.com/rest';
const QUOTA = 5000;
const STATES = new Set(['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']);

/**
 * A loopback stand-in for the part of GitHub's REST API that reports deployments: creating a
 * Deployment and its Deployment Statuses, with GitHub's response shapes, its token check and its
 * rate-limit headers on every answer.
 */
export async function startGitHubApiServer(): Promise<GitHubApiServer> {
  const token = `ghp_${randomBytes(18).toString('hex')}`;
  const calls: GitHubApiCall[] = [];
  const deployments = new Map<number, StoredDeployment>();
  let nextId = 1000;
  let used = 0;
  let pendingLimit: { retryAfterSeconds: number } | { resetInSeconds: number } | null = null;
  let limitAfter = 0;
  let refusal: number | null = null;
  let base = '';

  const creator = { login: 'slipway-bot', id: 4242, type: 'User', site_admin: false };
  const resetAt = (): number => Math.floor(Date.now() / 1000) + 3600;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', base);
    const raw = await readBody(request);
    let body: Record<string, unknown> | null = null;
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      calls.push({ method: request.method ?? 'GET', path: url.pathname, body, status });
      used += 1;
      response
        .writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'x-github-api-version-selected': '2022-11-28',
          'x-ratelimit-limit': String(QUOTA),
          'x-ratelimit-remaining': String(Math.max(QUOTA - used, 0)),
          'x-ratelimit-reset': String(resetAt()),
          'x-ratelimit-used': String(used),
          'x-ratelimit-resource': 'core',
          ...headers,
        })
        .end(JSON.stringify(payload));
    };
    try {
      body = raw.length === 0 ? null : (JSON.parse(raw) as Record<string, unknown>);
    } catch {
      answer(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
      return;
    }
    const credentials = /^(?:Bearer|token) (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (credentials !== token) {
      answer(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
      return;
    }
    if (pendingLimit !== null && limitAfter > 0) {
      limitAfter -= 1;
    } else if (pendingLimit !== null) {
      const limit = pendingLimit;
      pendingLimit = null;
      if ('retryAfterSeconds' in limit) {
        answer(
          403,
          {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`,
            status: '403',
          },
          { 'retry-after': String(limit.retryAfterSeconds) },
        );
      } else {
        answer(
          403,
          {
            message: 'API rate limit exceeded for user ID 4242.',
            documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`,
            status: '403',
          },
          {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + limit.resetInSeconds),
          },
        );
      }
      return;
    }
    if (refusal !== null) {
      answer(refusal, { message: 'Not Found', documentation_url: DOCS, status: String(refusal) });
      return;
    }
    // GitHub Enterprise Server serves the same API under /api/v3.
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '');
    const created = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/.exec(path);
    if (created && request.method === 'POST') {
      createDeployment(`${created[1]}/${created[2]}`, body ?? {}, answer);
      return;
    }
    const status = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/.exec(path);
    if (status && request.method === 'POST') {
      createStatus(`${status[1]}/${status[2]}`, Number(status[3]), body ?? {}, answer);
      return;
    }
    answer(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
  }

  type Answer = (status: number, payload: unknown) => void;

  function createDeployment(repository: string, body: Record<string, unknown>, answer: Answer): void {
    if (typeof body.ref !== 'string' || body.ref === '') {
      answer(422, {
        message: 'Invalid request.\n\n"ref" wasn\'t supplied.',
        documentation_url: DOCS,
        status: '422',
      });
      return;
    }
    const id = nextId++;
    const environment = typeof body.environment === 'string' ? body.environment : 'production';
    deployments.set(id, { id, repository, environment });
    const now = new Date().toISOString();
    const repositoryUrl = `${base}/repos/${repository}`;
    answer(201, {
      url: `${repositoryUrl}/deployments/${id}`,
      id,
      node_id: `DE_${id}`,
      sha: body.ref,
      ref: body.ref,
      task: typeof body.task === 'string' ? body.task : 'deploy',
      payload: body.payload ?? {},
      original_environment: environment,
      environment,
      description: body.description ?? null,
      creator,
      created_at: now,
      updated_at: now,
      statuses_url: `${repositoryUrl}/deployments/${id}/statuses`,
      repository_url: repositoryUrl,
      transient_environment: body.transient_environment ?? false,
      production_environment: body.production_environment ?? environment === 'production',
    });
  }

  function createStatus(repository: string, id: number, body: Record<string, unknown>, answer: Answer): void {
    const deployment = deployments.get(id);
    if (!deployment || deployment.repository !== repository) {
      answer(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
      return;
    }
    if (typeof body.state !== 'string' || !STATES.has(body.state)) {
      answer(422, { message: 'Validation Failed', documentation_url: DOCS, status: '422' });
      return;
    }
    const now = new Date().toISOString();
    const repositoryUrl = `${base}/repos/${repository}`;
    const statusId = nextId++;
    answer(201, {
      url: `${repositoryUrl}/deployments/${id}/statuses/${statusId}`,
      id: statusId,
      node_id: `DES_${statusId}`,
      state: body.state,
      creator,
      description: body.description ?? '',
      environment: body.environment ?? deployment.environment,
      target_url: body.log_url ?? body.target_url ?? '',
      log_url: body.log_url ?? body.target_url ?? '',
      environment_url: body.environment_url ?? '',
      created_at: now,
      updated_at: now,
      deployment_url: `${repositoryUrl}/deployments/${id}`,
      repository_url: repositoryUrl,
    });
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
    token,
    calls: () => [...calls],
    rateLimitNext: (limit, after = 0) => {
      pendingLimit = limit;
      limitAfter = after;
    },
    refuseWith: (status) => {
      refusal = status;
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
