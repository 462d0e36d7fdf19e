import { createApiToken, SecretBox, webhookSecretsOf } from '@slipway/db';
import {
  createTestDatabase,
  type TestDatabase,
  startGateway,
  type TestGateway,
  postGraphQL,
} from '@slipway/testing';

interface Connection {
  project: { name: string; vcsProvider: string; vcsRepository: string };
  webhookUrl: string | null;
  secret: string;
}

const CONNECT = `mutation ($project: String!, $input: ConnectRepositoryInput!) {
  connectRepository(project: $project, input: $input) {
    project { name vcsProvider vcsRepository } webhookUrl secret
  }
}`;

/** Connecting a project to its GitHub or GitLab repository: the webhook secret, sealed, shown once, rotated. */
describe('connecting a repository', () => {
  let database: TestDatabase;
  const gateways: TestGateway[] = [];
  const key = SecretBox.generateKey();
  const tokens: Record<string, string> = {};

  /** A gateway over the test database; stopped after the suite. */
  async function gatewayUrl(env: Record<string, string> = {}): Promise<string> {
    const gateway = await startGateway(database.url, env);
    gateways.push(gateway);
    return gateway.graphqlUrl;
  }

  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.dataSource.query(
      `INSERT INTO projects (name, repository_url) VALUES ('shop', '/srv/shop.git'), ('blog', '/srv/blog.git')`,
    );
    tokens.admin = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    tokens.deployer = (await createApiToken(database.dataSource, 'dana', ['deployer'])).token;
    url = await gatewayUrl({ SLIPWAY_SECRET_KEY: key, SLIPWAY_WEBHOOK_URL: 'https://hooks.example.com/' });
  });

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await database.close();
  });

  async function graphql<T>(token: string, query: string, variables: Record<string, unknown>, at = url) {
    return (await postGraphQL<T>(at, token, query, variables)).body;
  }

  const connect = (project: string, input: Record<string, string>, token = tokens.admin!, at = url) =>
    graphql<{ connectRepository: Connection }>(token, CONNECT, { project, input }, at);

  it('answers the webhook URL and a secret once, keeps it sealed, and rotates with a grace period', async () => {
    const first = await connect('shop', { provider: 'github', repository: 'acme/shop' });
    expect(first.errors).toBeUndefined();
    expect(first.data?.connectRepository).toEqual({
      project: { name: 'shop', vcsProvider: 'github', vcsRepository: 'acme/shop' },
      webhookUrl: 'https://hooks.example.com/webhooks/github',
      secret: expect.stringMatching(/^whsec_/) as unknown,
    });
    const secret = first.data!.connectRepository.secret;
    const stored = await database.dataSource.query<Array<{ secret: Buffer }>>(
      'SELECT secret FROM webhook_secrets',
    );
    expect(stored.map((row) => row.secret.toString('latin1')).join()).not.toContain(secret);
    const box = new SecretBox(key);
    expect(await webhookSecretsOf(database.dataSource, box, 'shop')).toEqual([secret]);

    const rotated = await connect('shop', { provider: 'github', repository: 'acme/shop' });
    const next = rotated.data!.connectRepository.secret;
    expect(next).not.toBe(secret);
    expect(await webhookSecretsOf(database.dataSource, box, 'shop')).toEqual([next, secret]);
  });

  it('refuses a repository connected elsewhere, a malformed one, and a caller who is not admin', async () => {
    const taken = await connect('blog', { provider: 'github', repository: 'ACME/Shop' });
    expect(taken.errors?.[0]).toMatchObject({
      message: 'ACME/Shop is already connected to project shop',
      extensions: { code: 'CONFLICT', field: 'repository' },
    });
    const malformed = await connect('blog', { provider: 'github', repository: 'acme/blog/extra' });
    expect(malformed.errors?.[0]).toMatchObject({
      message: 'repository must be owner/name on GitHub',
      extensions: { code: 'BAD_USER_INPUT', field: 'repository' },
    });
    const gitlab = await connect('blog', { provider: 'gitlab', repository: 'acme/web/blog' });
    expect(gitlab.data?.connectRepository.webhookUrl).toBe('https://hooks.example.com/webhooks/gitlab');
    const deployer = await connect(
      'blog',
      { provider: 'gitlab', repository: 'acme/web/blog' },
      tokens.deployer,
    );
    expect(deployer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await connect('nope', { provider: 'github', repository: 'acme/nope' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('says what to set when the gateway has no secret key', async () => {
    const keyless = await gatewayUrl();
    const result = await connect(
      'blog',
      { provider: 'github', repository: 'acme/blog' },
      tokens.admin,
      keyless,
    );
    expect(result.errors?.[0]).toMatchObject({
      message: 'set SLIPWAY_SECRET_KEY on the gateway to keep webhook secrets',
      extensions: { code: 'UNAVAILABLE' },
    });
  });
});
