import type { DeliveryAttemptOutcome, DeliveryState } from '@slipway/db';
import type { DataSource } from 'typeorm';

/** What is being delivered where, as the delivery log names it. */
export interface DeliveryTarget {
  key: string;
  deploymentId: string | null;
  project: string;
  environment: string | null;
  kind: string;
  channel: 'slack' | 'email';
  target: string;
}

/** What earlier attempts left of a delivery. */
export interface DeliveryRecord {
  state: DeliveryState;
  providerRef: string | null;
  attempts: number;
}

/** The longest provider answer kept per attempt: enough for any error, never a whole HTML page. */
const RESPONSE_LIMIT = 500;

/**
 * Every delivery and every attempt at it, in PostgreSQL: what was sent where, when, and what the
 * provider answered. The key is the idempotency key: a delivery found SENT is never sent again.
 */
export class DeliveryLog {
  constructor(private readonly dataSource: DataSource) {}

  /** The delivery as earlier attempts left it; created (SENDING, no attempts) the first time. */
  async open(target: DeliveryTarget): Promise<DeliveryRecord> {
    const [row] = await this.dataSource.query<
      Array<{ state: DeliveryState; provider_ref: string | null; attempts: number }>
    >(
      `WITH created AS (
         INSERT INTO notification_deliveries
           (key, deployment_id, project, environment, kind, channel, target, state, attempts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'SENDING', 0)
         ON CONFLICT (key) DO NOTHING
         RETURNING state, provider_ref, attempts)
       SELECT * FROM created
       UNION ALL
       SELECT state, provider_ref, attempts FROM notification_deliveries WHERE key = $1
       LIMIT 1`,
      [
        target.key,
        target.deploymentId,
        target.project,
        target.environment,
        target.kind,
        target.channel,
        target.target,
      ],
    );
    if (!row) throw new Error(`delivery ${target.key} could not be opened`);
    return { state: row.state, providerRef: row.provider_ref, attempts: row.attempts };
  }

  /** Records one attempt and what it leaves the delivery in, in one transaction. */
  async attempt(
    key: string,
    attempt: number,
    outcome: DeliveryAttemptOutcome,
    response: string,
    providerRef: string | null = null,
  ): Promise<void> {
    const answer = response.length > RESPONSE_LIMIT ? `${response.slice(0, RESPONSE_LIMIT)}…` : response;
    const state: DeliveryState =
      outcome === 'SENT' || outcome === 'ALREADY_SENT' ? 'SENT' : outcome === 'FAILED' ? 'FAILED' : 'SENDING';
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO notification_delivery_attempts (key, attempt, at, outcome, response)
         VALUES ($1, $2, now(), $3, $4)
         ON CONFLICT (key, attempt) DO UPDATE SET at = now(), outcome = $3, response = $4`,
        [key, attempt, outcome, answer],
      );
      await manager.query(
        `UPDATE notification_deliveries
            SET state = $2, response = $3, provider_ref = COALESCE($4, provider_ref),
                attempts = GREATEST(attempts, $5), updated_at = now()
          WHERE key = $1`,
        [key, state, answer, providerRef, attempt],
      );
    });
  }
}
