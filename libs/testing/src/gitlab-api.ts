import { randomBytes } from 'node:crypto';
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

/** One call the stand-in received, for assertions on exactly what a client told GitLab. */
export type GitLabApiCall = ApiCall;

/** A 429 with Retry-After, or (as some proxies in front of GitLab answer) with RateLimit-Reset only. */
export type GitLabRateLimit = { retryAfterSeconds: number } | { resetInSeconds: number };

export interface GitLabProjectRecord {
  id: number;
  /** group/name, as in URLs (`group%2Fname` in API paths). */
  path: string;
}

export interface GitLabEnvironmentRecord {
  id: number;
  projectId: number;
  name: string;
  externalUrl: string | null;
}

export interface GitLabDeploymentRecord {
  id: number;
  iid: number;
  projectId: number;
  environmentId: number;
  ref: string;
  sha: string;
  tag: boolean;
  /** Every status it had, oldest first. */
  statuses: string[];
  createdAt: string;
  updatedAt: string;
}

export interface GitLabCommitStatusRecord {
  id: number;
  projectId: number;
  sha: string;
  name: string;
  status: string;
  ref: string | null;
  description: string | null;
  targetUrl: string | null;
  createdAt: string;
}

/** A CI pipeline of a commit and its jobs; set from tests with setPipeline. */
export interface GitLabPipelineRecord {
  id: number;
  iid: number;
  projectId: number;
  sha: string;
  ref: string;
  status: string;
  jobs: GitLabJobRecord[];
}

export interface GitLabJobRecord {
  id: number;
  name: string;
  stage: string;
  status: string;
  allowFailure: boolean;
}

export interface GitLabState {
  token: string;
  projects: Map<number, GitLabProjectRecord>;
  environments: Map<number, GitLabEnvironmentRecord>;
  deployments: Map<number, GitLabDeploymentRecord>;
  commitStatuses: GitLabCommitStatusRecord[];
  pipelines: Map<number, GitLabPipelineRecord>;
  /** Projects served from real git repositories made in the test: group/name → the repository. */
  repositories: Map<string, LocalGitRepository>;
  /** The merge requests GitLab associates with a commit, by sha. */
  mergeRequests: Map<string, GitLabMergeRequestRecord[]>;
  nextId(): number;
}

export interface GitLabMergeRequestRecord {
  iid: number;
  title: string;
  state: 'opened' | 'closed' | 'merged';
}

export interface GitLabApiServer extends ApiStandIn<GitLabRateLimit> {
  /** Works as GITLAB_API_URL (ends in /api/v4). */
  url: string;
  /** The token a client must send (`PRIVATE-TOKEN: …` or `Authorization: Bearer …`). */
  token: string;
  /** What the routes hold; tests may read and seed it. */
  state: GitLabState;
  /** Makes a project the token can see; answers its id. Unknown projects are 404, as on GitLab. */
  addProject(path: string): number;
  /**
   * The next request is answered 429 (Retry-After or RateLimit-Reset), once; with `after`, that many are
   * answered first; with `only`, other requests are not counted.
   */
  rateLimitNext(limit: GitLabRateLimit, after?: number, only?: ApiRequestFilter): void;
}

export interface GitLabApiServerOptions {
  /** Routes served before the built-in ones (see gitLabRoutes). */
  routes?: readonly ApiRoute<GitLabState>[];
}

const QUOTA = 2000;
const DEPLOYMENT_STATUSES = new Set(['created', 'running', 'success', 'failed', 'canceled']);
const FINISHED = new Set(['success', 'failed', 'canceled', 'skipped']);
const COMMIT_STATUSES = new Set(['pending', 'running', 'success', 'failed', 'canceled', 'skipped']);
/** The state-machine event that moves a deployment or a commit status into each state. */
const EVENT: Record<string, string> = {
  pending: 'enqueue',
  running: 'run',
  success: 'succeed',
  failed: 'drop',
  canceled: 'cancel',
  skipped: 'skip',
};

