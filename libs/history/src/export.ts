import { AuditEntryEntity } from '@slipway/db';
import type { DeploymentStatus } from '@slipway/domain';
import type { DataSource } from 'typeorm';
import type { CsvColumn } from './csv';
import type { DeploymentCursor } from './history';

/**
 * Rows read per query while exporting: few enough that one batch is a small, bounded amount of memory
 * whatever the export's size, many enough that the round trips cost little.
 */
export const EXPORT_BATCH_SIZE = 1000;

/** Which deployments to export, already checked. */
export interface DeploymentExportFilter {
  /** The projects the reader may see; null when they may see every project. */
  projects: readonly string[] | null;
  project: string | null;
  environment: string | null;
  /** Any of these statuses; null for all. */
  status: readonly DeploymentStatus[] | null;
  /** Queued at or after. */
  since: Date;
  /** Queued before. */
  until: Date;
}

/** A deployment as the export writes it. */
export interface ExportedDeployment {
  id: string;
  project: string;
  environment: string;
  status: DeploymentStatus;
  actor: string;
  triggerType: string;
  ref: string;
  commitSha: string | null;
  commitMessage: string | null;
  artifactDigest: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  reason: string | null;
  /** queued_at to the microsecond, for the next batch's keyset (a Date would round it). */
  cursorQueuedAt: string;
}

export const DEPLOYMENT_COLUMNS: readonly CsvColumn<ExportedDeployment>[] = [
  { name: 'id', value: (deployment) => deployment.id },
  { name: 'project', value: (deployment) => deployment.project },
  { name: 'environment', value: (deployment) => deployment.environment },
  { name: 'status', value: (deployment) => deployment.status },
  { name: 'actor', value: (deployment) => deployment.actor },
  { name: 'trigger_type', value: (deployment) => deployment.triggerType },
  { name: 'ref', value: (deployment) => deployment.ref },
  { name: 'commit_sha', value: (deployment) => deployment.commitSha },
  { name: 'commit_message', value: (deployment) => deployment.commitMessage },
  { name: 'artifact_digest', value: (deployment) => deployment.artifactDigest },
  { name: 'queued_at', value: (deployment) => deployment.queuedAt },
  { name: 'started_at', value: (deployment) => deployment.startedAt },
  { name: 'finished_at', value: (deployment) => deployment.finishedAt },
  { name: 'duration_seconds', value: durationSeconds },
  { name: 'reason', value: (deployment) => deployment.reason },
];

/** From start to end, in seconds to the millisecond; empty until it has both. */
function durationSeconds({ startedAt, finishedAt }: ExportedDeployment): number | null {
  return startedAt && finishedAt ? (finishedAt.getTime() - startedAt.getTime()) / 1000 : null;
}

/**
 * The deployments of the filter, oldest first, a batch at a time: keyset on (queued_at, id), so each
 * query starts where the last ended (down the same indexes as the history, walked the other way) and
 * memory holds one batch however long the export. Stopping the iteration stops the reading.
 */
export async function* exportDeployments(
  dataSource: DataSource,
  filter: DeploymentExportFilter,
  batchSize = EXPORT_BATCH_SIZE,
): AsyncGenerator<ExportedDeployment[]> {
  let after: DeploymentCursor | null = null;
  for (;;) {
    const batch = await deploymentBatch(dataSource, filter, after, batchSize);
    if (batch.length > 0) yield batch;
    const last = batch.at(-1);
    if (!last || batch.length < batchSize) return;
    after = { queuedAt: last.cursorQueuedAt, id: last.id };
  }
}

function deploymentBatch(
  dataSource: DataSource,
  filter: DeploymentExportFilter,
  after: DeploymentCursor | null,
  batchSize: number,
): Promise<ExportedDeployment[]> {
  const params: unknown[] = [filter.since, filter.until];
  const param = (value: unknown): string => `$${params.push(value)}`;
  // Both when both are given: a project the reader may not see matches nothing.
  const conditions = ['queued_at >= $1', 'queued_at < $2'];
  if (filter.projects) conditions.push(`project = ANY(${param(filter.projects)})`);
  if (filter.project) conditions.push(`project = ${param(filter.project)}`);
  if (filter.environment) conditions.push(`environment = ${param(filter.environment)}`);
  if (filter.status) conditions.push(`status = ANY(${param(filter.status)})`);
  if (after) {
    conditions.push(`(queued_at, id) > (${param(after.queuedAt)}::timestamptz, ${param(after.id)}::uuid)`);
  }
  return dataSource.query<ExportedDeployment[]>(
    `SELECT id, project, environment, status, actor, trigger->>'type' AS "triggerType", ref,
       commit_sha AS "commitSha", commit_message AS "commitMessage", artifact_digest AS "artifactDigest",
       queued_at AS "queuedAt", started_at AS "startedAt", finished_at AS "finishedAt", reason,
       to_char(queued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorQueuedAt"
     FROM deployments
     WHERE ${conditions.join(' AND ')}
     ORDER BY queued_at, id
     LIMIT ${param(batchSize)}`,
    params,
  );
}

/** Which audit entries to export, already checked. */
export interface AuditExportFilter {
  /** At or after. */
  since: Date;
  /** Before. */
  until: Date;
  actor: string | null;
  action: string | null;
}

export const AUDIT_COLUMNS: readonly CsvColumn<AuditEntryEntity>[] = [
  { name: 'id', value: (entry) => entry.id },
  { name: 'at', value: (entry) => entry.at },
  { name: 'actor', value: (entry) => entry.actor },
  { name: 'actor_kind', value: (entry) => entry.actorKind },
  { name: 'ip', value: (entry) => entry.ip },
  { name: 'user_agent', value: (entry) => entry.userAgent },
  { name: 'action', value: (entry) => entry.action },
  { name: 'arguments', value: (entry) => JSON.stringify(entry.arguments) },
  { name: 'outcome', value: (entry) => entry.outcome },
  { name: 'code', value: (entry) => entry.code },
  { name: 'message', value: (entry) => entry.message },
];

/** The audit entries of the filter in the order they were written (by id), a batch at a time. */
export async function* exportAuditEntries(
  dataSource: DataSource,
  filter: AuditExportFilter,
  batchSize = EXPORT_BATCH_SIZE,
): AsyncGenerator<AuditEntryEntity[]> {
  let after: string | null = null;
  for (;;) {
    const query = dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('entry')
      .where('entry.at >= :since AND entry.at < :until', { since: filter.since, until: filter.until })
      .orderBy('entry.id', 'ASC')
      .limit(batchSize);
    if (filter.actor) query.andWhere('entry.actor = :actor', { actor: filter.actor });
    if (filter.action) query.andWhere('entry.action = :action', { action: filter.action });
    if (after !== null) query.andWhere('entry.id > :after', { after });
    const batch = await query.getMany();
    if (batch.length > 0) yield batch;
    const last = batch.at(-1);
    if (!last || batch.length < batchSize) return;
    after = last.id;
  }
}
