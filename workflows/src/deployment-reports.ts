import type { DeploymentStatus } from '@slipway/domain';
import type { DeploymentInput, DeploymentReportState } from '@slipway/temporal';
import { CancellationScope, patched } from '@temporalio/workflow';
import { deploymentReports } from './activity-proxies';

/**
 * How each way a deployment ends reads on GitHub. A deployment that ran and did not work is a
 * `failure` (rolled back or not); one whose rollback failed too leaves the environment in an unknown
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
    case 'WAITING_APPROVAL':
      return 'queued';
    case 'RUNNING':
    case 'ROLLING_BACK':
      return 'in_progress';
  }
}

/**
 * The deployment as its GitHub repository shows it. Reports are started without waiting (a step never
 * waits for GitHub), one after another in the order they were made, and are never cancelled; the
 * workflow waits for them all before it ends, whatever became of each.
 */
export class DeploymentReports {
  private readonly enabled: boolean;
  private last: Promise<void> = Promise.resolve();
  private readonly started: Array<Promise<void>> = [];

  constructor(private readonly input: DeploymentInput) {
    // Deployments started before reports existed replay without them.
    this.enabled = input.project.vcs?.provider === 'github' && patched('github-deployments');
  }

  report(sha: string, state: DeploymentReportState, description: string): void {
    if (!this.enabled) return;
    const previous = this.last;
    const report = CancellationScope.nonCancellable(async () => {
      await previous;
      await deploymentReports.reportDeployment({
        deploymentId: this.input.deploymentId,
        project: this.input.project,
        environment: this.input.environment,
        sha,
        state,
        description,
      });
    });
    this.last = report.catch(() => undefined);
    this.started.push(report);
  }

  /** Resolves once every report has been posted or given up on. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.started);
  }
}
