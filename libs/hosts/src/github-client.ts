import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { HostRateLimitedError, HostRejectedError, rateLimitWait } from './host-errors';

/** A GitHub App installation: Octokit signs a JWT with the key and trades it for installation tokens. */
export interface GitHubAppAuth {
  appId: string;
  /** The App's PEM private key (PKCS#1 as GitHub issues it, or PKCS#8). */
  privateKey: string;
  installationId: string;
}

/** A personal access token (classic or fine-grained), or an installation token made elsewhere. */
export interface GitHubTokenAuth {
  token: string;
}

export type GitHubAuth = GitHubTokenAuth | GitHubAppAuth;

export interface GitHubClientOptions {
  /** https://api.github.com, or GitHub Enterprise Server's https://host/api/v3. */
  apiUrl: string;
  auth: GitHubAuth;
}

export type GitHubClient = Octokit;

/** The one Octokit Slipway talks to GitHub with: a token or a GitHub App installation, no request log. */
export function createGitHubClient({ apiUrl, auth }: GitHubClientOptions): GitHubClient {
  const common = {
    baseUrl: apiUrl.replace(/\/+$/, ''),
    userAgent: 'slipway',
    // A failed request is thrown to the caller, which logs it once; Octokit's own request log is noise.
    log: { debug: () => undefined, info: () => undefined, warn: console.warn, error: () => undefined },
  };
  if ('token' in auth) return new Octokit({ ...common, auth: auth.token });
  return new Octokit({
    ...common,
    authStrategy: createAppAuth,
    auth: { appId: auth.appId, privateKey: auth.privateKey, installationId: auth.installationId },
  });
}

/**
 * Runs one GitHub request and says how a failure may be retried: HostRateLimitedError (wait
 * `retryAfterMs`, from Retry-After or x-ratelimit-reset), HostRejectedError (any other 4xx: never), or
 * the error as thrown (network, 5xx: retry as usual).
 */
export async function callGitHub<T>(request: () => Promise<T>, now: () => number = Date.now): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw classifyGitHubError(error, now);
  }
}

function classifyGitHubError(error: unknown, now: () => number): unknown {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return error;
  const headers = (error as { response?: { headers?: Record<string, string | number | undefined> } }).response
    ?.headers;
  const header = (name: string): string | undefined => {
    const value = headers?.[name];
    return value === undefined ? undefined : String(value);
  };
  const message = `GitHub answered ${status}: ${error instanceof Error ? error.message : String(error)}`;
  const retryAfter = header('retry-after');
  const rateLimited =
    status === 429 ||
    (status === 403 && (retryAfter !== undefined || header('x-ratelimit-remaining') === '0'));
  if (!rateLimited) return new HostRejectedError(message, status);
  return new HostRateLimitedError(message, rateLimitWait(retryAfter, header('x-ratelimit-reset'), now));
}
