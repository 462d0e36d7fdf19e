import { DeploymentCommitEntity, ReleaseDiffEntity } from '@slipway/db';
import type { ReleaseDiff } from '@slipway/domain';
import type { EntityManager } from 'typeorm';

/**
 * Stores a deployment's release diff in its read model, inside the transaction that appends the
 * event. A second time (a retried batch) changes nothing: both inserts skip rows already there.
 */
export async function recordReleaseDiff(
  manager: EntityManager,
  deploymentId: string,
  diff: ReleaseDiff,
): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(ReleaseDiffEntity)
    .values({ deploymentId, fromSha: diff.from, direction: diff.direction, truncated: diff.truncated })
    .orIgnore()
    .execute();
  if (diff.commits.length === 0) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(DeploymentCommitEntity)
    .values(
      diff.commits.map((commit, position) => ({
        deploymentId,
        position,
        sha: commit.sha,
        message: commit.message,
        author: commit.author,
        committedAt: new Date(commit.committedAt),
        pullRequest: commit.pullRequest,
      })),
    )
    .orIgnore()
    .execute();
}
