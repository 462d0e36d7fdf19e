import type { EntityManager } from 'typeorm';
import { DEPLOYMENT_EVENTS_CHANNEL, type DeploymentNotice } from './channel';

/**
 * Called inside the transaction that appends to a deployment: PostgreSQL delivers the notification
 * only if that transaction commits, so listeners never hear of something that is not stored.
 */
export async function notifyDeploymentChanged(manager: EntityManager, deploymentId: string): Promise<void> {
  const notice: DeploymentNotice = { deploymentId };
  await manager.query('SELECT pg_notify($1, $2)', [DEPLOYMENT_EVENTS_CHANNEL, JSON.stringify(notice)]);
}
