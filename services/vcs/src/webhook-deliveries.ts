import type { DataSource, EntityManager } from 'typeorm';

/** One webhook as the provider numbered it: recorded once, so a redelivery does nothing. */
export interface Delivery {
  provider: 'github' | 'gitlab';
  /** X-GitHub-Delivery or X-Gitlab-Event-UUID. */
  deliveryId: string;
  project: string;
  event: string;
}

export type DeliveryResult = { duplicate: true } | { duplicate: false; outcome: string };

/**
 * Records the delivery with its outcome, unless it was recorded before (then nothing happens).
 * With `act`, the record and the act commit together: if the act fails (Temporal unreachable), the
 * record is rolled back, so the provider's redelivery is processed instead of being taken for a
 * duplicate. `act` answers the outcome to keep when it differs from the one expected.
 */
export async function acceptDelivery(
  dataSource: DataSource,
  delivery: Delivery,
  outcome: string,
  act?: () => Promise<string>,
): Promise<DeliveryResult> {
  if (!act) {
    const inserted = await insertDelivery(dataSource.manager, delivery, outcome);
    return inserted ? { duplicate: false, outcome } : { duplicate: true };
  }
  return dataSource.transaction(async (manager): Promise<DeliveryResult> => {
    // A concurrent redelivery waits here on the row until this transaction ends.
    if (!(await insertDelivery(manager, delivery, outcome))) return { duplicate: true };
    const actual = await act();
    if (actual !== outcome) {
      await manager.query(
        `UPDATE webhook_deliveries SET outcome = $3 WHERE provider = $1 AND delivery_id = $2`,
        [delivery.provider, delivery.deliveryId, actual],
      );
    }
    return { duplicate: false, outcome: actual };
  });
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
