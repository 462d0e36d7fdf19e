import { Octokit } from '@octokit/rest';
import type { DeploymentReportState } from '@slipway/temporal';

export interface GitHubDeploymentsOptions {
  /** A personal access token or an installation token of a GitHub App. */
  token: string;
  /** https://api.github.com, or GitHub Enterprise Server's https://host/api/v3. */
  apiUrl: string;
  /** Reads the clock for x-ratelimit-reset (an epoch second). */
  now?: () => number;
}

export interface NewGitHubDeployment {
  /** owner/name */
  repository: string;
  sha: string;
  environment: string;
  /** The Slipway deployment it stands for, kept in the payload. */
  deploymentId: string;
  description: string;
}

export interface GitHubDeploymentStatus {
  repository: string;
  githubDeploymentId: number;
  state: DeploymentReportState;
  description: string;
  environmentUrl?: string;
  logUrl: string;
}

/** GitHub asked us to wait: its rate limit (primary or secondary) was reached. */
export class GitHubRateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'GitHubRateLimitedError';
  }
}

/** GitHub refused the request itself (4xx): asking again will not help. */
export class GitHubRejectedError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'GitHubRejectedError';
  }
}

/** GitHub limits a status description to 140 characters. */
const DESCRIPTION_LIMIT = 140;
/** When GitHub says it is rate limiting but not until when, as its docs advise: wait a minute. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * GitHub Deployments and Deployment Statuses for one token. Errors come out as GitHubRateLimitedError
 * (wait and try again), GitHubRejectedError (do not try again), or as thrown (network, 5xx: try again).
 */
export class GitHubDeployments {
  private readonly octokit: Octokit;
  private readonly now: () => number;

  constructor(options: GitHubDeploymentsOptions) {
    this.octokit = new Octokit({
      auth: options.token,
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      userAgent: 'slipway',
      // A failed request is thrown to the caller, which logs it once; Octokit's own request log is noise.
      log: { debug: () => undefined, info: () => undefined, warn: console.warn, error: () => undefined },
    });
    this.now = options.now ?? Date.now;
  }

  /** Creates the deployment and answers with GitHub's id for it. */
  async createDeployment(deployment: NewGitHubDeployment): Promise<number> {
    const response = await this.call(() =>
      this.octokit.rest.repos.createDeployment({
        ...ownerAndRepo(deployment.repository),
        ref: deployment.sha,
        environment: deployment.environment,
        // Slipway already decided what deploys: GitHub must neither merge nor wait for checks.
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
        payload: { slipwayDeploymentId: deployment.deploymentId },
        description: truncate(deployment.description),
      }),
    );
    // 202 is GitHub's answer when it merged the default branch instead, which auto_merge: false rules out.
    if (!('id' in response.data)) {
      throw new GitHubRejectedError(`GitHub created no deployment: ${response.data.message ?? ''}`, 202);
    }
    return response.data.id;
  }

  async postStatus(status: GitHubDeploymentStatus): Promise<void> {
    await this.call(() =>
      this.octokit.rest.repos.createDeploymentStatus({
        ...ownerAndRepo(status.repository),
        deployment_id: status.githubDeploymentId,
        state: status.state,
        description: truncate(status.description),
        log_url: status.logUrl,
        ...(status.environmentUrl === undefined ? {} : { environment_url: status.environmentUrl }),
        // GitHub marks the environment's earlier successful deployment inactive when this one succeeds.
        auto_inactive: true,
      }),
    );
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.classify(error);
    }
  }

  private classify(error: unknown): unknown {
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status !== 'number' || status < 400 || status >= 500) return error;
    const headers = (error as { response?: { headers?: Record<string, string | number | undefined> } })
      .response?.headers;
    const message = `GitHub answered ${status}: ${error instanceof Error ? error.message : String(error)}`;
    const header = (name: string): string | undefined => {
      const value = headers?.[name];
      return value === undefined ? undefined : String(value);
    };
    const retryAfter = header('retry-after');
    const remaining = header('x-ratelimit-remaining');
    const rateLimited = status === 429 || (status === 403 && (retryAfter !== undefined || remaining === '0'));
    if (!rateLimited) return new GitHubRejectedError(message, status);
    return new GitHubRateLimitedError(message, this.waitFor(retryAfter, header('x-ratelimit-reset')));
  }

  private waitFor(retryAfter: string | undefined, reset: string | undefined): number {
    if (retryAfter !== undefined && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    if (reset !== undefined && /^\d+$/.test(reset)) {
      return Math.max(1000, Number(reset) * 1000 - this.now());
    }
    return DEFAULT_RATE_LIMIT_WAIT_MS;
  }
}

function ownerAndRepo(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

function truncate(description: string): string {
  return description.length <= DESCRIPTION_LIMIT
    ? description
    : `${description.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}
