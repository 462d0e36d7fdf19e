import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import {
  startApiStandIn,
  type ApiAnswer,
  type ApiCall,
  type ApiRequestFilter,
  type ApiRequest,
  type ApiRoute,
  type ApiStandIn,
} from './api-stand-in';
import type { GitCommitFacts, LocalGitRepository } from './git';

/** One call the stand-in received, for assertions on exactly what a client told GitHub. */
export type GitHubApiCall = ApiCall;

/** A secondary rate limit (Retry-After), or an exhausted quota that resets in so many seconds. */
export type GitHubRateLimit = { retryAfterSeconds: number } | { resetInSeconds: number };

export interface GitHubApiServer extends Omit<ApiStandIn<GitHubRateLimit>, 'rateLimitNext' | 'refuseWith'> {
  /** Works as GITHUB_API_URL (GitHub Enterprise Server's /api/v3 prefix works too). */
  url: string;
  /** The token a client must send (`Authorization: token …` or `Bearer …`). */
  token: string;
  /** What the routes hold: deployments, their statuses, commit statuses; tests may read and seed it. */
  state: GitHubState;
  /**
   * The next request is refused as rate limited (403), once: with `Retry-After` (a secondary rate limit),
   * or with an exhausted quota and `x-ratelimit-reset` when `resetInSeconds` is given instead. With
   * `after`, that many requests are answered as usual first; with `only`, other requests are not counted.
   */
  rateLimitNext(limit: GitHubRateLimit, after?: number, only?: ApiRequestFilter): void;
  /** Every later request (that `only` matches) is refused with this status (e.g. 404 for a repository the token cannot see). */
  refuseWith(status: number | null, only?: ApiRequestFilter): void;
}

/** A GitHub App the stand-in knows: installation tokens are issued for a JWT signed with its key. */
export interface GitHubAppStandIn {
  appId: string;
  installationId: string;
  /** The public half of the App's key (PEM or KeyObject). */
  publicKey: string | KeyObject;
}

export interface GitHubApiServerOptions {
  app?: GitHubAppStandIn;
  /** Routes served before the built-in ones (see gitHubRoutes). */
  routes?: readonly ApiRoute<GitHubState>[];
}

export interface GitHubDeploymentRecord {
  id: number;
  repository: string;
  environment: string;
  /** Every state posted for it, oldest first. */
  states: string[];
}

export interface GitHubCommitStatusRecord {
  repository: string;
  sha: string;
  state: string;
  context: string;
  description: string | null;
  targetUrl: string | null;
}

/** A check run of a commit, as CI (a GitHub App) reports it; set from tests with setCheckRun. */
export interface GitHubCheckRunRecord {
  id: number;
  repository: string;
  sha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  /** The CI's own page for the run. */
  detailsUrl: string | null;
}

export interface GitHubState {
  token: string;
  /** Installation tokens issued to a GitHub App, accepted like `token`. */
  installationTokens: Set<string>;
  app: { appId: string; installationId: string; publicKey: KeyObject } | null;
  deployments: Map<number, GitHubDeploymentRecord>;
  commitStatuses: GitHubCommitStatusRecord[];
  checkRuns: GitHubCheckRunRecord[];
  /** Repositories served from real git repositories made in the test: owner/name → the repository. */
  repositories: Map<string, LocalGitRepository>;
  /** The pull requests GitHub associates with a commit, by sha. */
  pullRequests: Map<string, GitHubPullRequestRecord[]>;
  /** The tokens of the archive downloads handed out (codeload's links carry one). */
  archiveTokens: Set<string>;
  nextId(): number;
}

export interface GitHubPullRequestRecord {
  number: number;
  title: string;
  /** When it was merged; null while open or when closed unmerged. */
  mergedAt: string | null;
}

const DOCS = 'https://docs.github.com/rest';
const QUOTA = 5000;
const DEPLOYMENT_STATES = new Set([
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
]);
const COMMIT_STATES = new Set(['error', 'failure', 'pending', 'success']);
const creator = { login: 'slipway-bot', id: 4242, type: 'User', site_admin: false };

/** GitHub's error body: `{ message, documentation_url, status }`. */
export function gitHubError(status: number, message: string, documentation = DOCS): ApiAnswer {
  return { status, body: { message, documentation_url: documentation, status: String(status) } };
}