/** GitLab's answer to a move its state machine does not allow. */
function cannotTransition(to: string, from: string): ApiAnswer {
  const event = EVENT[to] ?? to;
  return gitLabError(
    400,
    `Cannot transition status via :${event} from :${from} (Reason(s): Status cannot transition via "${event}")`,
  );
}
const user = {
  id: 4242,
  username: 'slipway-bot',
  name: 'Slipway',
  state: 'active',
  locked: false,
  avatar_url: 'https://gitlab.example.com/uploads/-/system/user/avatar/4242/avatar.png',
  web_url: 'https://gitlab.example.com/slipway-bot',
};

/** GitLab's error bodies: `{"message": "404 Project Not Found"}`, or `{"error": "…"}` for bad parameters. */
export function gitLabError(status: number, message: string): ApiAnswer {
  return { status, body: { message } };
}

function badParameter(problem: string): ApiAnswer {
  return { status: 400, body: { error: problem } };
}

/** The project a path's `:id` names (its id, or its URL-encoded path), or GitLab's 404. */
export function projectOf(request: ApiRequest<GitLabState>): GitLabProjectRecord | ApiAnswer {
  const reference = request.params.project ?? '';
  const projects = [...request.state.projects.values()];
  const project = /^\d+$/.test(reference)
    ? request.state.projects.get(Number(reference))
    : projects.find((candidate) => candidate.path === reference);
  return project ?? gitLabError(404, '404 Project Not Found');
}

const isAnswer = (value: GitLabProjectRecord | ApiAnswer): value is ApiAnswer => 'status' in value;

/**
 * The endpoints the stand-in serves, with GitLab's response shapes. To serve another, add an entry here
 * (or pass `routes` to startGitLabApiServer for one test file). `(?<project>[^/]+)` and projectOf() find
 * the project by id or URL-encoded path.
 */
export const gitLabRoutes: readonly ApiRoute<GitLabState>[] = [
  { method: 'POST', pattern: /^\/projects\/(?<project>[^/]+)\/deployments$/, handle: createDeployment },
  {
    method: 'GET',
    pattern: /^\/projects\/(?<project>[^/]+)\/deployments\/(?<id>\d+)$/,
    handle: showDeployment,
  },
  {
    method: 'PUT',
    pattern: /^\/projects\/(?<project>[^/]+)\/deployments\/(?<id>\d+)$/,
    handle: updateDeployment,
  },
  {
    method: 'PUT',
    pattern: /^\/projects\/(?<project>[^/]+)\/environments\/(?<id>\d+)$/,
    handle: updateEnvironment,
  },
  {
    method: 'POST',
    pattern: /^\/projects\/(?<project>[^/]+)\/statuses\/(?<sha>[0-9a-f]{40})$/,
    handle: createCommitStatus,
  },
  { method: 'GET', pattern: /^\/projects\/(?<project>[^/]+)\/pipelines$/, handle: listPipelines },
  {
    method: 'GET',
    pattern: /^\/projects\/(?<project>[^/]+)\/pipelines\/(?<id>\d+)\/jobs$/,
    handle: listPipelineJobs,
  },
  {
    method: 'GET',
    pattern: /^\/projects\/(?<project>[^/]+)\/repository\/commits\/(?<ref>[^/]+)$/,
    handle: showCommit,
  },
  {
    method: 'GET',
    pattern: /^\/projects\/(?<project>[^/]+)\/repository\/commits\/(?<sha>[^/]+)\/merge_requests$/,
    handle: listCommitMergeRequests,
  },
  {
    method: 'GET',
    pattern: /^\/projects\/(?<project>[^/]+)\/repository\/files\/(?<path>[^/]+)\/raw$/,
    handle: rawFile,
  },
  { method: 'GET', pattern: /^\/projects\/(?<project>[^/]+)\/repository\/compare$/, handle: compare },
  { method: 'GET', pattern: /^\/projects\/(?<project>[^/]+)\/repository\/merge_base$/, handle: mergeBase },
  {
    method: 'GET',
    pattern: /^\/projects\/(?<project>[^/]+)\/repository\/archive\.tar\.gz$/,
    handle: archive,
  },
];

/**
 * A loopback stand-in for the parts of GitLab's REST API v4 Slipway uses, with GitLab's response and
 * error shapes, its token check and its RateLimit-* headers on every answer.
 */
