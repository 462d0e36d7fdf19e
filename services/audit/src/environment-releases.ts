import { EnvironmentReleaseEntity } from '@slipway/db';
import type { DeploymentState } from '@slipway/domain';
import type { EntityManager } from 'typeorm';

/** An environment's row of environment_releases, as plain data. */
export type Releases = { [Field in keyof EnvironmentReleaseEntity]: EnvironmentReleaseEntity[Field] };

/** A deployment that succeeded, as the environment remembers it. */
export type Success = Omit<Releases, 'previousDeploymentId' | 'previousCommitSha' | 'previousDeployedAt'>;

/**
 * What runs in the environment after one more success there, or null when nothing changes. The newest
 * success by the moment it succeeded runs (the id breaks a tie), whatever order the deployments were
 * queued in; the one before it is what a rollback puts back. A success already known changes nothing.
 */
export function afterSuccess(releases: Releases | null, success: Success): Releases | null {
  if (!releases) {
    return { ...success, previousDeploymentId: null, previousCommitSha: null, previousDeployedAt: null };
  }
  if (success.deploymentId === releases.deploymentId) return null;
  if (success.deploymentId === releases.previousDeploymentId) return null;
  if (isNewer(success, { deploymentId: releases.deploymentId, deployedAt: releases.deployedAt })) {
    return {
      ...success,
      previousDeploymentId: releases.deploymentId,
      previousCommitSha: releases.commitSha,
      previousDeployedAt: releases.deployedAt,
    };
  }
  const previous = releases.previousDeploymentId;
  if (
    previous === null ||
    releases.previousDeployedAt === null ||
    isNewer(success, { deploymentId: previous, deployedAt: releases.previousDeployedAt })
  ) {
    return {
      ...releases,
      previousDeploymentId: success.deploymentId,
      previousCommitSha: success.commitSha,
      previousDeployedAt: success.deployedAt,
    };
  }
  return null;
}

type Moment = Pick<Releases, 'deploymentId' | 'deployedAt'>;

/** Later, or at the same moment with the greater id: PostgreSQL orders uuids as their lowercase text. */
function isNewer(a: Moment, b: Moment): boolean {
  const difference = a.deployedAt.getTime() - b.deployedAt.getTime();
  return difference > 0 || (difference === 0 && a.deploymentId > b.deploymentId);
}

/**
 * Records a deployment that succeeded at `at` in its environment's releases. Appends to the event log
 * are serialized until they commit (the log's lock), so reading the row and writing it back races
 * with no other append.
 */
export async function recordSuccess(
  manager: EntityManager,
  deployment: DeploymentState,
  at: string,
): Promise<void> {
  const repository = manager.getRepository(EnvironmentReleaseEntity);
  const { project, environment } = deployment;
  const next = afterSuccess(await repository.findOneBy({ project, environment }), {
    project,
    environment,
    deploymentId: deployment.id,
    ref: deployment.ref,
    commitSha: deployment.commitSha,
    commitMessage: deployment.commitMessage,
    artifactDigest: deployment.artifactDigest,
    actor: deployment.actor,
    deployedAt: new Date(at),
  });
  if (next) await repository.upsert(next, ['project', 'environment']);
}
