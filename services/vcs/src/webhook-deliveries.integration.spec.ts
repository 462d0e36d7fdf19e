import { WebhookDeliveryEntity } from '@slipway/db';
import { createTestDatabase, type TestDatabase } from '@slipway/testing';
import { acceptDelivery, type Delivery } from './webhook-deliveries';

describe('webhook deliveries', () => {
  let database: TestDatabase;
  const delivery = (deliveryId: string): Delivery => ({
    provider: 'github',
    deliveryId,
    project: 'shop',
    event: 'push',
  });
  const rows = () =>
    database.dataSource.getRepository(WebhookDeliveryEntity).find({ order: { deliveryId: 'ASC' } });

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.close();
  });

  it('records a delivery once; the redelivery is a duplicate and its act does not run', async () => {
    const act = jest.fn(() => Promise.resolve('started release-shop-abc'));
    expect(
      await acceptDelivery(database.dataSource, delivery('d-1'), 'started release-shop-abc', act),
    ).toEqual({
      duplicate: false,
      outcome: 'started release-shop-abc',
    });
    expect(
      await acceptDelivery(database.dataSource, delivery('d-1'), 'started release-shop-abc', act),
    ).toEqual({
      duplicate: true,
    });
    expect(act).toHaveBeenCalledTimes(1);
    expect(await rows()).toEqual([
      expect.objectContaining({
        provider: 'github',
        deliveryId: 'd-1',
        project: 'shop',
        event: 'push',
        outcome: 'started release-shop-abc',
      }),
    ]);
  });

  it('keeps the outcome the act reports', async () => {
    await acceptDelivery(database.dataSource, delivery('d-2'), 'started release-shop-abc', () =>
      Promise.resolve('release-shop-abc was already started'),
    );
    expect((await rows()).find((row) => row.deliveryId === 'd-2')?.outcome).toBe(
      'release-shop-abc was already started',
    );
  });

  it('leaves no row when the act fails, so the redelivery is processed', async () => {
    await expect(
      acceptDelivery(database.dataSource, delivery('d-3'), 'started release-shop-abc', () =>
        Promise.reject(new Error('Temporal is unreachable')),
      ),
    ).rejects.toThrow('Temporal is unreachable');
    expect((await rows()).map((row) => row.deliveryId)).toEqual(['d-1', 'd-2']);
    const act = jest.fn(() => Promise.resolve('started release-shop-abc'));
    expect(
      await acceptDelivery(database.dataSource, delivery('d-3'), 'started release-shop-abc', act),
    ).toEqual({
      duplicate: false,
      outcome: 'started release-shop-abc',
    });
    expect(act).toHaveBeenCalledTimes(1);
  });

  it('records an ignored delivery without an act, once', async () => {
    expect(await acceptDelivery(database.dataSource, delivery('d-4'), 'ignored: a star')).toEqual({
      duplicate: false,
      outcome: 'ignored: a star',
    });
    expect(await acceptDelivery(database.dataSource, delivery('d-4'), 'ignored: a star')).toEqual({
      duplicate: true,
    });
  });
});
