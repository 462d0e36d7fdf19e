import { BadCommitEntity, EnvironmentReleaseEntity } from '@slipway/db';
import {
  DeploymentEventOrderError,
  IllegalTransitionError,
  type DeploymentEventEnvelope,
} from '@slipway/domain';
import { insertDeploymentEvents, notifyDeploymentChanged } from '@slipway/events';
import type { AuditActivities } from '@slipway/temporal';
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import { applyToReadModels } from './read-models';

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
      const releases = await dataSource
        .getRepository(EnvironmentReleaseEntity)
        .findOneBy({ project, environment });
      return releases?.commitSha ?? null;
    },
  };
}

/**
 * Appends a batch of one deployment's events, applies them to the read models and notifies listeners,
 * all in one transaction. A retried batch (same event ids) was either stored whole or not at all, so it
 * changes nothing the second time.
 */
async function appendEvents(manager: EntityManager, events: DeploymentEventEnvelope[]): Promise<void> {
  const [first] = events;
  if (!first) return;
  const inserted = await insertDeploymentEvents(manager, events);
  if (inserted.length === 0) return;
  // The workflow sends one batch at a time per deployment; the unique (deployment_id, sequence) key
  // and the sequence check in applyDeploymentEvent guard the rest (a batch that mixes deployments is
  // refused there, and the transaction takes its events back out of the log).
  await applyToReadModels(manager, events);
  await notifyDeploymentChanged(manager, first.deploymentId);
}
