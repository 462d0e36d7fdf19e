import type { DeploymentReport, DeploymentReportState } from '@slipway/temporal';
import type { Logger } from '@slipway/service';
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import {
  GitHubRateLimitedError,
  GitHubRejectedError,
  type GitHubDeployments,
} from './github/github-deployments';

export interface DeploymentReporterOptions {
  dataSource: DataSource;
  /** Null without a GITHUB_TOKEN: nothing is reported to GitHub. */
  github: GitHubDeployments | null;
  /** Where people open a deployment: `${publicUrl}/deployments/<id>`. */
  publicUrl: string;
  logger: Logger;
}

/** A status is never posted after a later one: queued, then in_progress, then how it ended. */
const ORDER: Record<DeploymentReportState, number> = {
  queued: 0,
  in_progress: 1,
  success: 2,
  failure: 2,
  error: 2,
  inactive: 2,
};

interface ReportRow {
  provider_deployment_id: string | null;
  last_state: DeploymentReportState | null;
}

/**
 * The `reportDeployment` activity: one GitHub deployment per Slipway deployment, its id kept in
 * vcs_reports so a retry never creates a second, and each state posted once. Reports of one deployment
 * run one at a time (a session advisory lock), so an attempt that timed out cannot race its retry.
 */
export function deploymentReporter({
  dataSource,
  github,
  publicUrl,
  logger,
}: DeploymentReporterOptions): (report: DeploymentReport) => Promise<void> {
  return async (report) => {
    const repository = report.project.vcs?.provider === 'github' ? report.project.vcs.repository : null;
    if (github === null || repository === null) return;
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext('vcs_reports:' || $1))`, [report.deploymentId]);
      const rows = (await runner.query(
        `SELECT provider_deployment_id, last_state FROM vcs_reports WHERE deployment_id = $1`,
        [report.deploymentId],
      )) as ReportRow[];
      const row = rows[0];
      if (row?.last_state && ORDER[report.state] <= ORDER[row.last_state]) return;
      const record = (columns: { id?: string; state?: DeploymentReportState; error: string | null }) =>
        runner.query(
          `INSERT INTO vcs_reports (deployment_id, provider, provider_deployment_id, last_state, last_error)
             VALUES ($1, 'github', $2, $3, $4)
           ON CONFLICT (deployment_id) DO UPDATE SET
             provider_deployment_id = COALESCE(EXCLUDED.provider_deployment_id, vcs_reports.provider_deployment_id),
             last_state = COALESCE(EXCLUDED.last_state, vcs_reports.last_state),
             last_error = EXCLUDED.last_error,
             updated_at = now()`,
          [report.deploymentId, columns.id ?? null, columns.state ?? null, columns.error],
        );
      try {
        let githubDeploymentId = row?.provider_deployment_id ?? null;
        if (githubDeploymentId === null) {
          const created = await github.createDeployment({
            repository,
            sha: report.sha,
            environment: report.environment,
            deploymentId: report.deploymentId,
            description: report.description,
          });
          githubDeploymentId = String(created);
          // Stored before any status is posted: a retry after this point reuses the deployment.
          await record({ id: githubDeploymentId, error: null });
        }
        await github.postStatus({
          repository,
          githubDeploymentId: Number(githubDeploymentId),
          state: report.state,
          description: report.description,
          ...(report.environmentUrl === undefined ? {} : { environmentUrl: report.environmentUrl }),
          logUrl: `${publicUrl}/deployments/${report.deploymentId}`,
        });
        await record({ state: report.state, error: null });
      } catch (error) {
        throw await refusal(error, report, (message) => record({ error: message }), logger);
      }
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('vcs_reports:' || $1))`, [report.deploymentId]);
      await runner.release();
    }
  };
}

/** How a failed report is retried: after GitHub's wait, not at all when GitHub refused it, or as usual. */
async function refusal(
  error: unknown,
  report: DeploymentReport,
  record: (message: string) => Promise<unknown>,
  logger: Logger,
): Promise<unknown> {
  const context = { deploymentId: report.deploymentId, state: report.state };
  if (error instanceof GitHubRateLimitedError) {
    logger.warn({ ...context, retryAfterMs: error.retryAfterMs }, 'GitHub rate limit: the report waits');
    return ApplicationFailure.create({
      message: error.message,
      type: 'GitHubRateLimited',
      nextRetryDelay: error.retryAfterMs,
    });
  }
  if (error instanceof GitHubRejectedError) {
    logger.error(
      { ...context, status: error.status },
      `GitHub refused the deployment report: ${error.message}`,
    );
    await record(error.message);
    return ApplicationFailure.nonRetryable(error.message, 'GitHubRejected');
  }
  return error;
}
