import { WebhookDeliveryEntity } from '@slipway/db';
import type { ReleaseInput } from '@slipway/temporal';
import { createTestDatabase, type TestDatabase } from '@slipway/testing';
import { acceptDelivery, type Delivery, type QueuedRelease } from './webhook-deliveries';

describe('webhook deliveries', () => {
  let database: TestDatabase;
  const delivery = (deliveryId: string): Delivery => ({
    provider: 'github',
    deliveryId,
    project: 'shop',
    event: 'push',
  });
  const input: ReleaseInput = {
    project: { name: 'shop', repositoryUrl: '/srv/shop.git', specPath: '.slipway.yml' },
    ref: 'refs/heads/main',
    actor: 'octocat',
    trigger: { type: 'push', ref: 'refs/heads/main' },
    promote: true,
  };
  const release = (workflowId: string): QueuedRelease => ({ workflowId, input });
  const rows = () =>
    database.dataSource.getRepository(WebhookDeliveryEntity).find({ order: { deliveryId: 'ASC' } });
  const queued = () =>
    database.dataSource.query<Array<{ workflow_id: string; input: ReleaseInput; delivery_id: string }>>(
      `SELECT workflow_id, input, delivery_id FROM release_starts ORDER BY workflow_id`,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.close();
  });

  it('records a delivery and queues its release together, once; the redelivery is a duplicate', async () => {
    expect(
      await acceptDelivery(
        database.dataSource,
        delivery('d-1'),
        'queued release-shop-abc',
        release('release-shop-abc'),
      ),
    ).toEqual({ duplicate: false, outcome: 'queued release-shop-abc' });
    expect(
      await acceptDelivery(
        database.dataSource,
        delivery('d-1'),
        'queued release-shop-abc',
        release('release-shop-abc'),
      ),
    ).toEqual({ duplicate: true });
    expect(await rows()).toEqual([
      expect.objectContaining({
        provider: 'github',
        deliveryId: 'd-1',
        project: 'shop',
        event: 'push',
        outcome: 'queued release-shop-abc',
      }),
    ]);
    expect(await queued()).toEqual([{ workflow_id: 'release-shop-abc', input, delivery_id: 'd-1' }]);
  });

  it('queues a release asked for by two deliveries (a merge and its push) once', async () => {
    await acceptDelivery(
      database.dataSource,
      delivery('d-2'),
      'queued release-shop-abc',
      release('release-shop-abc'),
    );
    expect((await rows()).map((row) => [row.deliveryId, row.outcome])).toEqual([
      ['d-1', 'queued release-shop-abc'],
      ['d-2', 'queued release-shop-abc'],
    ]);
    expect(await queued()).toEqual([{ workflow_id: 'release-shop-abc', input, delivery_id: 'd-1' }]);
  });

  it('records nothing when the transaction fails, so the redelivery is processed', async () => {
    // Input PostgreSQL cannot store (a NUL character in jsonb) fails the queueing after the delivery's insert.
    const broken = { workflowId: 'release-shop-broken', input: { ...input, actor: '\u0000' } };
    await expect(
      acceptDelivery(database.dataSource, delivery('d-3'), 'queued release-shop-broken', broken),
    ).rejects.toThrow();
    expect((await rows()).map((row) => row.deliveryId)).toEqual(['d-1', 'd-2']);
    expect((await queued()).map((row) => row.workflow_id)).toEqual(['release-shop-abc']);
    expect(
      await acceptDelivery(
        database.dataSource,
        delivery('d-3'),
        'queued release-shop-def',
        release('release-shop-def'),
      ),
    ).toEqual({ duplicate: false, outcome: 'queued release-shop-def' });
  });

  it('records an ignored delivery without a release, once', async () => {
    expect(await acceptDelivery(database.dataSource, delivery('d-4'), 'ignored: a star')).toEqual({
      duplicate: false,
      outcome: 'ignored: a star',
    });
    expect(await acceptDelivery(database.dataSource, delivery('d-4'), 'ignored: a star')).toEqual({
      duplicate: true,
    });
    expect((await queued()).map((row) => row.workflow_id)).toEqual(['release-shop-abc', 'release-shop-def']);
  });
});
