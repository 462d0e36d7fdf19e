import type { DeploymentStatus } from '@slipway/domain';
import type {
  BuildReportState,
  BuildResult,
  DeploymentInput,
  DeploymentReportState,
} from '@slipway/temporal';
import { CancellationScope, patched } from '@temporalio/workflow';
import { deploymentReports } from './activity-proxies';

/**
 * How each way a deployment ends reads on the repository host (in GitHub's words). A deployment that
 * ran and did not work is a `failure` (rolled back or not); one whose rollback failed too leaves the environment in an unknown
 * state, an `error`. One that never changed the environment (superseded, cancelled, rejected, expired,
 * blocked by a freeze) is `inactive`: nothing went wrong with the commit, and it is not what runs there.
 */
export function reportStateOf(status: DeploymentStatus): DeploymentReportState {
  switch (status) {
    case 'SUCCEEDED':
      return 'success';
    case 'FAILED':
    case 'ROLLED_BACK':
      return 'failure';
    case 'ROLLBACK_FAILED':
      return 'error';
    case 'CANCELLED':
    case 'REJECTED':
    case 'EXPIRED':
    case 'SUPERSEDED':
    case 'BLOCKED':
      return 'inactive';
    case 'QUEUED':
    case 'WAITING_CI':
    case 'WAITING_APPROVAL':
      return 'queued';
    case 'RUNNING':
    case 'ROLLING_BACK':
      return 'in_progress';
  }
}

/**
 * The deployment as its connected GitHub or GitLab repository shows it, and the build as a commit
 * status. Reports are started without waiting (a step never waits for the host), one after another in
 * the order they were made, and are never cancelled; the workflow waits for them all before it ends,
 * whatever became of each.
 */
export class DeploymentReports {
  private readonly enabled: boolean;
  private environmentUrl: string | undefined;
  private last: Promise<void> = Promise.resolve();
  private readonly started: Array<Promise<void>> = [];

  constructor(private readonly input: DeploymentInput) {
    // Deployments started before reports (to GitHub, then to GitLab) existed replay without them.
    const provider = input.project.vcs?.provider;
    this.enabled =
      (provider === 'github' && patched('github-deployments')) ||
      (provider === 'gitlab' && patched('gitlab-deployments'));
  }

  /** Where the environment can be visited (the spec's `url`), sent with every later report. */
  visitAt(url: string | undefined): void {
    this.environmentUrl = url;
  }

  report(sha: string, state: DeploymentReportState, description: string): void {
    if (!this.enabled) return;
    const { deploymentId, project, environment, ref } = this.input;
    const environmentUrl = this.environmentUrl;
    this.enqueue(() =>
      deploymentReports.reportDeployment({
        deploymentId,
        project,
        environment,
        sha,
        ref,
        state,
        description,
        ...(environmentUrl === undefined ? {} : { environmentUrl }),
      }),
    );
  }

  /**
   * Runs the build, shown on the commit as `slipway/build`: pending while it runs, then success or
   * failure. (When the artifact turns out to be built before, the pending status is closed as success.)
   */
  async build(sha: string, run: () => Promise<BuildResult>): Promise<BuildResult> {
    // Deployments started before build statuses existed replay without them.
    if (!this.enabled || !patched('commit-statuses')) return run();
    const post = (state: BuildReportState, description: string) => {
      const { deploymentId, project } = this.input;
      this.enqueue(() => deploymentReports.reportBuild({ deploymentId, project, sha, state, description }));
    };
    post('pending', 'Building');
    try {
      const result = await run();
      const digest = `sha256:${result.artifact.digest.slice(0, 12)}`;
      post('success', result.built ? `Built ${digest}` : `Built before: ${digest} reused`);
      return result;
    } catch (error) {
      post('failure', 'The build failed: the deployment page shows why');
      throw error;
    }
  }

  private enqueue(send: () => Promise<void>): void {
    const previous = this.last;
    const report = CancellationScope.nonCancellable(async () => {
      await previous;
      await send();
    });
    this.last = report.catch(() => undefined);
    this.started.push(report);
  }

  /** Resolves once every report has been posted or given up on. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.started);
  }
}
