import { createTestDatabase, type TestDatabase } from '@slipway/testing';
import { DeploymentEventListener } from './listen';
import { notifyDeploymentChanged } from './publish';
import type { DeploymentNotice } from './channel';

describe('DeploymentEventListener', () => {
  let database: TestDatabase;
  let listener: DeploymentEventListener;
  const warnings: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    listener = new DeploymentEventListener(database.url, {
      warn: (_details, message) => warnings.push(message),
    });
    await listener.start();
  });

  afterAll(async () => {
    await listener.stop();
    await database.close();
  });

  const nextNotice = () => new Promise<DeploymentNotice>((resolve) => listener.once('event', resolve));

  it('hears an event only when the transaction that appends it commits', async () => {
    const heard: DeploymentNotice[] = [];
    const collect = (notice: DeploymentNotice) => heard.push(notice);
    listener.on('event', collect);
    await database.dataSource
      .transaction(async (manager) => {
        await notifyDeploymentChanged(manager, 'rolled-back');
        throw new Error('the append failed');
      })
      .catch(() => undefined);
    const committed = nextNotice();
    await database.dataSource.transaction((manager) => notifyDeploymentChanged(manager, 'kept'));
    await expect(committed).resolves.toEqual({ deploymentId: 'kept' });
    listener.off('event', collect);
    expect(heard).toEqual([{ deploymentId: 'kept' }]);
  });

  it('reconnects when PostgreSQL drops its connection, says so, and hears events again', async () => {
    const reconnected = new Promise<void>((resolve) => listener.once('reconnected', resolve));
    await database.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'slipway-listener' AND datname = current_database()`,
    );
    await reconnected;
    expect(listener.isConnected()).toBe(true);
    expect(warnings).toContain('lost the PostgreSQL LISTEN connection; reconnecting');
    const heard = nextNotice();
    await database.dataSource.transaction((manager) => notifyDeploymentChanged(manager, 'after'));
    await expect(heard).resolves.toEqual({ deploymentId: 'after' });
  });
});
