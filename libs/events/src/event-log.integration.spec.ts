import type { DeploymentEventEnvelope } from '@slipway/domain';
import { createTestDatabase, type TestDatabase } from '@slipway/testing';
import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { insertDeploymentEvents } from './event-log';

/** The next event of a deployment (only the log matters here, not the read model). */
function eventOf(deploymentId: string, sequence: number): DeploymentEventEnvelope {
  return {
    eventId: randomUUID(),
    deploymentId,
    sequence,
    occurredAt: new Date().toISOString(),
    body: { type: 'STEP_STARTED', step: sequence },
  };
}

/** Reads the whole log the way a live subscriber does: page after page, after the last id it delivered. */
class Follower {
  readonly delivered: string[] = [];

  constructor(private readonly database: TestDatabase) {}

  async catchUp(): Promise<void> {
    for (;;) {
      const after = this.delivered.at(-1) ?? '0';
      const rows: Array<{ id: string }> = await this.database.dataSource.query(
        'SELECT id FROM deployment_events WHERE id > $1 ORDER BY id LIMIT 3',
        [after],
      );
      if (rows.length === 0) return;
      this.delivered.push(...rows.map(({ id }) => id));
    }
  }
}

describe('the deployment event log', () => {
  let database: TestDatabase;

  // The log refuses TRUNCATE and DELETE: each test starts from an empty one of its own.
  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await database.close();
  });

  const everyId = async (): Promise<string[]> =>
    (
      await database.dataSource.query<Array<{ id: string }>>('SELECT id FROM deployment_events ORDER BY id')
    ).map(({ id }) => id);

  async function openTransaction(): Promise<QueryRunner & { pid: number }> {
    const runner = database.dataSource.createQueryRunner();
    await runner.connect();
    const [{ pid }] = await runner.manager.query<[{ pid: number }]>('SELECT pg_backend_pid() AS pid');
    await runner.startTransaction();
    return Object.assign(runner, { pid });
  }

  /** Until the append settles or its backend waits for a lock: either way, it did what it could. */
  async function settledOrBlocked(append: Promise<unknown>, pid: number): Promise<void> {
    const progress = { settled: false };
    void append.finally(() => (progress.settled = true)).catch(() => undefined);
    for (;;) {
      if (progress.settled) return;
      const [state] = await database.dataSource.query<Array<{ wait_event_type: string | null }>>(
        'SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1',
        [pid],
      );
      if (state?.wait_event_type === 'Lock') return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('gives a later commit a larger id, so a reader resuming after the last id it saw misses nothing', async () => {
    const first = await openTransaction();
    const second = await openTransaction();
    try {
      // The first append takes its id, then its transaction stays open while a second append runs.
      await insertDeploymentEvents(first.manager, [eventOf(randomUUID(), 1)]);
      const secondAppend = insertDeploymentEvents(second.manager, [eventOf(randomUUID(), 1)]).then(() =>
        second.commitTransaction(),
      );
      await settledOrBlocked(secondAppend, second.pid);
      const follower = new Follower(database);
      await follower.catchUp();
      await first.commitTransaction();
      await secondAppend;
      await follower.catchUp();
      expect(follower.delivered).toEqual(await everyId());
      expect(follower.delivered).toHaveLength(2);
    } finally {
      await first.release();
      await second.release();
    }
  });

  it('lets a follower read every event exactly once while many deployments append at the same time', async () => {
    const writers = Array.from({ length: 6 }, () => randomUUID());
    const batches = 8;
    const follower = new Follower(database);
    const appends = { running: true };
    const following = (async () => {
      while (appends.running) await follower.catchUp();
    })();
    await Promise.all(
      writers.map(async (deploymentId) => {
        for (let sequence = 1; sequence <= batches; sequence += 1) {
          await database.dataSource.transaction(async (manager) => {
            await insertDeploymentEvents(manager, [eventOf(deploymentId, sequence)]);
            // Holds the transaction open a little, as the read-model updates after the insert do.
            await manager.query('SELECT pg_sleep($1)', [Math.random() / 100]);
          });
        }
      }),
    );
    appends.running = false;
    await following;
    await follower.catchUp();
    const stored = await everyId();
    expect(stored).toHaveLength(writers.length * batches);
    expect(follower.delivered).toEqual(stored);
  });

  it('stores a retried batch once and says nothing was inserted the second time', async () => {
    const batch = [eventOf(randomUUID(), 1), eventOf(randomUUID(), 1)];
    const first = await database.dataSource.transaction((manager) => insertDeploymentEvents(manager, batch));
    const again = await database.dataSource.transaction((manager) => insertDeploymentEvents(manager, batch));
    expect(first).toHaveLength(2);
    expect(again).toEqual([]);
    expect(await everyId()).toEqual(first);
  });
});