const repositoryOf = (request: ApiRequest<GitHubState>): string =>
  `${request.params.owner ?? ''}/${request.params.repo ?? ''}`;

/**
 * The endpoints the stand-in serves, with GitHub's response shapes. To serve another, add an entry here
 * (or pass `routes` to startGitHubApiServer for one test file).
 */
export const gitHubRoutes: readonly ApiRoute<GitHubState>[] = [
  {
    method: 'POST',
    pattern: /^\/app\/installations\/(?<installationId>\d+)\/access_tokens$/,
    ownAuthentication: true,
    handle: issueInstallationToken,
  },
  {
    method: 'POST',
    pattern: /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/deployments$/,
    handle: createDeployment,
  },
  {
    method: 'POST',
    pattern: /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/deployments\/(?<id>\d+)\/statuses$/,
    handle: createDeploymentStatus,
  },
  {
    method: 'POST',
    pattern: /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/statuses\/(?<sha>[0-9a-f]{40})$/,
    handle: createCommitStatus,
  },
  {
    method: 'GET',
    pattern: /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/commits\/(?<ref>[^/]+)\/check-runs$/,
    handle: listCheckRuns,
  },
  {
    method: 'GET',
    pattern: /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/commits\/(?<ref>[^/]+)\/status$/,
    handle: combinedStatus,
  },
  {
    method: 'GET',
    pattern: /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/commits\/(?<ref>[^/]+)$/,
    handle: getCommit,
  },
  {
    method: 'GET',
    pattern: /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/commits\/(?<sha>[^/]+)\/pulls$/,
    handle: listCommitPullRequests,
  },
  {
    method: 'GET',
    pattern: /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/contents\/(?<path>.+)$/,
    handle: getContent,
  },
  {
    method: 'GET',
    pattern: /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/compare\/(?<base>[^/]+?)\.\.\.(?<head>[^/]+)$/,
    handle: compareCommits,
  },
  {
    method: 'GET',
    pattern: /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/tarball\/(?<ref>[^/]+)$/,
    handle: redirectToTarball,
  },
  {
    // codeload.github.com in GitHub's place: the link's token is the credential, not the API token.
    method: 'GET',
    pattern: /^\/codeload\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/legacy\.tar\.gz\/(?<sha>[0-9a-f]{40})$/,
    ownAuthentication: true,
    handle: downloadTarball,
  },
];

/**
 * A loopback stand-in for the parts of GitHub's REST API Slipway uses, with GitHub's response shapes,
 * its token check (and a GitHub App's JWT for installation tokens) and its rate-limit headers on every
 * answer.
 */
export async function startGitHubApiServer(options: GitHubApiServerOptions = {}): Promise<GitHubApiServer> {
  let lastId = 999;
  const state: GitHubState = {
    token: `ghp_${randomBytes(18).toString('hex')}`,
    installationTokens: new Set(),
    app: options.app
      ? {
          appId: options.app.appId,
          installationId: options.app.installationId,
          publicKey:
            typeof options.app.publicKey === 'string'
              ? createPublicKey(options.app.publicKey)
              : options.app.publicKey,
        }
      : null,
    deployments: new Map(),
    commitStatuses: [],
    checkRuns: [],
    repositories: new Map(),
    pullRequests: new Map(),
    archiveTokens: new Set(),
    nextId: () => (lastId += 1),
  };
  const resetAt = (): number => Math.floor(Date.now() / 1000) + 3600;
  const standIn = await startApiStandIn<GitHubState, GitHubRateLimit>({
    state,
    routes: [...(options.routes ?? []), ...gitHubRoutes],
    // GitHub Enterprise Server serves the same API under /api/v3.
    routePath: (path) => path.replace(/^\/api\/v3(?=\/)/, ''),
    authenticate: (headers) => {
      const credentials = /^(?:Bearer|token) (\S+)$/i.exec(headers.authorization ?? '')?.[1];
      if (credentials === state.token || (credentials && state.installationTokens.has(credentials)))
        return null;
      return gitHubError(401, 'Bad credentials');
    },
    headers: (used) => ({
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': String(QUOTA),
      'x-ratelimit-remaining': String(Math.max(QUOTA - used, 0)),
      'x-ratelimit-reset': String(resetAt()),
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
    }),
    rateLimited: (limit): ApiAnswer =>
      'retryAfterSeconds' in limit
        ? {
            ...gitHubError(
              403,
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
              `${DOCS}/overview/rate-limits-for-the-rest-api`,
            ),
            headers: { 'retry-after': String(limit.retryAfterSeconds) },
          }
        : {
            ...gitHubError(
              403,
              'API rate limit exceeded for user ID 4242.',
              `${DOCS}/overview/rate-limits-for-the-rest-api`,
            ),
            headers: {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + limit.resetInSeconds),
            },
          },
    refused: (status) => gitHubError(status, 'Not Found'),
    notFound: () => gitHubError(404, 'Not Found'),
    badJson: () => gitHubError(400, 'Problems parsing JSON'),
  });
  return { ...standIn, token: state.token, state };
}

