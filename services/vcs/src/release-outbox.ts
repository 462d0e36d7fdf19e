import type { ReleaseInput } from '@slipway/temporal';
import type { DataSource, EntityManager } from 'typeorm';
import type { ReleaseStart } from './release-starter';
import { queuedOutcome } from './webhook-deliveries';

/** A row of release_starts: a release a webhook asked for that is not started yet. */
export interface PendingRelease {
  workflowId: string;
  input: ReleaseInput;
  attempts: number;
}

/** What became of one start: started (or found running), or failed and to be tried again later. */
export type StartResult =
  { workflowId: string; start: ReleaseStart } | { workflowId: string; error: string; retryInMs: number };

/** Where the dispatcher takes its work from; PostgreSQL in the service, a fake in unit tests. */
export interface ReleaseOutbox {
  /**
   * Takes up to `limit` due releases no other dispatcher holds, lets `start` try them, and records
   * the results together: a started release leaves the outbox and its deliveries say so; a failed
   * one stays for a later attempt. Answers how many releases were taken.
   */
  dispatchDue(limit: number, start: (due: PendingRelease[]) => Promise<StartResult[]>): Promise<number>;
}

interface DueRow {
  workflow_id: string;
  input: ReleaseInput;
  attempts: number;
  provider: string | null;
  delivery_id: string | null;
}

/**
 * How long a taken release is left alone by other dispatchers. Longer than a start may take (the
 * starter's deadline), so only a dispatcher that died mid-batch lets one go back to the queue.
 */
export const RELEASE_LEASE_MS = 60_000;

/**
 * The outbox in release_starts. Due rows are leased in one statement (SKIP LOCKED, so several vcs
 * instances share it) and no connection or lock is held while Temporal is called; the results are
 * then recorded in one transaction. A dispatcher that dies between the two leaves its rows to be taken
 * again when the lease ends, and starting a release twice is harmless ("already started").
 */
export function postgresReleaseOutbox(dataSource: DataSource): ReleaseOutbox {
  return {
    dispatchDue: async (limit, start) => {
      const [rows] = await dataSource.query<[DueRow[], number]>(
        `UPDATE release_starts r
         SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
         FROM (SELECT workflow_id FROM release_starts
               WHERE next_attempt_at <= now()
               ORDER BY next_attempt_at
               LIMIT $1
               FOR UPDATE SKIP LOCKED) due
         WHERE r.workflow_id = due.workflow_id
         RETURNING r.workflow_id, r.input, r.attempts, r.provider, r.delivery_id`,
        [limit, RELEASE_LEASE_MS],
      );
      if (rows.length === 0) return 0;
      const results = await start(
        rows.map((row) => ({ workflowId: row.workflow_id, input: row.input, attempts: row.attempts })),
      );
      await dataSource.transaction((manager) => recordResults(manager, rows, results));
      return rows.length;
    },
  };
}

async function recordResults(manager: EntityManager, rows: DueRow[], results: StartResult[]): Promise<void> {
  const started = results.filter((result) => 'start' in result);
  const failed = results.filter((result) => 'error' in result);
  if (started.length > 0) {
    const queuedBy = new Map(rows.map((row) => [row.workflow_id, row]));
    await manager.query(`DELETE FROM release_starts WHERE workflow_id = ANY($1::text[])`, [
      started.map((result) => result.workflowId),
    ]);
    // The delivery that queued the row is told how its start went; any other delivery that asked
    // for the same release meanwhile (a merge and its push) joined a release already on its way.
    await manager.query(
      `UPDATE webhook_deliveries d
       SET outcome = CASE
         WHEN d.provider = s.provider AND d.delivery_id = s.delivery_id THEN s.final
         ELSE s.workflow_id || ' was already started' END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         AS s(queued, final, workflow_id, provider, delivery_id)
       WHERE d.outcome = s.queued AND d.outcome LIKE 'queued %'`,
      [
        started.map((result) => queuedOutcome(result.workflowId)),
        started.map((result) =>
          result.start === 'started'
            ? `started ${result.workflowId}`
            : `${result.workflowId} was already started`,
        ),
        started.map((result) => result.workflowId),
        started.map((result) => queuedBy.get(result.workflowId)?.provider ?? null),
        started.map((result) => queuedBy.get(result.workflowId)?.delivery_id ?? null),
      ],
    );
  }
  for (const failure of failed) {
    await manager.query(
      `UPDATE release_starts
       SET attempts = attempts + 1, last_error = $2,
           next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
       WHERE workflow_id = $1`,
      [failure.workflowId, failure.error, failure.retryInMs],
    );
  }
}
