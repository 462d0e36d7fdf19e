import { DeploymentEntity } from '@slipway/db';
import type { DeploymentStatus } from '@slipway/domain';
import type { DataSource } from 'typeorm';

/**
 * Where a page of deployments ended: the last one's queuedAt, to the microsecond PostgreSQL keeps (a
 * JavaScript Date would round it and skip or repeat rows), and its id, which breaks ties.
 */
export interface DeploymentCursor {
  queuedAt: string;
  id: string;
}

/** Which deployments to list, already checked; a field left out (or null) matches all. */
export interface HistoryFilter {
  /** The projects the reader may see; null when they may see every project. */
  projects: readonly string[] | null;
  project?: string | null;
  environment?: string | null;
  /** Any of these statuses. */
  status?: readonly DeploymentStatus[] | null;
  actor?: string | null;
  /** The start of the commit's sha: hex digits, in either case. */
  commit?: string | null;
  /** Queued at or after. */
  queuedFrom?: Date | null;
  /** Queued before. */
  queuedTo?: Date | null;
  /** Words of the commit message or the failure reason, typed as for a web search: `"health check" -timeout`. */
  search?: string | null;
}

export interface DeploymentPage {
  deployments: DeploymentEntity[];
  /** Where the page ended; null when it is empty. */
  endCursor: DeploymentCursor | null;
  hasNextPage: boolean;
}

/**
 * A page of deployments, newest first: keyset pagination on (queued_at, id), so deployments queued
 * while someone pages (newer, older, or at the very same instant) never make a page skip or repeat
 * one. Each filter narrows the walk down one of the indexes of migration 1764260000000.
 */