export async function startGitLabApiServer(options: GitLabApiServerOptions = {}): Promise<GitLabApiServer> {
  let lastId = 99;
  const state: GitLabState = {
    token: `glpat-${randomBytes(12).toString('hex')}`,
    projects: new Map(),
    environments: new Map(),
    deployments: new Map(),
    commitStatuses: [],
    pipelines: new Map(),
    repositories: new Map(),
    mergeRequests: new Map(),
    nextId: () => (lastId += 1),
  };
  const resetAt = (): number => Math.floor(Date.now() / 1000) + 60;
  const rateLimitHeaders = (used: number, remaining: number): Record<string, string> => ({
    'ratelimit-limit': String(QUOTA),
    'ratelimit-observed': String(used),
    'ratelimit-remaining': String(remaining),
    'ratelimit-reset': String(resetAt()),
    'ratelimit-resettime': new Date(resetAt() * 1000).toUTCString(),
  });
  const standIn = await startApiStandIn<GitLabState, GitLabRateLimit>({
    state,
    routes: [...(options.routes ?? []), ...gitLabRoutes],
    routePath: (path) => path.replace(/^\/api\/v4(?=\/)/, ''),
    authenticate: (headers) => {
      const bearer = /^Bearer (\S+)$/i.exec(headers.authorization ?? '')?.[1];
      const privateToken = headers['private-token'];
      if (bearer === state.token || privateToken === state.token) return null;
      return gitLabError(401, '401 Unauthorized');
    },
    headers: (used) => rateLimitHeaders(used, Math.max(QUOTA - used, 0)),
    // GitLab's throttle (Rack::Attack) answers in plain text.
    rateLimited: (limit): ApiAnswer => ({
      status: 429,
      body: 'Retry later\n',
      headers:
        'retryAfterSeconds' in limit
          ? { 'retry-after': String(limit.retryAfterSeconds), 'ratelimit-remaining': '0' }
          : {
              'ratelimit-remaining': '0',
              'ratelimit-reset': String(Math.floor(Date.now() / 1000) + limit.resetInSeconds),
            },
    }),
    refused: (status) =>
      gitLabError(status, status === 404 ? '404 Project Not Found' : `${status} Forbidden`),
    notFound: () => ({ status: 404, body: { error: '404 Not Found' } }),
    badJson: () => badParameter('The provided content-type is not supported, or the body is not valid JSON'),
  });
  return {
    ...standIn,
    url: `${standIn.url}/api/v4`,
    token: state.token,
    state,
    addProject: (path) => {
      const id = state.nextId();
      state.projects.set(id, { id, path });
      return id;
    },
  };
}

function environmentBody(environment: GitLabEnvironmentRecord, base: string, project: GitLabProjectRecord) {
  return {
    id: environment.id,
    name: environment.name,
    slug: environment.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    external_url: environment.externalUrl,
    state: 'available',
    tier: environment.name === 'production' ? 'production' : 'other',
    web_url: `${base}/${project.path}/-/environments/${environment.id}`,
  };
}

function deploymentBody(deployment: GitLabDeploymentRecord, request: ApiRequest<GitLabState>) {
  const environment = request.state.environments.get(deployment.environmentId);
  return {
    id: deployment.id,
    iid: deployment.iid,
    ref: deployment.ref,
    sha: deployment.sha,
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    status: deployment.statuses.at(-1),
    user,
    environment: environment && {
      id: environment.id,
      name: environment.name,
      external_url: environment.externalUrl,
    },
    deployable: null,
  };
}

