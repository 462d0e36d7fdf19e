import {
  COUNTED_STATUSES,
  deploymentMetrics,
  LEAD_TIME_DIRECTIONS,
  type DeploymentFact,
  type DeploymentMetrics,
  type DeploymentStatus,
  type MetricsBucket,
} from '@slipway/domain';
import type { DataSource } from 'typeorm';

/** One environment of one project over [since, until), cut in buckets for the charts. */
export interface DeploymentMetricsQuery {
  project: string;
  environment: string;
  since: Date;
  until: Date;
  bucket: MetricsBucket;
}

interface FactRow {
  status: DeploymentStatus;
  started_at: Date | null;
  finished_at: Date;
  commit_times: Date[];
  rolled_back_later: boolean;
}

/**
 * The facts the metrics need, in one round trip, each part read through the (project, environment,
 * finished_at) index: every deployment that ended in the window; the last counted one before it (an
 * incident may be open when the window starts); the first success after it (it restores the window's
 * last incident). Per deployment, the commit times of its diff when it newly brings them, and whether
 * its commit was marked bad in the environment after it finished.
 */
const FACTS = `
  WITH facts AS (
    SELECT id, status, started_at, finished_at, commit_sha FROM deployments
    WHERE project = $1 AND environment = $2 AND finished_at >= $3 AND finished_at < $4
    UNION ALL
    (SELECT id, status, started_at, finished_at, commit_sha FROM deployments
      WHERE project = $1 AND environment = $2 AND finished_at < $3
        AND started_at IS NOT NULL AND status = ANY($5)
      ORDER BY finished_at DESC LIMIT 1)
    UNION ALL
    (SELECT id, status, started_at, finished_at, commit_sha FROM deployments
      WHERE project = $1 AND environment = $2 AND finished_at >= $4 AND status = 'SUCCEEDED'
      ORDER BY finished_at LIMIT 1)
  )
  SELECT facts.status, facts.started_at, facts.finished_at,
    ARRAY(
      SELECT commits.committed_at
      FROM release_diffs diff JOIN deployment_commits commits ON commits.deployment_id = diff.deployment_id
      WHERE diff.deployment_id = facts.id AND facts.status = 'SUCCEEDED' AND diff.direction = ANY($6)
    ) AS commit_times,
    EXISTS (
      SELECT 1 FROM bad_commits bad
      WHERE bad.project = $1 AND bad.environment = $2 AND bad.commit_sha = facts.commit_sha
        AND bad.marked_at > facts.finished_at
    ) AS rolled_back_later
  FROM facts
  ORDER BY facts.finished_at, facts.id`;

/** Success rates and the DORA metrics of one environment (see deploymentMetrics for the definitions). */
export async function loadDeploymentMetrics(
  dataSource: DataSource,
  { project, environment, since, until, bucket }: DeploymentMetricsQuery,
): Promise<DeploymentMetrics> {
  const rows = await dataSource.query<FactRow[]>(FACTS, [
    project,
    environment,
    since,
    until,
    COUNTED_STATUSES,
    LEAD_TIME_DIRECTIONS,
  ]);
  return deploymentMetrics(rows.map(toFact), { since, until }, bucket);
}

function toFact(row: FactRow): DeploymentFact {
  return {
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    commitTimes: row.commit_times,
    rolledBackLater: row.rolled_back_later,
  };
}