export async function listDeployments(
  dataSource: DataSource,
  filter: HistoryFilter,
  first: number,
  cursor: DeploymentCursor | null,
): Promise<DeploymentPage> {
  const projects = projectsToRead(filter);
  if (projects?.length === 0) return { deployments: [], endCursor: null, hasNextPage: false };
  const query = dataSource
    .getRepository(DeploymentEntity)
    .createQueryBuilder('deployment')
    // Microseconds, as stored: the cursor must compare equal to the row it came from.
    .addSelect(
      `to_char(deployment.queued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      'cursor_queued_at',
    )
    .orderBy('deployment.queuedAt', 'DESC')
    .addOrderBy('deployment.id', 'DESC')
    .limit(first + 1);
  if (projects) query.andWhere('deployment.project IN (:...projects)', { projects });
  if (filter.environment) {
    query.andWhere('deployment.environment = :environment', { environment: filter.environment });
  }
  if (filter.status) query.andWhere('deployment.status IN (:...statuses)', { statuses: filter.status });
  if (filter.actor) query.andWhere('deployment.actor = :actor', { actor: filter.actor });
  if (filter.commit) {
    // Shas are stored as git prints them, lowercase; text_pattern_ops serves the prefix.
    query.andWhere('deployment.commit_sha LIKE :commit', { commit: `${filter.commit.toLowerCase()}%` });
  }
  if (filter.search) {
    const matches = await fewMatches(dataSource, filter.search);
    if (matches) {
      query.andWhere('deployment.id = ANY(CAST(:matches AS uuid[]))', { matches });
    } else {
      query.andWhere(`deployment.search @@ websearch_to_tsquery('simple', :search)`, {
        search: filter.search,
      });
    }
  }
  if (filter.queuedFrom) query.andWhere('deployment.queuedAt >= :from', { from: filter.queuedFrom });
  if (filter.queuedTo) query.andWhere('deployment.queuedAt < :to', { to: filter.queuedTo });
  if (cursor) {
    query.andWhere(
      '(deployment.queued_at, deployment.id) < (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS uuid))',
      { cursorAt: cursor.queuedAt, cursorId: cursor.id },
    );
  }
  const { entities, raw } = await query.getRawAndEntities<{ cursor_queued_at: string }>();
  const deployments = entities.slice(0, first);
  const last = deployments.at(-1);
  const lastRaw = raw[deployments.length - 1];
  return {
    deployments,
    endCursor: last && lastRaw ? { queuedAt: lastRaw.cursor_queued_at, id: last.id } : null,
    hasNextPage: entities.length > first,
  };
}

/**
 * Up to this many deployments matching a search are read through the full-text index, then sorted; more
 * than that, and walking the history newest first meets matches soon enough. PostgreSQL cannot tell a
 * rare word (an error code, a ticket number) from a common one well enough to choose by itself: it
 * would walk a million deployments to find the one that has the word.
 */
const FEW_MATCHES = 500;

/** The ids of every deployment matching the search when there are few, else null. */
async function fewMatches(dataSource: DataSource, search: string): Promise<string[] | null> {
  // 'simple', as the generated column is built: see migration 1764260000000.
  const rows = await dataSource.query<Array<{ id: string }>>(
    `SELECT id FROM deployments WHERE search @@ websearch_to_tsquery('simple', $1) LIMIT $2`,
    [search, FEW_MATCHES + 1],
  );
  return rows.length > FEW_MATCHES ? null : rows.map(({ id }) => id);
}

/** The projects the page may come from: the one asked for if the reader may see it; null for all. */
function projectsToRead({ projects, project }: HistoryFilter): readonly string[] | null {
  if (!project) return projects;
  return projects === null || projects.includes(project) ? [project] : [];
}

/** A release that ran in an environment before the current one: what a rollback would put back. */
export interface PreviousRelease {
  deploymentId: string;
  commitSha: string | null;
  deployedAt: Date;
}

/** What runs in one environment, and what ran there before it. */
export interface EnvironmentReleases {
  project: string;
  environment: string;
  current: {
    deploymentId: string;
    ref: string;
    commitSha: string | null;
    /** The deployment's, else the one its release recorded; null when Slipway has neither. */
    commitMessage: string | null;
    artifactDigest: string | null;
    deployedBy: string;
    /** When its deployment succeeded. */
    deployedAt: Date;
  };
  previous: PreviousRelease | null;
}

interface EnvironmentReleaseRow {
  project: string;
  environment: string;
  deployment_id: string;
  ref: string;
  commit_sha: string | null;
  commit_message: string | null;
  artifact_digest: string | null;
  actor: string;
  deployed_at: Date;
  previous_deployment_id: string | null;
  previous_commit_sha: string | null;
  previous_deployed_at: Date | null;
}

/**
 * The dashboard: for each environment of these projects where something ever succeeded, the release
 * running there and the one before it, by project then environment. One row per environment, read by
 * primary key from the read model the audit service keeps (environment_releases).
 */
export async function currentReleases(
  dataSource: DataSource,
  projects: readonly string[],
): Promise<EnvironmentReleases[]> {
  if (projects.length === 0) return [];
  const rows = await dataSource.query<EnvironmentReleaseRow[]>(
    `SELECT running.project, running.environment, running.deployment_id, running.ref, running.commit_sha,
       coalesce(running.commit_message, release.commit_message) AS commit_message, running.artifact_digest,
       running.actor, running.deployed_at, running.previous_deployment_id, running.previous_commit_sha,
       running.previous_deployed_at
     FROM environment_releases running
     LEFT JOIN releases release
       ON release.project = running.project AND release.commit_sha = running.commit_sha
     WHERE running.project = ANY($1)
     ORDER BY running.project, running.environment`,
    [projects],
  );
  return rows.map((row) => ({
    project: row.project,
    environment: row.environment,
    current: {
      deploymentId: row.deployment_id,
      ref: row.ref,
      commitSha: row.commit_sha,
      commitMessage: row.commit_message,
      artifactDigest: row.artifact_digest,
      deployedBy: row.actor,
      deployedAt: row.deployed_at,
    },
    previous:
      row.previous_deployment_id === null || row.previous_deployed_at === null
        ? null
        : {
            deploymentId: row.previous_deployment_id,
            commitSha: row.previous_commit_sha,
            deployedAt: row.previous_deployed_at,
          },
  }));
}