function createDeployment(request: ApiRequest<GitLabState>): ApiAnswer {
  const project = projectOf(request);
  if (isAnswer(project)) return project;
  const { body, state } = request;
  for (const name of ['environment', 'sha', 'ref'] as const) {
    if (typeof body[name] !== 'string' || body[name] === '') return badParameter(`${name} is missing`);
  }
  if (typeof body.tag !== 'boolean') return badParameter('tag is missing');
  const status = body.status;
  if (status === undefined) return badParameter('status is missing');
  if (typeof status !== 'string' || !DEPLOYMENT_STATUSES.has(status) || status === 'created') {
    return badParameter('status does not have a valid value');
  }
  const environmentName = body.environment as string;
  let environment = [...state.environments.values()].find(
    (candidate) => candidate.projectId === project.id && candidate.name === environmentName,
  );
  if (!environment) {
    environment = { id: state.nextId(), projectId: project.id, name: environmentName, externalUrl: null };
    state.environments.set(environment.id, environment);
  }
  const now = new Date().toISOString();
  const deployment: GitLabDeploymentRecord = {
    id: state.nextId(),
    iid: [...state.deployments.values()].filter((candidate) => candidate.projectId === project.id).length + 1,
    projectId: project.id,
    environmentId: environment.id,
    ref: body.ref as string,
    sha: body.sha as string,
    tag: body.tag,
    statuses: [status],
    createdAt: now,
    updatedAt: now,
  };
  state.deployments.set(deployment.id, deployment);
  return { status: 201, body: deploymentBody(deployment, request) };
}

function showDeployment(request: ApiRequest<GitLabState>): ApiAnswer {
  const project = projectOf(request);
  if (isAnswer(project)) return project;
  const deployment = request.state.deployments.get(Number(request.params.id));
  if (!deployment || deployment.projectId !== project.id) return gitLabError(404, '404 Not Found');
  return { status: 200, body: deploymentBody(deployment, request) };
}

function updateDeployment(request: ApiRequest<GitLabState>): ApiAnswer {
  const project = projectOf(request);
  if (isAnswer(project)) return project;
  const deployment = request.state.deployments.get(Number(request.params.id));
  if (!deployment || deployment.projectId !== project.id) return gitLabError(404, '404 Not Found');
  const status = request.body.status;
  if (typeof status !== 'string' || !DEPLOYMENT_STATUSES.has(status) || status === 'created') {
    return badParameter('status does not have a valid value');
  }
  const current = deployment.statuses.at(-1) ?? 'created';
  if (current === status || FINISHED.has(current)) return cannotTransition(status, current);
  deployment.statuses.push(status);
  deployment.updatedAt = new Date().toISOString();
  return { status: 200, body: deploymentBody(deployment, request) };
}

function updateEnvironment(request: ApiRequest<GitLabState>): ApiAnswer {
  const project = projectOf(request);
  if (isAnswer(project)) return project;
  const environment = request.state.environments.get(Number(request.params.id));
  if (!environment || environment.projectId !== project.id)
    return gitLabError(404, '404 Environment Not Found');
  const externalUrl = request.body.external_url;
  if (externalUrl !== undefined) {
    if (typeof externalUrl !== 'string' || !/^https?:\/\//.test(externalUrl)) {
      return gitLabError(
        400,
        JSON.stringify({ external_url: ['is blocked: Only allowed schemes are http, https'] }),
      );
    }
    environment.externalUrl = externalUrl;
  }
  return { status: 200, body: environmentBody(environment, request.base, project) };
}

function createCommitStatus(request: ApiRequest<GitLabState>): ApiAnswer {
  const project = projectOf(request);
  if (isAnswer(project)) return project;
  const { body, state } = request;
  const status = body.state;
  if (typeof status !== 'string' || !COMMIT_STATUSES.has(status)) {
    return badParameter('state does not have a valid value');
  }
  const sha = request.params.sha ?? '';
  const name =
    typeof body.name === 'string' ? body.name : typeof body.context === 'string' ? body.context : 'default';
  const ref = typeof body.ref === 'string' ? body.ref : null;
  const previous = state.commitStatuses.findLast(
    (candidate) => candidate.projectId === project.id && candidate.sha === sha && candidate.name === name,
  );
  // GitLab moves an unfinished status along its state machine; it cannot enter the state it is in.
  if (previous && !FINISHED.has(previous.status) && previous.status === status) {
    return cannotTransition(status, previous.status);
  }
  const record: GitLabCommitStatusRecord = {
    id: previous && !FINISHED.has(previous.status) ? previous.id : state.nextId(),
    projectId: project.id,
    sha,
    name,
    status,
    ref,
    description: typeof body.description === 'string' ? body.description : null,
    targetUrl: typeof body.target_url === 'string' ? body.target_url : null,
    createdAt: previous && !FINISHED.has(previous.status) ? previous.createdAt : new Date().toISOString(),
  };
  state.commitStatuses.push(record);
  const finished = FINISHED.has(status);
  return {
    status: 201,
    body: {
      id: record.id,
      sha,
      ref,
      status,
      name,
      target_url: record.targetUrl,
      description: record.description,
      created_at: record.createdAt,
      started_at: status === 'pending' ? null : record.createdAt,
      finished_at: finished ? new Date().toISOString() : null,
      allow_failure: false,
      coverage: null,
      pipeline_id: 1,
      author: user,
    },
  };
}