function issueInstallationToken(request: ApiRequest<GitHubState>): ApiAnswer {
  const { app } = request.state;
  const jwt = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (app === null || jwt === undefined || !validAppJwt(jwt, app.appId, app.publicKey)) {
    return gitHubError(401, 'A JSON web token could not be decoded');
  }
  if (request.params.installationId !== app.installationId) return gitHubError(404, 'Not Found');
  const token = `ghs_${randomBytes(18).toString('hex')}`;
  request.state.installationTokens.add(token);
  return {
    status: 201,
    body: {
      token,
      expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions: { deployments: 'write', statuses: 'write', metadata: 'read' },
      repository_selection: 'all',
    },
  };
}

/** An RS256 JWT signed with the App's key, issued for the App (`iss`), and not expired. */
function validAppJwt(jwt: string, appId: string, publicKey: KeyObject): boolean {
  const [header, payload, signature] = jwt.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return false;
  try {
    const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
    if (alg !== 'RS256') return false;
    const signed = Buffer.from(`${header}.${payload}`);
    if (!verify('RSA-SHA256', signed, publicKey, Buffer.from(signature, 'base64url'))) return false;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      iss?: unknown;
      iat?: unknown;
      exp?: unknown;
    };
    const now = Math.floor(Date.now() / 1000);
    return (
      String(claims.iss) === appId &&
      typeof claims.iat === 'number' &&
      typeof claims.exp === 'number' &&
      claims.iat <= now + 60 &&
      claims.exp > now &&
      // GitHub refuses a JWT that lives longer than ten minutes.
      claims.exp - claims.iat <= 660
    );
  } catch {
    return false;
  }
}

function createDeployment(request: ApiRequest<GitHubState>): ApiAnswer {
  const { body, state, base } = request;
  if (typeof body.ref !== 'string' || body.ref === '') {
    return gitHubError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
  }
  const repository = repositoryOf(request);
  const id = state.nextId();
  const environment = typeof body.environment === 'string' ? body.environment : 'production';
  state.deployments.set(id, { id, repository, environment, states: [] });
  const now = new Date().toISOString();
  const repositoryUrl = `${base}/repos/${repository}`;
  return {
    status: 201,
    body: {
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
    },
  };
}

function createDeploymentStatus(request: ApiRequest<GitHubState>): ApiAnswer {
  const { body, state, base } = request;
  const repository = repositoryOf(request);
  const id = Number(request.params.id);
  const deployment = state.deployments.get(id);
  if (!deployment || deployment.repository !== repository) return gitHubError(404, 'Not Found');
  if (typeof body.state !== 'string' || !DEPLOYMENT_STATES.has(body.state)) {
    return gitHubError(422, 'Validation Failed');
  }
  deployment.states.push(body.state);
  const now = new Date().toISOString();
  const repositoryUrl = `${base}/repos/${repository}`;
  const statusId = state.nextId();
  return {
    status: 201,
    body: {
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
    },
  };
}

