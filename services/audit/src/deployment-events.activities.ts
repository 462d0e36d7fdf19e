import { BadCommitEntity, DeploymentEntity, DeploymentStepEntity, ReleaseEntity } from '@slipway/db';
import { recordReleaseDiff } from './release-diffs';
import {
  applyDeploymentEvent,
  DeploymentEventOrderError,
  IllegalTransitionError,
  type DeploymentEventEnvelope,
  type DeploymentState,
} from '@slipway/domain';
import { insertDeploymentEvents, notifyDeploymentChanged } from '@slipway/events';
import type { AuditActivities } from '@slipway/temporal';
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Appends the event and updates the deployment's read model in one transaction, then notifies
 * listeners. A retried append (same event id) changes nothing and notifies no one twice.
 */
export function createAuditActivities(dataSource: DataSource): AuditActivities {
  return {
    recordDeploymentEvents: async (events) => {
      try {
        await dataSource.transaction((manager) => appendEvents(manager, events));
      } catch (error) {
        if (error instanceof DeploymentEventOrderError || error instanceof IllegalTransitionError) {
          throw ApplicationFailure.nonRetryable(error.message, 'InvalidDeploymentEvent');
        }
        throw error;
      }
    },
    badEnvironments: async (project, commitSha) => {
      const rows = await dataSource.getRepository(BadCommitEntity).findBy({ project, commitSha });
      return rows.map((row) => row.environment);
    },
    currentRelease: async (project, environment) => {
      // As the environments view reads it: the newest deployment there that succeeded.
      const running = await dataSource
        .getRepository(DeploymentEntity)
        .createQueryBuilder('deployment')
        .where('deployment.project = :project', { project })
        .andWhere('deployment.environment = :environment', { environment })
        .andWhere('deployment.status = :status', { status: 'SUCCEEDED' })
        .orderBy('deployment.finishedAt', 'DESC', 'NULLS LAST')
        .addOrderBy('deployment.id', 'DESC')
        .getOne();
      return running?.commitSha ?? null;
    },
  };
}

/**
 * Appends a batch of one deployment's events, applies them to its read model and notifies listeners,
 * all in one transaction. A retried batch (same event ids) was either stored whole or not at all, so it
 * changes nothing the second time.
 */
async function appendEvents(manager: EntityManager, events: DeploymentEventEnvelope[]): Promise<void> {
  const [first] = events;
  if (!first) return;
  if (events.some((event) => event.deploymentId !== first.deploymentId)) {
    throw new DeploymentEventOrderError('a batch of events must belong to one deployment');
  }
  const inserted = await insertDeploymentEvents(manager, events);
  if (inserted.length === 0) return;
  // The workflow sends one batch at a time per deployment; the unique (deployment_id, sequence) key
  // and the sequence check in applyDeploymentEvent guard the rest.
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
  await recordReleasesAndBadCommits(manager, next, events);
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
  await notifyDeploymentChanged(manager, first.deploymentId);
}

/**
 * Side read models of the same events: the first stored artifact of a commit is its release, and a
 * commit that was rolled back (by the saga, or replaced by a manual rollback) is bad for the environment.
 */
async function recordReleasesAndBadCommits(
  manager: EntityManager,
  deployment: DeploymentState,
  events: DeploymentEventEnvelope[],
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
    }
  }
}

export function toState(entity: DeploymentEntity): DeploymentState {
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