/**
 * Runs (or re-runs) CI for a commit: a new pipeline with these jobs, or the given one changed. Answers it
 * with the pages GitLab links to.
 */
export function setPipeline(
  server: Pick<GitLabApiServer, 'state' | 'url'>,
  pipeline: {
    project: string;
    sha: string;
    ref?: string;
    status: string;
    jobs: Array<{ name: string; status: string; stage?: string; allowFailure?: boolean }>;
    /** Changes this pipeline instead of starting a new one. */
    id?: number;
  },
): { id: number; webUrl: string; jobs: Array<{ name: string; webUrl: string }> } {
  const { state } = server;
  const project = [...state.projects.values()].find((candidate) => candidate.path === pipeline.project);
  if (!project)
    throw new Error(`the GitLab stand-in has no project ${pipeline.project}: addProject it first`);
  const existing = pipeline.id === undefined ? undefined : state.pipelines.get(pipeline.id);
  const id = existing?.id ?? state.nextId();
  const record: GitLabPipelineRecord = {
    id,
    iid: existing?.iid ?? [...state.pipelines.values()].filter((p) => p.projectId === project.id).length + 1,
    projectId: project.id,
    sha: pipeline.sha,
    ref: pipeline.ref ?? 'main',
    status: pipeline.status,
    jobs: pipeline.jobs.map((job) => ({
      id: existing?.jobs.find((known) => known.name === job.name)?.id ?? state.nextId(),
      name: job.name,
      stage: job.stage ?? 'test',
      status: job.status,
      allowFailure: job.allowFailure ?? false,
    })),
  };
  state.pipelines.set(id, record);
  const web = webOf(server.url, project);
  return {
    id,
    webUrl: `${web}/-/pipelines/${id}`,
    jobs: record.jobs.map((job) => ({ name: job.name, webUrl: `${web}/-/jobs/${job.id}` })),
  };
}

/** The project's pages, where GitLab serves its API under /api/v4. */
const webOf = (apiOrBase: string, project: GitLabProjectRecord): string =>
  `${apiOrBase.replace(/\/api\/v4$/, '')}/${project.path}`;

function pipelineBody(
  pipeline: GitLabPipelineRecord,
  request: ApiRequest<GitLabState>,
  project: GitLabProjectRecord,
) {
  return {
    id: pipeline.id,
    iid: pipeline.iid,
    project_id: pipeline.projectId,
    sha: pipeline.sha,
    ref: pipeline.ref,
    status: pipeline.status,
    source: 'push',
    created_at: '2026-11-26T08:00:00.000Z',
    updated_at: '2026-11-26T08:05:00.000Z',
    web_url: `${webOf(request.base, project)}/-/pipelines/${pipeline.id}`,
  };
}

/** GitLab's offset pages: `per_page` (default 20, at most 100) and `page`, with Link and X-Next-Page. */
function page<T>(
  request: ApiRequest<GitLabState>,
  items: T[],
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Number(request.query.get('per_page') ?? 20) || 20, 100);
  const current = Math.max(Number(request.query.get('page') ?? 1) || 1, 1);
  const pages = Math.max(Math.ceil(items.length / perPage), 1);
  const next = new URLSearchParams(request.query);
  next.set('page', String(current + 1));
  return {
    items: items.slice((current - 1) * perPage, current * perPage),
    headers: {
      ...(current < pages
        ? { link: `<${request.base}/api/v4${request.path}?${next.toString()}>; rel="next"` }
        : {}),
      'x-page': String(current),
      'x-per-page': String(perPage),
      'x-next-page': current < pages ? String(current + 1) : '',
      'x-total': String(items.length),
      'x-total-pages': String(pages),
    },
  };
}