function createCommitStatus(request: ApiRequest<GitHubState>): ApiAnswer {
  const { body, state, base } = request;
  if (typeof body.state !== 'string' || !COMMIT_STATES.has(body.state)) {
    return gitHubError(422, 'Validation Failed');
  }
  const sha = request.params.sha ?? '';
  const context = typeof body.context === 'string' && body.context !== '' ? body.context : 'default';
  const description = typeof body.description === 'string' ? body.description : null;
  const targetUrl = typeof body.target_url === 'string' ? body.target_url : null;
  state.commitStatuses.push({
    repository: repositoryOf(request),
    sha,
    state: body.state,
    context,
    description,
    targetUrl,
  });
  const id = state.nextId();
  const now = new Date().toISOString();
  return {
    status: 201,
    body: {
      url: `${base}/repos/${repositoryOf(request)}/statuses/${sha}`,
      avatar_url: 'https://avatars.githubusercontent.com/u/4242?v=4',
      id,
      node_id: `SC_${id}`,
      state: body.state,
      description,
      target_url: targetUrl,
      context,
      created_at: now,
      updated_at: now,
      creator,
    },
  };
}

/**
 * Reports a check run for a commit as CI would (the latest run of a name replaces the earlier one, as
 * GitHub's `filter=latest` shows them); answers it with the page GitHub links to.
 */
export function setCheckRun(
  server: Pick<GitHubApiServer, 'state'>,
  run: Omit<GitHubCheckRunRecord, 'id' | 'conclusion' | 'detailsUrl'> &
    Partial<Pick<GitHubCheckRunRecord, 'conclusion' | 'detailsUrl'>>,
): GitHubCheckRunRecord & { htmlUrl: string } {
  const { checkRuns } = server.state;
  const known = (candidate: GitHubCheckRunRecord) =>
    candidate.repository === run.repository && candidate.sha === run.sha && candidate.name === run.name;
  const record: GitHubCheckRunRecord = {
    id: checkRuns.find(known)?.id ?? server.state.nextId(),
    conclusion: null,
    detailsUrl: null,
    ...run,
  };
  server.state.checkRuns = [...checkRuns.filter((candidate) => !known(candidate)), record];
  return { ...record, htmlUrl: checkRunPage(record) };
}

const checkRunPage = (run: GitHubCheckRunRecord): string =>
  `https://github.com/${run.repository}/runs/${run.id}`;

/** GitHub's pages: `per_page` (default 30, at most 100) and `page`, with a Link header to the next one. */
function paginate<T>(
  request: ApiRequest<GitHubState>,
  items: T[],
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Number(request.query.get('per_page') ?? 30) || 30, 100);
  const page = Math.max(Number(request.query.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (to: number) => {
    const query = new URLSearchParams(request.query);
    query.set('page', String(to));
    return `${request.base}${request.path}?${query.toString()}`;
  };
  const headers: Record<string, string> =
    page < last ? { link: `<${link(page + 1)}>; rel="next", <${link(last)}>; rel="last"` } : {};
  return { page: items.slice((page - 1) * perPage, page * perPage), headers };
}

function listCheckRuns(request: ApiRequest<GitHubState>): ApiAnswer {
  const repository = repositoryOf(request);
  const runs = request.state.checkRuns.filter(
    (run) => run.repository === repository && run.sha === request.params.ref,
  );
  const { page, headers } = paginate(request, runs);
  const app = { id: 1, slug: 'ci', name: 'CI', owner: creator };
  return {
    status: 200,
    headers,
    body: {
      total_count: runs.length,
      check_runs: page.map((run) => ({
        id: run.id,
        head_sha: run.sha,
        node_id: `CR_${run.id}`,
        external_id: '',
        url: `${request.base}/repos/${repository}/check-runs/${run.id}`,
        html_url: checkRunPage(run),
        details_url: run.detailsUrl,
        status: run.status,
        conclusion: run.conclusion,
        started_at: '2026-11-26T08:00:00Z',
        completed_at: run.status === 'completed' ? '2026-11-26T08:05:00Z' : null,
        output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: '' },
        name: run.name,
        check_suite: { id: 5 },
        app,
        pull_requests: [],
      })),
    },
  };
}

