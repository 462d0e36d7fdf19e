import { hostFailure, HostRateLimitedError, HostRejectedError } from '@slipway/hosts';
import type { Logger } from '@slipway/service';
import type {
  BuildReport,
  DeploymentReport,
  DeploymentReportState,
  ProjectRef,
  VcsActivities,
} from '@slipway/temporal';
import type { DataSource, QueryRunner } from 'typeorm';
import type { DeploymentHost, HostDeploymentStatus } from './deployment-host';

export type HostProvider = 'github' | 'gitlab';

export interface DeploymentReporterOptions {
  dataSource: DataSource;
  /** The providers Slipway has credentials for; projects connected to another are not reported. */
  hosts: Partial<Record<HostProvider, DeploymentHost>>;
  /** Where people open a deployment: `${publicUrl}/deployments/<id>`. */
  publicUrl: string;
  logger: Logger;
}

/** The commit status a build shows as. */
export const BUILD_CONTEXT = 'slipway/build';

const PROVIDER_NAMES: Record<HostProvider, string> = { github: 'GitHub', gitlab: 'GitLab' };

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

interface ReplacedRow {
  deployment_id: string;
  provider_deployment_id: string;
}

interface Target {
  host: DeploymentHost;
  provider: HostProvider;
  repository: string;
}

/**
 * The `reportDeployment` and `reportBuild` activities, for whichever provider the project is connected
 * to. One host deployment per Slipway deployment, its id kept in vcs_reports so a retry never creates a
 * second, and each state posted once. Reports of one deployment run one at a time (a session advisory
 * lock), so an attempt that timed out cannot race its retry. When a deployment succeeds, the one it
 * replaced in that environment is marked so on the host.
 */
export function deploymentReporter({
  dataSource,
  hosts,
  publicUrl,
  logger,
}: DeploymentReporterOptions): Pick<VcsActivities, 'reportDeployment' | 'reportBuild'> {
  const targetOf = ({ vcs }: ProjectRef): Target | null => {
    const host = vcs && hosts[vcs.provider];
    return vcs && host ? { host, provider: vcs.provider, repository: vcs.repository } : null;
  };
  const pageOf = (deploymentId: string) => `${publicUrl}/deployments/${deploymentId}`;

  async function reportDeployment(report: DeploymentReport): Promise<void> {
    const target = targetOf(report.project);
    if (target === null) return;
    const { host, provider, repository } = target;
    await withReportLock(dataSource, report.deploymentId, async (runner) => {
      const rows = (await runner.query(
        `SELECT provider_deployment_id, last_state FROM vcs_reports WHERE deployment_id = $1`,
        [report.deploymentId],
      )) as ReportRow[];
      const row = rows[0];
      const record = (columns: ReportColumns) =>
        recordReport(runner, report.deploymentId, provider, {
          repository,
          environment: report.environment,
          ...columns,
        });
      const status: HostDeploymentStatus = {
        state: report.state,
        description: report.description,
        logUrl: pageOf(report.deploymentId),
        ...(report.environmentUrl === undefined ? {} : { environmentUrl: report.environmentUrl }),
      };
      try {
        const lastState = row?.last_state ?? null;
        const shown = lastState !== null && ORDER[report.state] <= ORDER[lastState];
        if (!shown) {
          let hostDeploymentId = row?.provider_deployment_id ?? null;
          let statusShown = false;
          if (hostDeploymentId === null) {
            const created = await host.createDeployment(
              {
                repository,
                sha: report.sha,
                ref: report.ref ?? report.sha,
                environment: report.environment,
                deploymentId: report.deploymentId,
              },
              status,
            );
            if (created !== null) {
              ({ id: hostDeploymentId, statusShown } = created);
              // Stored before any status is posted: a retry after this point reuses the deployment.
              await record({
                id: hostDeploymentId,
                ...(statusShown ? { state: report.state } : {}),
                error: null,
              });
            }
          }
          if (hostDeploymentId !== null && !statusShown)
            await host.postStatus(repository, hostDeploymentId, status);
          await record({ state: report.state, error: null });
        }
        // Also on a retry whose success was posted already but whose retiring was not finished.
        if (report.state === 'success' && row?.last_state !== 'inactive') {
          await retireReplaced(runner, target, report, pageOf, logger);
        }
      } catch (error) {
        throw await refusal(error, provider, report, (message) => record({ error: message }), logger);
      }
    });
  }

  async function reportBuild(report: BuildReport): Promise<void> {
    const target = targetOf(report.project);
    if (target === null) return;
    const { host, provider, repository } = target;
    try {
      await host.postCommitStatus({
        repository,
        sha: report.sha,
        state: report.state,
        context: BUILD_CONTEXT,
        description: report.description,
        targetUrl: pageOf(report.deploymentId),
      });
    } catch (error) {
      throw await refusal(
        error,
        provider,
        report,
        (message) => recordReport(dataSource, report.deploymentId, provider, { repository, error: message }),
        logger,
      );
    }
  }

  return { reportDeployment, reportBuild };
}