function listPipelines(request: ApiRequest<GitLabState>): ApiAnswer {
  const project = projectOf(request);
  if (isAnswer(project)) return project;
  const sha = request.query.get('sha');
  const descending = (request.query.get('sort') ?? 'desc') === 'desc';
  const pipelines = [...request.state.pipelines.values()]
    .filter((pipeline) => pipeline.projectId === project.id && (sha === null || pipeline.sha === sha))
    .sort((a, b) => (descending ? b.id - a.id : a.id - b.id));
  const { items, headers } = page(request, pipelines);
  return { status: 200, headers, body: items.map((pipeline) => pipelineBody(pipeline, request, project)) };
}

function listPipelineJobs(request: ApiRequest<GitLabState>): ApiAnswer {
  const project = projectOf(request);
  if (isAnswer(project)) return project;
  const pipeline = request.state.pipelines.get(Number(request.params.id));
  if (!pipeline || pipeline.projectId !== project.id) return gitLabError(404, '404 Not found');
  const scopes = request.query.getAll('scope[]');
  const jobs = pipeline.jobs.filter((job) => scopes.length === 0 || scopes.includes(job.status));
  const { items, headers } = page(request, jobs);
  const web = webOf(request.base, project);
  return {
    status: 200,
    headers,
    body: items.map((job) => ({
      id: job.id,
      name: job.name,
      stage: job.stage,
      status: job.status,
      ref: pipeline.ref,
      tag: false,
      allow_failure: job.allowFailure,
      coverage: null,
      created_at: '2026-11-26T08:00:00.000Z',
      started_at: job.status === 'created' || job.status === 'pending' ? null : '2026-11-26T08:01:00.000Z',
      finished_at: FINISHED.has(job.status) ? '2026-11-26T08:04:00.000Z' : null,
      duration: FINISHED.has(job.status) ? 180 : null,
      failure_reason: job.status === 'failed' ? 'script_failure' : undefined,
      user,
      commit: { id: pipeline.sha, short_id: pipeline.sha.slice(0, 8) },
      pipeline: pipelineBody(pipeline, request, project),
      web_url: `${web}/-/jobs/${job.id}`,
      artifacts: [],
      runner: null,
    })),
  };
}

/** The project a route reads and the git repository serving it; GitLab's 404 when there is neither. */
function servedProject(
  request: ApiRequest<GitLabState>,
): { project: GitLabProjectRecord; repository: LocalGitRepository } | ApiAnswer {
  const project = projectOf(request);
  if (isAnswer(project)) return project;
  const repository = request.state.repositories.get(project.path);
  return repository ? { project, repository } : gitLabError(404, '404 Project Not Found');
}

/** A commit as GitLab's repository endpoints show it. */
function gitLabCommit(
  request: ApiRequest<GitLabState>,
  project: GitLabProjectRecord,
  commit: GitCommitFacts,
) {
  return {
    id: commit.sha,
    short_id: commit.sha.slice(0, 8),
    created_at: commit.committer.date,
    parent_ids: commit.parents,
    title: commit.message.split('\n', 1)[0] ?? '',
    message: commit.message,
    author_name: commit.author.name,
    author_email: commit.author.email,
    authored_date: commit.author.date,
    committer_name: commit.committer.name,
    committer_email: commit.committer.email,
    committed_date: commit.committer.date,
    trailers: {},
    extended_trailers: {},
    web_url: `${request.base}/${project.path}/-/commit/${commit.sha}`,
  };
}

function showCommit(request: ApiRequest<GitLabState>): ApiAnswer {
  const served = servedProject(request);
  if ('status' in served) return served;
  const commit = served.repository.commit(request.params.ref ?? '');
  if (commit === null) return gitLabError(404, '404 Commit Not Found');
  return {
    status: 200,
    body: {
      ...gitLabCommit(request, served.project, commit),
      stats: { additions: 0, deletions: 0, total: 0 },
      status: null,
      project_id: served.project.id,
      last_pipeline: null,
    },
  };
}