/** The latest status of each context, and their combination (failure, pending, or success). */
function combinedStatus(request: ApiRequest<GitHubState>): ApiAnswer {
  const repository = repositoryOf(request);
  const sha = request.params.ref ?? '';
  const latest = new Map<string, GitHubCommitStatusRecord>();
  for (const status of request.state.commitStatuses) {
    if (status.repository === repository && status.sha === sha) latest.set(status.context, status);
  }
  const statuses = [...latest.values()].reverse();
  const states = new Set(statuses.map((status) => status.state));
  const state =
    states.has('failure') || states.has('error')
      ? 'failure'
      : states.has('pending') || statuses.length === 0
        ? 'pending'
        : 'success';
  const { page } = paginate(request, statuses);
  return {
    status: 200,
    body: {
      state,
      statuses: page.map((status, index) => ({
        url: `${request.base}/repos/${repository}/statuses/${sha}`,
        avatar_url: 'https://avatars.githubusercontent.com/u/4242?v=4',
        id: index + 1,
        node_id: `SC_${index + 1}`,
        state: status.state,
        description: status.description,
        target_url: status.targetUrl,
        context: status.context,
        created_at: '2026-11-26T08:00:00Z',
        updated_at: '2026-11-26T08:00:00Z',
      })),
      sha,
      total_count: statuses.length,
      repository: { full_name: repository },
      commit_url: `${request.base}/repos/${repository}/commits/${sha}`,
      url: `${request.base}/repos/${repository}/commits/${sha}/status`,
    },
  };
}

/** The repository a route reads, served from git; GitHub's 404 when the test serves none by that name. */
function servedRepository(request: ApiRequest<GitHubState>): LocalGitRepository | null {
  return request.state.repositories.get(repositoryOf(request)) ?? null;
}

/** GitHub writes times in UTC, to the second. */
const gitHubTime = (date: string): string => new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A commit as GitHub's commit endpoints show it (without the files and stats of a single commit's). */
function gitHubCommit(request: ApiRequest<GitHubState>, commit: GitCommitFacts) {
  const repository = `${request.base}/repos/${repositoryOf(request)}`;
  const page = `https://github.com/${repositoryOf(request)}`;
  return {
    sha: commit.sha,
    node_id: `C_${Buffer.from(commit.sha).toString('base64url').slice(0, 20)}`,
    commit: {
      author: { ...commit.author, date: gitHubTime(commit.author.date) },
      committer: { ...commit.committer, date: gitHubTime(commit.committer.date) },
      message: commit.message,
      tree: { sha: commit.tree, url: `${repository}/git/trees/${commit.tree}` },
      url: `${repository}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    url: `${repository}/commits/${commit.sha}`,
    html_url: `${page}/commit/${commit.sha}`,
    comments_url: `${repository}/commits/${commit.sha}/comments`,
    author: null,
    committer: null,
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${repository}/commits/${sha}`,
      html_url: `${page}/commit/${sha}`,
    })),
  };
}

function getCommit(request: ApiRequest<GitHubState>): ApiAnswer {
  const repository = servedRepository(request);
  if (repository === null) return gitHubError(404, 'Not Found');
  const ref = request.params.ref ?? '';
  const commit = repository.commit(ref);
  if (commit === null) return gitHubError(422, `No commit found for SHA: ${ref}`);
  return {
    status: 200,
    body: { ...gitHubCommit(request, commit), stats: { total: 0, additions: 0, deletions: 0 }, files: [] },
  };
}

function listCommitPullRequests(request: ApiRequest<GitHubState>): ApiAnswer {
  const repository = servedRepository(request);
  if (repository === null) return gitHubError(404, 'Not Found');
  const sha = request.params.sha ?? '';
  if (repository.commit(sha) === null) return gitHubError(422, `No commit found for SHA: ${sha}`);
  const pulls = request.state.pullRequests.get(sha) ?? [];
  return {
    status: 200,
    body: pulls.map((pull) => ({
      url: `${request.base}/repos/${repositoryOf(request)}/pulls/${pull.number}`,
      id: 70_000 + pull.number,
      number: pull.number,
      state: pull.mergedAt === null ? 'open' : 'closed',
      title: pull.title,
      html_url: `https://github.com/${repositoryOf(request)}/pull/${pull.number}`,
      merged_at: pull.mergedAt,
      user: creator,
    })),
  };
}

