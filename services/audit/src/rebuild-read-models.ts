import type { DeploymentEventBody, DeploymentEventEnvelope } from '@slipway/domain';
import { EVENT_LOG_LOCK } from '@slipway/events';
import type { DataSource, EntityManager } from 'typeorm';
import { applyToReadModels, READ_MODELS } from './read-models';

export interface RebuildOptions {
  /** Events read from the log per query; only this many are held in memory at once. */
  batchSize?: number;
}

export interface RebuildSummary {
  events: number;
  deployments: number;
  durationMs: number;
}

interface StoredEvent {
  id: string;
  event_id: string;
  deployment_id: string;
  sequence: number;
  body: DeploymentEventBody;
  occurred_at: Date;
}

/**
 * Empties every read model and replays `deployment_events` into them, in log order, through the code
 * the live append uses. One transaction: readers see the old read models until it commits (it deletes
 * rather than truncates, so nobody waits for it), and a replay that fails leaves them as they were.
 * Appends wait for it (it holds the log's lock), so no event lands between the replay and the commit.
 */
export async function rebuildReadModels(
  dataSource: DataSource,
  { batchSize = 5000 }: RebuildOptions = {},
): Promise<RebuildSummary> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const started = performance.now();
  return dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOG_LOCK]);
    for (const table of READ_MODELS) await manager.query(`DELETE FROM ${table}`);
    let events = 0;
    let after = '0';
    for (;;) {
      const batch = await manager.query<StoredEvent[]>(
        `SELECT id, event_id, deployment_id, sequence, body, occurred_at
         FROM deployment_events WHERE id > $1 ORDER BY id LIMIT $2`,
        [after, batchSize],
      );
      const last = batch.at(-1);
      if (!last) break;
      await replay(manager, batch);
      events += batch.length;
      after = last.id;
    }
    const [{ count }] = await manager.query<[{ count: number }]>(
      'SELECT count(*)::int AS count FROM deployments',
    );
    return { events, deployments: count, durationMs: Math.round(performance.now() - started) };
  });
}

/**
 * Applies a batch of the log, a run of consecutive events of one deployment at a time: the batches a
 * workflow sent, or parts of them, which give the same read models.
 */
async function replay(manager: EntityManager, batch: readonly StoredEvent[]): Promise<void> {
  let run: StoredEvent[] = [];
  const apply = async () => {
    if (run.length === 0) return;
    try {
      await applyToReadModels(manager, run.map(toEnvelope));
    } catch (error) {
      const [first] = run;
      throw new Error(
        `could not replay deployment ${first?.deployment_id} from event ${first?.id}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    run = [];
  };
  for (const event of batch) {
    if (run[0] && run[0].deployment_id !== event.deployment_id) await apply();
    run.push(event);
  }
  await apply();
}

function toEnvelope(event: StoredEvent): DeploymentEventEnvelope {
  return {
    eventId: event.event_id,
    deploymentId: event.deployment_id,
    sequence: event.sequence,
    occurredAt: event.occurred_at.toISOString(),
    body: event.body,
  };
}
