import {
  createRequesterFn,
  type FormattedResponse,
  GitbeakerRequestError,
  type RequestOptions,
} from '@gitbeaker/requester-utils';
import { Gitlab } from '@gitbeaker/rest';
import { HostRateLimitedError, HostRejectedError, rateLimitWait } from './host-errors';

export interface GitLabClientOptions {
  /** GitLab's REST root: https://gitlab.com/api/v4, or https://host[/path]/api/v4 on a self-managed one. */
  apiUrl: string;
  /** A personal, project or group access token (sent as PRIVATE-TOKEN). */
  token: string;
}

export type GitLabClient = InstanceType<typeof Gitlab<false>>;

/** The one gitbeaker client Slipway talks to GitLab with. Responses keep GitLab's snake_case names. */
export function createGitLabClient({ apiUrl, token }: GitLabClientOptions): GitLabClient {
  return new Gitlab({
    host: gitLabHost(apiUrl),
    token,
    // No client-side limits: gitbeaker's queue (5 archives a minute) would hold a request silently, past
    // an activity's heartbeat. GitLab's own 429 and Retry-After say when to ask again.
    rateLimits: {},
    requesterFn: createRequesterFn((_, options) => Promise.resolve(options), requestOnce),
  });
}

/** gitbeaker wants the host and appends /api/v4 itself. */
function gitLabHost(apiUrl: string): string {
  const trimmed = apiUrl.replace(/\/+$/, '');
  if (!trimmed.endsWith('/api/v4')) {
    throw new Error(
      `GitLab's API URL must end in /api/v4, such as https://gitlab.com/api/v4 (got ${trimmed})`,
    );
  }
  return trimmed.slice(0, -'/api/v4'.length);
}

/**
 * One HTTP request, never repeated. gitbeaker's own requester repeats a 429 ten times within a quarter of a
 * second, ignoring Retry-After; Slipway's callers retry after the wait GitLab asked for instead.
 */
async function requestOnce(endpoint: string, options?: Record<string, unknown>): Promise<FormattedResponse> {
  const { prefixUrl, searchParams, method, headers, body, signal, asStream } = (options ??
    {}) as RequestOptions;
  const url = new URL(endpoint, prefixUrl?.endsWith('/') ? prefixUrl : `${prefixUrl ?? ''}/`);
  url.search = searchParams ?? '';
  const request = new Request(url, {
    method: method ?? 'GET',
    ...(headers === undefined ? {} : { headers }),
    ...(body === undefined ? {} : { body }),
    ...(signal === undefined ? {} : { signal }),
  });
  const response = await fetch(request);
  if (!response.ok) {
    const text = await response.text();
    const description = gitLabMessage(text, response.headers.get('content-type'));
    throw new GitbeakerRequestError(description, { cause: { description, request, response } });
  }
  return {
    body: await responseBody(response, asStream === true),
    headers: Object.fromEntries(response.headers.entries()),
    status: response.status,
  };
}

/** As gitbeaker reads answers: JSON parsed, text as a string, anything else (archives) as a Blob or a stream. */
async function responseBody(response: Response, asStream: boolean): Promise<FormattedResponse['body']> {
  if (asStream) return response.body;
  if (response.status === 204) return null;
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (type === 'application/json') {
    const text = await response.text();
    return text === '' ? {} : (JSON.parse(text) as FormattedResponse['body']);
  }
  if (type.startsWith('text/')) return response.text();
  return response.blob();
}

/** GitLab answers errors as {"message": …} (a string, or fields → problems) or {"error": "…"}. */
function gitLabMessage(text: string, contentType: string | null): string {
  if (!contentType?.includes('application/json')) return text;
  try {
    const payload = JSON.parse(text) as { message?: unknown; error?: unknown } | null;
    const content = payload?.message ?? payload?.error ?? '';
    return typeof content === 'string' ? content : JSON.stringify(content);
  } catch {
    return text;
  }
}

/**
 * Runs one GitLab request and says how a failure may be retried: HostRateLimitedError (429: wait
 * `retryAfterMs`, from Retry-After or RateLimit-Reset), HostRejectedError (any other 4xx: never), or the
 * error as thrown (network, timeout, 5xx: retry as usual).
 */
export async function callGitLab<T>(request: () => Promise<T>, now: () => number = Date.now): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw classifyGitLabError(error, now);
  }
}

function classifyGitLabError(error: unknown, now: () => number): unknown {
  if (!(error instanceof GitbeakerRequestError) || error.cause === undefined) return error;
  const { status, headers } = error.cause.response;
  if (status < 400 || status >= 500) return error;
  const message = `GitLab answered ${status}: ${error.message}`;
  if (status !== 429) return new HostRejectedError(message, status);
  const header = (name: string): string | undefined => headers.get(name) ?? undefined;
  return new HostRateLimitedError(
    message,
    rateLimitWait(header('retry-after'), header('ratelimit-reset'), now),
  );
}