/** A file's content (raw with the raw media type, else base64 in JSON), or a folder's listing. */
function getContent(request: ApiRequest<GitHubState>): ApiAnswer {
  const repository = servedRepository(request);
  if (repository === null) return gitHubError(404, 'Not Found');
  const ref = request.query.get('ref') ?? 'HEAD';
  const commit = repository.commit(ref);
  if (commit === null) return gitHubError(404, `No commit found for the ref ${ref}`);
  const path = request.params.path ?? '';
  const contentsUrl = (entry: string) => `${request.base}/repos/${repositoryOf(request)}/contents/${entry}`;
  const folder = repository.folder(commit.sha, path);
  if (folder !== null) {
    return {
      status: 200,
      body: folder.map((entry) => ({
        name: entry.name,
        path: `${path}/${entry.name}`,
        type: entry.type === 'tree' ? 'dir' : entry.type === 'commit' ? 'submodule' : 'file',
        url: contentsUrl(`${path}/${entry.name}`),
      })),
    };
  }
  const content = repository.file(commit.sha, path);
  if (content === null) return gitHubError(404, 'Not Found');
  const accepted = (request.headers.accept ?? '').split(',')[0]?.trim() ?? '';
  if (/\.raw(\+json)?$/.test(accepted)) {
    return { status: 200, body: content.toString('utf8') };
  }
  return {
    status: 200,
    body: {
      type: 'file',
      encoding: 'base64',
      size: content.length,
      name: path.split('/').pop(),
      path,
      content: content.toString('base64'),
      url: contentsUrl(path),
    },
  };
}

/** GitHub's comparison of base...head: ahead/behind/diverged/identical, and head's commits, oldest first. */
function compareCommits(request: ApiRequest<GitHubState>): ApiAnswer {
  const repository = servedRepository(request);
  if (repository === null) return gitHubError(404, 'Not Found');
  const base = repository.commit(request.params.base ?? '');
  const head = repository.commit(request.params.head ?? '');
  if (base === null || head === null) return gitHubError(404, 'Not Found');
  const mergeBase = repository.mergeBase(base.sha, head.sha);
  if (mergeBase === null) {
    return gitHubError(404, `No common ancestor between ${base.sha} and ${head.sha}.`);
  }
  const ahead = repository.commitsBetween(base.sha, head.sha);
  const behind = repository.commitsBetween(head.sha, base.sha).length;
  const status =
    ahead.length === 0 && behind === 0
      ? 'identical'
      : behind === 0
        ? 'ahead'
        : ahead.length === 0
          ? 'behind'
          : 'diverged';
  const { page, headers } = paginate(request, ahead);
  const repositoryUrl = `${request.base}/repos/${repositoryOf(request)}`;
  return {
    status: 200,
    headers,
    body: {
      url: `${repositoryUrl}/compare/${base.sha}...${head.sha}`,
      html_url: `https://github.com/${repositoryOf(request)}/compare/${base.sha}...${head.sha}`,
      base_commit: gitHubCommit(request, base),
      merge_base_commit: gitHubCommit(request, repository.commit(mergeBase)!),
      status,
      ahead_by: ahead.length,
      behind_by: behind,
      total_commits: ahead.length,
      commits: page.map((commit) => gitHubCommit(request, commit)),
      files: [],
    },
  };
}

/** As GitHub does: a redirect to a one-time link on its archive host. */
function redirectToTarball(request: ApiRequest<GitHubState>): ApiAnswer {
  const repository = servedRepository(request);
  if (repository === null) return gitHubError(404, 'Not Found');
  const commit = repository.commit(request.params.ref ?? '');
  if (commit === null) return gitHubError(404, 'Not Found');
  const token = randomBytes(12).toString('hex');
  request.state.archiveTokens.add(token);
  const location = `${request.base}/codeload/${repositoryOf(request)}/legacy.tar.gz/${commit.sha}?token=${token}`;
  return { status: 302, body: '', headers: { location } };
}

/** The tarball, its tree under one folder `owner-repo-<sha7>/` as GitHub's are. */
function downloadTarball(request: ApiRequest<GitHubState>): ApiAnswer {
  const token = request.query.get('token') ?? '';
  const repository = servedRepository(request);
  const sha = request.params.sha ?? '';
  if (!request.state.archiveTokens.has(token) || repository === null)
    return { status: 404, body: '404: Not Found' };
  const folder = `${request.params.owner ?? ''}-${request.params.repo ?? ''}-${sha.slice(0, 7)}`;
  return {
    status: 200,
    body: repository.archive(sha, folder),
    headers: {
      'content-type': 'application/x-gzip',
      'content-disposition': `attachment; filename=${folder}.tar.gz`,
    },
  };
}