function listCommitMergeRequests(request: ApiRequest<GitLabState>): ApiAnswer {
  const served = servedProject(request);
  if ('status' in served) return served;
  const sha = request.params.sha ?? '';
  if (served.repository.commit(sha) === null) return gitLabError(404, '404 Commit Not Found');
  const { project } = served;
  return {
    status: 200,
    body: (request.state.mergeRequests.get(sha) ?? []).map((mergeRequest) => ({
      id: 50_000 + mergeRequest.iid,
      iid: mergeRequest.iid,
      project_id: project.id,
      title: mergeRequest.title,
      state: mergeRequest.state,
      merged_at: mergeRequest.state === 'merged' ? new Date().toISOString() : null,
      web_url: `${request.base}/${project.path}/-/merge_requests/${mergeRequest.iid}`,
      author: user,
    })),
  };
}

function rawFile(request: ApiRequest<GitLabState>): ApiAnswer {
  const served = servedProject(request);
  if ('status' in served) return served;
  const commit = served.repository.commit(request.query.get('ref') ?? 'HEAD');
  const content = commit && served.repository.file(commit.sha, request.params.path ?? '');
  if (!content) return gitLabError(404, '404 File Not Found');
  return { status: 200, body: content.toString('utf8') };
}

/** from...to by default (`straight=true`: from..to): to's commits, oldest first, with no diffs here. */
function compare(request: ApiRequest<GitLabState>): ApiAnswer {
  const served = servedProject(request);
  if ('status' in served) return served;
  const { repository, project } = served;
  const from = repository.commit(request.query.get('from') ?? '');
  const to = repository.commit(request.query.get('to') ?? '');
  if (from === null || to === null) return gitLabError(404, '404 Ref Not Found');
  const base = request.query.get('straight') === 'true' ? from.sha : repository.mergeBase(from.sha, to.sha);
  const commits = base === null ? [] : repository.commitsBetween(base, to.sha);
  return {
    status: 200,
    body: {
      commit: commits.length === 0 ? null : gitLabCommit(request, project, commits[commits.length - 1]!),
      commits: commits.map((commit) => gitLabCommit(request, project, commit)),
      diffs: [],
      compare_timeout: false,
      compare_same_ref: from.sha === to.sha,
      web_url: `${request.base}/${project.path}/-/compare/${from.sha}...${to.sha}`,
    },
  };
}

function mergeBase(request: ApiRequest<GitLabState>): ApiAnswer {
  const served = servedProject(request);
  if ('status' in served) return served;
  const refs = [...request.query.getAll('refs[]'), ...request.query.getAll('refs')];
  if (refs.length < 2) return badParameter('Provide at least 2 refs');
  const unknown = refs.filter((ref) => served.repository.commit(ref) === null);
  if (unknown.length > 0) {
    return gitLabError(400, `Could not find ref${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  }
  const shas = refs.map((ref) => served.repository.commit(ref)!.sha);
  let base: string | null = shas[0]!;
  for (const sha of shas.slice(1)) base = base === null ? null : served.repository.mergeBase(base, sha);
  if (base === null) return gitLabError(404, '404 Merge Base Not Found');
  return { status: 200, body: gitLabCommit(request, served.project, served.repository.commit(base)!) };
}

/** The tree as a tarball under one folder `<project>-<sha>-<sha>/`, as GitLab names it. */
function archive(request: ApiRequest<GitLabState>): ApiAnswer {
  const served = servedProject(request);
  if ('status' in served) return served;
  const ref = request.query.get('sha') ?? 'HEAD';
  const commit = served.repository.commit(ref);
  if (commit === null) return gitLabError(404, '404 File Not Found');
  const folder = `${served.project.path.split('/').pop() ?? ''}-${ref}-${commit.sha}`;
  return {
    status: 200,
    body: served.repository.archive(commit.sha, folder),
    headers: {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${folder}.tar.gz"`,
    },
  };
}