/** Runs `work` holding the deployment's report lock, on one connection. */
async function withReportLock(
  dataSource: DataSource,
  deploymentId: string,
  work: (runner: QueryRunner) => Promise<void>,
): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext('vcs_reports:' || $1))`, [deploymentId]);
    await work(runner);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext('vcs_reports:' || $1))`, [deploymentId]);
    await runner.release();
  }
}

interface ReportColumns {
  repository?: string;
  environment?: string;
  id?: string;
  state?: DeploymentReportState;
  error: string | null;
}

function recordReport(
  queryable: { query(sql: string, parameters: unknown[]): Promise<unknown> },
  deploymentId: string,
  provider: HostProvider,
  columns: ReportColumns,
): Promise<unknown> {
  return queryable.query(
    `INSERT INTO vcs_reports
       (deployment_id, provider, repository, environment, provider_deployment_id, last_state, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (deployment_id) DO UPDATE SET
       repository = COALESCE(EXCLUDED.repository, vcs_reports.repository),
       environment = COALESCE(EXCLUDED.environment, vcs_reports.environment),
       provider_deployment_id = COALESCE(EXCLUDED.provider_deployment_id, vcs_reports.provider_deployment_id),
       last_state = COALESCE(EXCLUDED.last_state, vcs_reports.last_state),
       last_error = EXCLUDED.last_error,
       updated_at = now()`,
    [
      deploymentId,
      provider,
      columns.repository ?? null,
      columns.environment ?? null,
      columns.id ?? null,
      columns.state ?? null,
      columns.error,
    ],
  );
}

/**
 * Marks the environment's earlier successful deployments on the host as replaced. One the host refuses
 * to change (deleted there since) is given up on, so it does not hold up every later success.
 */
async function retireReplaced(
  runner: QueryRunner,
  { host, provider, repository }: Target,
  report: DeploymentReport,
  pageOf: (deploymentId: string) => string,
  logger: Logger,
): Promise<void> {
  const replaced = (await runner.query(
    `SELECT deployment_id, provider_deployment_id FROM vcs_reports
      WHERE provider = $1 AND repository = $2 AND environment = $3 AND last_state = 'success'
        AND deployment_id <> $4 AND provider_deployment_id IS NOT NULL`,
    [provider, repository, report.environment, report.deploymentId],
  )) as ReplacedRow[];
  for (const row of replaced) {
    let error: string | null = null;
    try {
      await host.retire(repository, row.provider_deployment_id, pageOf(row.deployment_id));
    } catch (caught) {
      if (!(caught instanceof HostRejectedError)) throw caught;
      error = caught.message;
      logger.warn(
        { deploymentId: row.deployment_id, replacedBy: report.deploymentId, status: caught.status },
        `${PROVIDER_NAMES[provider]} refused to mark a replaced deployment inactive: ${caught.message}`,
      );
    }
    await runner.query(
      `UPDATE vcs_reports SET last_state = 'inactive', last_error = $2, updated_at = now() WHERE deployment_id = $1`,
      [row.deployment_id, error],
    );
  }
}

/** How a failed report is retried: after the host's wait, not at all when the host refused it, or as usual. */
async function refusal(
  error: unknown,
  provider: HostProvider,
  report: DeploymentReport | BuildReport,
  record: (message: string) => Promise<unknown>,
  logger: Logger,
): Promise<unknown> {
  const context = { deploymentId: report.deploymentId, state: report.state, provider };
  const name = PROVIDER_NAMES[provider];
  if (error instanceof HostRateLimitedError) {
    logger.warn({ ...context, retryAfterMs: error.retryAfterMs }, `${name} rate limit: the report waits`);
  } else if (error instanceof HostRejectedError) {
    logger.error({ ...context, status: error.status }, `${name} refused the report: ${error.message}`);
    await record(error.message);
  }
  return hostFailure(error);
}
