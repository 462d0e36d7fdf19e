import type { ReleaseInput } from '@slipway/temporal';
import type { DataSource, EntityManager } from 'typeorm';

/** One webhook as the provider numbered it: recorded once, so a redelivery does nothing. */
export interface Delivery {
  provider: 'github' | 'gitlab';
  /** X-GitHub-Delivery or X-Gitlab-Event-UUID. */
  deliveryId: string;
  project: string;
  event: string;
}

/** A release the delivery asks for, to be started by the dispatcher after the request. */
export interface QueuedRelease {
  workflowId: string;
  input: ReleaseInput;
}

export type DeliveryResult = { duplicate: true } | { duplicate: false; outcome: string };

/** The outcome a delivery keeps until the dispatcher has started its release. */
export function queuedOutcome(workflowId: string): string {
  return `queued ${workflowId}`;
}

/**
 * Records the delivery with its outcome, unless it was recorded before (then nothing happens). With
 * a release, the release is queued in release_starts atomically with it: either both are recorded or
 * neither, so a failed request leaves nothing and the provider's redelivery is processed.
 * The same release queued twice (a merge and its push) is one row.
 */
export async function acceptDelivery(
  dataSource: DataSource,
  delivery: Delivery,
  outcome: string,
  release?: QueuedRelease,
): Promise<DeliveryResult> {
  if (!release) {
    const inserted = await insertDelivery(dataSource.manager, delivery, outcome);
    return inserted ? { duplicate: false, outcome } : { duplicate: true };
  }
  // One statement, so one round trip and atomic: the release is queued only with a new delivery, and
  // a failure records neither. A concurrent redelivery waits on the delivery's key until this commits.
  const rows: unknown[] = await dataSource.query(
    `WITH delivery AS (
       INSERT INTO webhook_deliveries (provider, delivery_id, project, event, outcome)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (provider, delivery_id) DO NOTHING
       RETURNING delivery_id
     ), queued AS (
       INSERT INTO release_starts (workflow_id, input, provider, delivery_id)
       SELECT $6, $7, $1, delivery_id FROM delivery
       ON CONFLICT (workflow_id) DO NOTHING
     )
     SELECT delivery_id FROM delivery`,
    [
      delivery.provider,
      delivery.deliveryId,
      delivery.project,
      delivery.event,
      outcome,
      release.workflowId,
      JSON.stringify(release.input),
    ],
  );
  return rows.length === 1 ? { duplicate: false, outcome } : { duplicate: true };
}

async function insertDelivery(manager: EntityManager, delivery: Delivery, outcome: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO webhook_deliveries (provider, delivery_id, project, event, outcome)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (provider, delivery_id) DO NOTHING
     RETURNING delivery_id`,
    [delivery.provider, delivery.deliveryId, delivery.project, delivery.event, outcome],
  );
  return rows.length === 1;
}
