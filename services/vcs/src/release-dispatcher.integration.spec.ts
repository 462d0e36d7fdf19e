import type { Logger } from '@slipway/service';
import type { ReleaseInput } from '@slipway/temporal';
import { createTestDatabase, type TestDatabase } from '@slipway/testing';
import { ReleaseDispatcher } from './release-dispatcher';
import { postgresReleaseOutbox } from './release-outbox';
import type { StartRelease } from './release-starter';
import { acceptDelivery, queuedOutcome } from './webhook-deliveries';

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

/** The dispatcher on PostgreSQL's release_starts, with Temporal faked by what it answers. */
describe('release dispatcher', () => {
  let database: TestDatabase;
  const input: ReleaseInput = {
    project: { name: 'shop', repositoryUrl: '/srv/shop.git', specPath: '.slipway.yml' },
    ref: 'refs/heads/main',
    actor: 'octocat',
    trigger: { type: 'push', ref: 'refs/heads/main' },
    promote: true,
  };

  async function queue(deliveryId: string, workflowId: string): Promise<void> {
    await acceptDelivery(
      database.dataSource,
      { provider: 'github', deliveryId, project: 'shop', event: 'push' },
      queuedOutcome(workflowId),
      { workflowId, input },
    );
  }

  const outbox = () =>
    database.dataSource.query<Array<{ workflow_id: string; attempts: number; last_error: string | null }>>(
      `SELECT workflow_id, attempts, last_error FROM release_starts ORDER BY workflow_id`,
    );
  const outcomeOf = async (deliveryId: string) =>
    (
      await database.dataSource.query<Array<{ outcome: string }>>(
        `SELECT outcome FROM webhook_deliveries WHERE delivery_id = $1`,
        [deliveryId],
      )
    )[0]?.outcome;

  /** Waits for the outbox to empty, up to a deadline (the dispatchers run on their own). */
  async function drained(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await outbox()).length > 0) {
      if (Date.now() > deadline)
        throw new Error(`release_starts still holds ${JSON.stringify(await outbox())}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.close();
  });

  it('keeps a release whose start failed, with the error, and starts it on a later attempt', async () => {
    await queue('d-1', 'release-shop-1');
    const calls: string[] = [];
    const flaky: StartRelease = (workflowId) => {
      calls.push(workflowId);
      return calls.length === 1
        ? Promise.reject(new Error('14 UNAVAILABLE: connection refused'))
        : Promise.resolve('started');
    };
    const dispatcher = new ReleaseDispatcher({
      outbox: postgresReleaseOutbox(database.dataSource),
      startRelease: flaky,
      logger,
      retryDelayMs: () => 0,
    });

    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(await outbox()).toEqual([
      { workflow_id: 'release-shop-1', attempts: 1, last_error: '14 UNAVAILABLE: connection refused' },
    ]);
    expect(await outcomeOf('d-1')).toBe('queued release-shop-1');

    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(await outbox()).toEqual([]);
    expect(await outcomeOf('d-1')).toBe('started release-shop-1');
    expect(calls).toEqual(['release-shop-1', 'release-shop-1']);
  });

  it('does not retry a failed start before its backoff is over', async () => {
    await queue('d-2', 'release-shop-2');
    const dispatcher = new ReleaseDispatcher({
      outbox: postgresReleaseOutbox(database.dataSource),
      startRelease: () => Promise.reject(new Error('14 UNAVAILABLE: connection refused')),
      logger,
      retryDelayMs: () => 60_000,
    });
    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(await dispatcher.dispatchOnce()).toBe(0);
    await database.dataSource.query(`DELETE FROM release_starts`);
  });

  it("holds nothing while a start hangs: webhooks are still recorded, and a dead dispatcher's release is started once its lease ends", async () => {
    await queue('hang-1', 'release-shop-hang');
    let hanging: () => void = () => undefined;
    const hangs = new Promise<void>((resolve) => {
      hanging = resolve;
    });
    const stuck = new ReleaseDispatcher({
      outbox: postgresReleaseOutbox(database.dataSource),
      // A Temporal call that never answers, as on a connection gone bad.
      startRelease: () => {
        hanging();
        return new Promise<never>(() => undefined);
      },
      logger,
    });
    void stuck.dispatchOnce();
    await hangs;

    // No row lock is held: the same release asked for again is recorded at once.
    await queue('hang-2', 'release-shop-hang');
    expect(await outcomeOf('hang-2')).toBe('queued release-shop-hang');
    const started: string[] = [];
    const other = new ReleaseDispatcher({
      outbox: postgresReleaseOutbox(database.dataSource),
      startRelease: (workflowId) => {
        started.push(workflowId);
        return Promise.resolve('started');
      },
      logger,
    });
    // Leased to the stuck dispatcher: not taken twice.
    expect(await other.dispatchOnce()).toBe(0);
    // The lease ends (the stuck dispatcher died): the other one takes it.
    await database.dataSource.query(
      `UPDATE release_starts SET next_attempt_at = now() WHERE workflow_id = 'release-shop-hang'`,
    );
    expect(await other.dispatchOnce()).toBe(1);
    expect(started).toEqual(['release-shop-hang']);
    expect(await outbox()).toEqual([]);
    expect(await outcomeOf('hang-1')).toBe('started release-shop-hang');
    expect(await outcomeOf('hang-2')).toBe('release-shop-hang was already started');
  });

  it('two dispatchers never start one release twice, and start them all', async () => {
    const ids = Array.from(
      { length: 60 },
      (_, index) => `release-shop-many-${String(index).padStart(2, '0')}`,
    );
    for (const [index, id] of ids.entries()) await queue(`many-${index}`, id);
    const started: string[] = [];
    const slowStart: StartRelease = async (workflowId) => {
      started.push(workflowId);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return 'started';
    };
    const dispatchers = [1, 2].map(
      () =>
        new ReleaseDispatcher({
          outbox: postgresReleaseOutbox(database.dataSource),
          startRelease: slowStart,
          logger,
          batchSize: 7,
        }),
    );
    for (const dispatcher of dispatchers) dispatcher.start();
    try {
      await drained();
    } finally {
      await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
    }
    expect([...started].sort()).toEqual(ids);
    expect(await outcomeOf('many-59')).toBe('started release-shop-many-59');
  });

  it('starts on start-up a release queued while no dispatcher ran; a second delivery of it joined it', async () => {
    await queue('merge-1', 'release-shop-3');
    await queue('push-1', 'release-shop-3');
    const started: string[] = [];
    const dispatcher = new ReleaseDispatcher({
      outbox: postgresReleaseOutbox(database.dataSource),
      startRelease: (workflowId) => {
        started.push(workflowId);
        return Promise.resolve('started');
      },
      logger,
      // No wake-up and no poll within the test: only the start-up pass can take the row.
      pollIntervalMs: 60_000,
    });
    dispatcher.start();
    try {
      await drained();
    } finally {
      await dispatcher.stop();
    }
    expect(started).toEqual(['release-shop-3']);
    expect(await outcomeOf('merge-1')).toBe('started release-shop-3');
    expect(await outcomeOf('push-1')).toBe('release-shop-3 was already started');
  });
});
