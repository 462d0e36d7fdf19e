import type { DeploymentEventEnvelope } from '@slipway/domain';
import type { EntityManager } from 'typeorm';

/**
 * The advisory lock every append to `deployment_events` takes: the table's insert trigger (migration
 * 1764250000000) takes it before it hands out the row's id, and it is held until commit. bigserial alone
 * would hand out ids at insert time, not commit time: two appends at once could commit id 8 before id 7,
 * and a reader that has delivered 8 and resumes "after 8" would never see 7. Under the lock the id order
 * is the commit order (and the hash chain's order). Hold it yourself to keep every append out for a while.
 */
export const EVENT_LOG_LOCK = '7126531001';

const COLUMNS = 6;

/**
 * Appends a batch of events to the log inside the caller's transaction, which must commit soon: from
 * its first row on, the insert trigger holds the log's lock, and every other append waits until then.
 * Events already stored (a retried batch) are skipped; returns the ids of the rows it inserted, in order.
 */
export async function insertDeploymentEvents(
  manager: EntityManager,
  events: readonly DeploymentEventEnvelope[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const placeholders = events.map(
    (_, row) =>
      `(${Array.from({ length: COLUMNS }, (__, column) => `$${row * COLUMNS + column + 1}`).join(', ')})`,
  );
  const inserted = await manager.query<Array<{ id: string }>>(
    `INSERT INTO deployment_events (event_id, deployment_id, sequence, type, body, occurred_at)
     VALUES ${placeholders.join(', ')}
     ON CONFLICT (event_id) DO NOTHING
     RETURNING id`,
    events.flatMap((event) => [
      event.eventId,
      event.deploymentId,
      event.sequence,
      event.body.type,
      event.body,
      event.occurredAt,
    ]),
  );
  return inserted.map(({ id }) => id);
}
