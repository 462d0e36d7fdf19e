// The test database is opened by @slipway/testing with the built entities: use those, not the sources.
import {
  createWebhookSecret,
  ProjectEntity,
  projectOfRepository,
  SecretBox,
  webhookSecretsOf,
} from '@slipway/db';
import { createTestDatabase, type TestDatabase } from '@slipway/testing';

describe('webhook secrets', () => {
  let database: TestDatabase;
  const box = new SecretBox(SecretBox.generateKey());

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.dataSource.getRepository(ProjectEntity).insert({
      name: 'shop',
      repositoryUrl: 'https://github.com/acme/shop.git',
      vcsProvider: 'github',
      vcsRepository: 'acme/Shop',
    });
  });

  afterAll(() => database.close());

  it('finds the project of a repository whatever the case of its name, and only on its provider', async () => {
    expect((await projectOfRepository(database.dataSource, 'github', 'ACME/shop'))?.name).toBe('shop');
    expect(await projectOfRepository(database.dataSource, 'gitlab', 'acme/shop')).toBeNull();
    expect(await projectOfRepository(database.dataSource, 'github', 'acme/blog')).toBeNull();
  });

  it('keeps secrets sealed, and accepts the previous one until its grace period ends', async () => {
    const first = await createWebhookSecret(database.dataSource, box, 'shop');
    expect(first).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const stored = await database.dataSource.query<Array<{ secret: Buffer }>>(
      'SELECT secret FROM webhook_secrets',
    );
    expect(stored[0]?.secret.toString('latin1')).not.toContain(first);
    expect(await webhookSecretsOf(database.dataSource, box, 'shop')).toEqual([first]);

    const second = await createWebhookSecret(database.dataSource, box, 'shop');
    expect(await webhookSecretsOf(database.dataSource, box, 'shop')).toEqual([second, first]);
    // A third rotation with no grace: only the newest works from now on.
    const third = await createWebhookSecret(database.dataSource, box, 'shop', 0);
    expect(await webhookSecretsOf(database.dataSource, box, 'shop')).toEqual([third]);
  });
});
