import { DeploymentEntity, DeploymentStepEntity } from '@slipway/db';
import {
  applyDeploymentEvent,
  DeploymentEventOrderError,
  IllegalTransitionError,
  type DeploymentEventEnvelope,
  type DeploymentState,
} from '@slipway/domain';
import { notifyDeploymentEvent } from '@slipway/events';
import type { AuditActivities } from '@slipway/temporal';
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Appends the event and updates the deployment's read model in one transaction, then notifies
 * listeners. A retried append (same event id) changes nothing and notifies no one twice.
 */
export function createAuditActivities(dataSource: DataSource): AuditActivities {
  return {
    recordDeploymentEvent: async (event) => {
      try {
        await dataSource.transaction((manager) => appendEvent(manager, event));
      } catch (error) {
        if (error instanceof DeploymentEventOrderError || error instanceof IllegalTransitionError) {
          throw ApplicationFailure.nonRetryable(error.message, 'InvalidDeploymentEvent');
        }
        throw error;
      }
    },
  };
}

async function appendEvent(manager: EntityManager, event: DeploymentEventEnvelope): Promise<void> {
  const inserted: Array<{ id: string }> = await manager.query(
    `INSERT INTO deployment_events (event_id, deployment_id, sequence, type, body, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (event_id) DO NOTHING
     RETURNING id`,
    [event.eventId, event.deploymentId, event.sequence, event.body.type, event.body, event.occurredAt],
  );
  const id = inserted[0]?.id;
  if (id === undefined) return;
  // Events of one deployment arrive one at a time (the workflow awaits each); the unique
  // (deployment_id, sequence) key and the sequence check in applyDeploymentEvent guard the rest.

  const deployments = manager.getRepository(DeploymentEntity);
  const current = await deployments.findOne({
    where: { id: event.deploymentId },
    relations: { steps: true },
  });
  const next = applyDeploymentEvent(current ? toState(current) : null, event);
  await deployments.save(toEntity(next));
  await manager.getRepository(DeploymentStepEntity).save(
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
  );
  await notifyDeploymentEvent(manager, { id, deploymentId: event.deploymentId });
}

export function toState(entity: DeploymentEntity): DeploymentState {
  return {
    id: entity.id,
    project: entity.project,
    environment: entity.environment,
    ref: entity.ref,
    actor: entity.actor,
    status: entity.status,
    commitSha: entity.commitSha,
    commitMessage: entity.commitMessage,
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
    status: state.status,
    commitSha: state.commitSha,
    commitMessage: state.commitMessage,
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
