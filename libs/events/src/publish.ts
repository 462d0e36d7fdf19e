import type { EntityManager } from 'typeorm';
import { DEPLOYMENT_EVENTS_CHANNEL, type DeploymentEventNotice } from './channel';

/**
 * Called inside the transaction that appends the event: PostgreSQL delivers the notification only
 * if that transaction commits, so listeners never hear of an event that is not stored.
 */
export async function notifyDeploymentEvent(
  manager: EntityManager,
  notice: DeploymentEventNotice,
): Promise<void> {
  await manager.query('SELECT pg_notify($1, $2)', [DEPLOYMENT_EVENTS_CHANNEL, JSON.stringify(notice)]);
}
