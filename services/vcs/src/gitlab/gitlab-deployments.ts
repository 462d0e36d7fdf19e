import { callGitLab, HostRejectedError, type GitLabClient } from '@slipway/hosts';
import type { BuildReportState, DeploymentReportState } from '@slipway/temporal';
import {
  shortDescription,
  type CreatedHostDeployment,
  type DeploymentHost,
  type HostCommitStatus,
  type HostDeploymentStatus,
  type NewHostDeployment,
} from '../deployment-host';

type GitLabDeploymentStatus = 'running' | 'success' | 'failed' | 'canceled';

/**
 * Slipway's states in GitLab's words. GitLab has no queued deployment (the API creates none that has not
 * started), and a deployment that never changed the environment is `canceled`.
 */
const DEPLOYMENT_STATUS: Record<DeploymentReportState, GitLabDeploymentStatus | null> = {
  queued: null,
  in_progress: 'running',
  success: 'success',
  failure: 'failed',
  error: 'failed',
  inactive: 'canceled',
};

/** A build that started is `running` on GitLab (`pending` is a job waiting for a runner). */
const COMMIT_STATUS: Record<BuildReportState, 'running' | 'success' | 'failed'> = {
  pending: 'running',
  success: 'success',
  failure: 'failed',
};

/** GitLab Deployments (with the environment's external URL) and commit statuses of one project. */
export class GitLabDeployments implements DeploymentHost {
  constructor(
    private readonly gitlab: GitLabClient,
    /** Reads the clock for RateLimit-Reset (an epoch second). */
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Creates the deployment with its first status that GitLab has a word for. The environment's URL is set
   * by the success that follows, once the id is kept: a retry never creates a second deployment.
   */
  async createDeployment(
    deployment: NewHostDeployment,
    status: HostDeploymentStatus,
  ): Promise<CreatedHostDeployment | null> {
    const gitLabStatus = DEPLOYMENT_STATUS[status.state];
    if (gitLabStatus === null) return null;
    const { ref, tag } = refOf(deployment.ref);
    const created = await callGitLab(
      () =>
        this.gitlab.Deployments.create(
          deployment.repository,
          deployment.environment,
          deployment.sha,
          ref,
          tag,
          { status: gitLabStatus },
        ),
      this.now,
    );
    return { id: String(created.id), statusShown: true };
  }

  async postStatus(repository: string, id: string, status: HostDeploymentStatus): Promise<void> {
    const gitLabStatus = DEPLOYMENT_STATUS[status.state];
    if (gitLabStatus === null) return;
    const updated = await ignoringRepeat(gitLabStatus, () =>
      callGitLab(() => this.gitlab.Deployments.edit(repository, Number(id), gitLabStatus), this.now),
    );
    const url = status.environmentUrl;
    if (status.state !== 'success' || url === undefined) return;
    // GitLab keeps the URL on the environment: where its latest successful deployment is visited.
    const { environment } =
      updated ?? (await callGitLab(() => this.gitlab.Deployments.show(repository, Number(id)), this.now));
    if (environment.external_url === url) return;
    await callGitLab(
      () => this.gitlab.Environments.edit(repository, environment.id, { externalUrl: url }),
      this.now,
    );
  }

  /** GitLab shows an environment's newest successful deployment as what runs there: nothing to say. */
  retire(): Promise<void> {
    return Promise.resolve();
  }

  async postCommitStatus(status: HostCommitStatus): Promise<void> {
    const state = COMMIT_STATUS[status.state];
    await ignoringRepeat(state, () =>
      callGitLab(
        () =>
          this.gitlab.Commits.editStatus(status.repository, status.sha, state, {
            name: status.context,
            description: shortDescription(status.description),
            targetUrl: status.targetUrl,
          }),
        this.now,
      ),
    );
  }
}

/**
 * A retry of a change GitLab made already (the answer was lost): GitLab refuses to move a deployment or a
 * status into the state it is in ("Cannot transition status via :run from :running"). That is success.
 */
async function ignoringRepeat<T>(state: string, request: () => Promise<T>): Promise<T | null> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof HostRejectedError && /from :(\w+)/.exec(error.message)?.[1] === state) return null;
    throw error;
  }
}

/** GitLab wants the branch or tag name, and whether it is a tag. */
function refOf(ref: string): { ref: string; tag: boolean } {
  if (ref.startsWith('refs/tags/')) return { ref: ref.slice('refs/tags/'.length), tag: true };
  return { ref: ref.replace(/^refs\/heads\//, ''), tag: false };
}
