import type { DeploymentEventEnvelope } from '@slipway/domain';
import type { EntityManager } from 'typeorm';

/**
 * The advisory lock every append to `deployment_events` takes first. bigserial hands out ids when a
 * row is inserted, not when its transaction commits: two appends at once could commit id 8 before id 7,
 * and a reader that has delivered 8 and resumes "after 8" would never see 7. Holding this lock from
 * before the insert until commit makes the id order the commit order, so "after id N" misses nothing.
 */
export const EVENT_LOG_LOCK = '7126531001';

const COLUMNS = 6;

/**
 * The INSERT that appends a batch to `deployment_events`, skipping events already stored, returning
 * the new ids. On its own it does not order commits: only insertDeploymentEvents may run it in
 * Slipway (`npm run bench -- live` runs it bare, to measure what the lock costs).
 */
export function eventInsertStatement(events: readonly DeploymentEventEnvelope[]): {
  sql: string;
  parameters: unknown[];
} {
  const placeholders = events.map(
    (_, row) =>
      `(${Array.from({ length: COLUMNS }, (__, column) => `$${row * COLUMNS + column + 1}`).join(', ')})`,
  );
  return {
    sql: `INSERT INTO deployment_events (event_id, deployment_id, sequence, type, body, occurred_at)
     VALUES ${placeholders.join(', ')}
     ON CONFLICT (event_id) DO NOTHING
     RETURNING id`,
    parameters: events.flatMap((event) => [
      event.eventId,
      event.deploymentId,
      event.sequence,
      event.body.type,
      event.body,
      event.occurredAt,
    ]),
  };
}

/**
 * Appends a batch of events to the log inside the caller's transaction, which must commit soon: the
 * lock serializes every append until then. Events already stored (a retried batch) are skipped;
 * returns the ids of the rows it inserted, in order.
 */
export async function insertDeploymentEvents(
  manager: EntityManager,
  events: readonly DeploymentEventEnvelope[],
): Promise<string[]> {
  if (events.length === 0) return [];
  await manager.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOG_LOCK]);
  const { sql, parameters } = eventInsertStatement(events);
  const inserted: Array<{ id: string }> = await manager.query(sql, parameters);
  return inserted.map(({ id }) => id);
}
