import { BadCommitEntity, DeploymentEntity, DeploymentStepEntity, ReleaseEntity } from '@slipway/db';
import {
  applyDeploymentEvent,
  DeploymentEventOrderError,
  type DeploymentEventEnvelope,
  type DeploymentState,
} from '@slipway/domain';
import type { EntityManager } from 'typeorm';
import { recordSuccess } from './environment-releases';
import { recordReleaseDiff } from './release-diffs';

/**
 * Every table the audit service derives from `deployment_events`, children before their parents. The
 * log is the truth: each of these can be emptied and rebuilt from it (rebuildReadModels).
 */
export const READ_MODELS = [
  'deployment_commits',
  'release_diffs',
  'deployment_steps',
  'deployments',
  'releases',
  'bad_commits',
  'environment_releases',
] as const;

/**
 * Applies a batch of one deployment's events, already in the log, to every read model, inside the
 * caller's transaction. The live append and the rebuild both come through here, so the rules exist
 * once; batches of one deployment, applied in log order, give the same read models however the
 * deployment's events are cut into batches.
 */
export async function applyToReadModels(
  manager: EntityManager,
  events: readonly DeploymentEventEnvelope[],
): Promise<void> {
  const [first] = events;
  if (!first) return;
  if (events.some((event) => event.deploymentId !== first.deploymentId)) {
    throw new DeploymentEventOrderError('a batch of events must belong to one deployment');
  }
  const deployments = manager.getRepository(DeploymentEntity);
  const current = await deployments.findOne({
    where: { id: first.deploymentId },
    relations: { steps: true },
  });
  const next = events.reduce<DeploymentState | null>(
    (state, event) => applyDeploymentEvent(state, event),
    current ? toState(current) : null,
  )!;
  await deployments.upsert(toEntity(next), ['id']);
  await recordOtherReadModels(manager, next, events);
  if (next.steps.length > 0) {
    await manager.getRepository(DeploymentStepEntity).upsert(
      next.steps.map((step) => ({
        deploymentId: next.id,
        position: step.position,
        name: step.name,
        status: step.status,
        startedAt: toDate(step.startedAt),
        finishedAt: toDate(step.finishedAt),
        output: step.output,
        error: step.error,
      })),
      ['deploymentId', 'position'],
    );
  }
}

/**
 * The other read models of the same events: the first stored artifact of a commit is its release, a commit
 * that was rolled back (by the saga, or replaced by a manual rollback) is bad for the environment, and
 * a success is what runs in the environment from then on.
 */
async function recordOtherReadModels(
  manager: EntityManager,
  deployment: DeploymentState,
  events: readonly DeploymentEventEnvelope[],
): Promise<void> {
  const markBad = (commitSha: string, reason: string, at: string) =>
    manager
      .createQueryBuilder()
      .insert()
      .into(BadCommitEntity)
      .values({
        project: deployment.project,
        environment: deployment.environment,
        commitSha,
        deploymentId: deployment.id,
        reason,
        markedAt: new Date(at),
      })
      .orIgnore()
      .execute();
  for (const { body, occurredAt } of events) {
    if (body.type === 'ARTIFACT_READY') {
      await manager
        .createQueryBuilder()
        .insert()
        .into(ReleaseEntity)
        .values({
          project: deployment.project,
          commitSha: body.commitSha,
          commitMessage: body.commitMessage,
          artifactDigest: body.artifactDigest,
          artifactSize: body.artifactSize,
          createdAt: new Date(occurredAt),
        })
        .orIgnore()
        .execute();
    } else if (body.type === 'RELEASE_DIFF_READY') {
      await recordReleaseDiff(manager, deployment.id, body);
    } else if (body.type === 'DEPLOYMENT_QUEUED') {
      if (body.trigger.type === 'rollback' && body.trigger.replacing !== null) {
        await markBad(body.trigger.replacing, `rolled back by ${body.actor}`, occurredAt);
      }
    } else if (body.type === 'DEPLOYMENT_ROLLED_BACK' || body.type === 'DEPLOYMENT_ROLLBACK_FAILED') {
      if (deployment.commitSha !== null) await markBad(deployment.commitSha, body.reason, occurredAt);
    } else if (body.type === 'DEPLOYMENT_SUCCEEDED') {
      await recordSuccess(manager, deployment, occurredAt);
    }
  }
}

function toState(entity: DeploymentEntity): DeploymentState {
  return {
    id: entity.id,
    project: entity.project,
    environment: entity.environment,
    ref: entity.ref,
    actor: entity.actor,
    trigger: entity.trigger,
    status: entity.status,
    commitSha: entity.commitSha,
    commitMessage: entity.commitMessage,
    artifactDigest: entity.artifactDigest,
    approvalsRemaining: entity.approvalsRemaining,
    reason: entity.reason,
    queuedAt: entity.queuedAt.toISOString(),
    startedAt: entity.startedAt?.toISOString() ?? null,
    finishedAt: entity.finishedAt?.toISOString() ?? null,
    lastSequence: entity.lastSequence,
    steps: [...entity.steps]
      .sort((a, b) => a.position - b.position)
      .map((step) => ({
        position: step.position,
        name: step.name,
        status: step.status,
        startedAt: step.startedAt?.toISOString() ?? null,
        finishedAt: step.finishedAt?.toISOString() ?? null,
        output: step.output,
        error: step.error,
      })),
  };
}

function toEntity(state: DeploymentState): Omit<DeploymentEntity, 'steps'> {
  return {
    id: state.id,
    project: state.project,
    environment: state.environment,
    ref: state.ref,
    actor: state.actor,
    trigger: state.trigger,
    status: state.status,
    commitSha: state.commitSha,
    commitMessage: state.commitMessage,
    artifactDigest: state.artifactDigest,
    approvalsRemaining: state.approvalsRemaining,
    reason: state.reason,
    queuedAt: new Date(state.queuedAt),
    startedAt: toDate(state.startedAt),
    finishedAt: toDate(state.finishedAt),
    lastSequence: state.lastSequence,
  };
}

function toDate(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}
