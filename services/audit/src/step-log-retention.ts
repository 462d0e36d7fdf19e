import type { DataSource } from 'typeorm';

/** Lines deleted per statement: each DELETE is short, so none holds its row locks for long. */
export const PRUNE_BATCH_SIZE = 10_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Deletes the step log lines written before `olderThan`, a batch per statement (each its own
 * transaction), until none is left or `stopping()` says so; answers how many it deleted. Only
 * step_logs: deployment events, audit entries and the read models are small and kept for good.
 *
 * step_logs has no index on `at`, and needs none: ids grow with time, so the walk down the primary key
 * meets the old lines first and stops after a batch. SKIP LOCKED lets several audit replicas prune at
 * once without waiting on each other.
 */
export async function pruneStepLogs(
  dataSource: DataSource,
  olderThan: Date,
  {
    batchSize = PRUNE_BATCH_SIZE,
    stopping = () => false,
  }: { batchSize?: number; stopping?: () => boolean } = {},
): Promise<number> {
  let pruned = 0;
  for (;;) {
    const [batch] = await dataSource.query<Array<{ count: number }>>(
      `WITH pruned AS (
         DELETE FROM step_logs
         WHERE id IN (SELECT id FROM step_logs WHERE at < $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING 1
       )
       SELECT count(*)::int AS count FROM pruned`,
      [olderThan, batchSize],
    );
    const count = batch?.count ?? 0;
    pruned += count;
    if (count < batchSize || stopping()) return pruned;
  }
}

/** What retention says about itself, as the service's pino logger takes it. */
export interface RetentionLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface StepLogRetentionOptions {
  dataSource: DataSource;
  /** Lines older than this many days go. */
  retentionDays: number;
  logger: RetentionLogger;
  /** Between two prunes: an hour. */
  intervalMs?: number;
  now?: () => Date;
}

export interface StepLogRetention {
  /** No further prune starts; resolves once the one running (if any) has stopped after its batch. */
  stop(): Promise<void>;
}

/**
 * Prunes step logs older than the retention at once, then every hour, one prune at a time. A prune that
 * fails is logged and tried again at the next; the timer never keeps the process alive by itself.
 */
export function scheduleStepLogRetention({
  dataSource,
  retentionDays,
  logger,
  intervalMs = HOUR_MS,
  now = () => new Date(),
}: StepLogRetentionOptions): StepLogRetention {
  let stopped = false;
  const prune = async (): Promise<void> => {
    if (stopped) return;
    const olderThan = new Date(now().getTime() - retentionDays * DAY_MS);
    try {
      const pruned = await pruneStepLogs(dataSource, olderThan, { stopping: () => stopped });
      logger.info(
        { pruned, olderThan: olderThan.toISOString(), retentionDays },
        `pruned ${pruned} step log lines older than ${retentionDays} days`,
      );
    } catch (error) {
      logger.error({ err: error }, 'could not prune step logs; trying again at the next run');
    }
  };
  let running = prune();
  const timer = setInterval(() => {
    running = running.then(prune);
  }, intervalMs).unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
