import { createApiToken, hashApiToken } from '@slipway/db';
import {
  createTestDatabase,
  type TestDatabase,
  startGateway,
  type TestGateway,
  postGraphQL,
} from '@slipway/testing';

interface ApiToken {
  id: string;
  name: string;
  roles: string[];
  projects: string[] | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const FIELDS = 'id name roles projects expiresAt revokedAt lastUsedAt';
/** What this suite's client says it is; the audit log keeps it with every mutation. */
const CLIENT = 'slipway-cli/0.1 (e2e)';

/** API tokens for the CLI and CI, managed over GraphQL by an admin: shown once, stored hashed, revocable. */
describe('API tokens', () => {
  let database: TestDatabase;
  let gateway: TestGateway;
  let url: string;
  let admin: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    gateway = await startGateway(database.url);
    url = gateway.graphqlUrl;
  });

  afterAll(async () => {
    await gateway.stop();
    await database.close();
  });

  async function graphql<T>(bearer: string, query: string, variables: Record<string, unknown> = {}) {
    return (await postGraphQL<T>(url, bearer, query, variables, { 'user-agent': CLIENT })).body;
  }

  const create = (bearer: string, input: Record<string, unknown>) =>
    graphql<{ createApiToken: { token: string; apiToken: ApiToken } }>(
      bearer,
      `mutation ($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { ${FIELDS} } } }`,
      { input },
    );

  it('creates a token shown once, stored only as its hash, that works until it is revoked', async () => {
    const created = await create(admin, { name: 'ci-deploy', roles: ['deployer'], expiresInDays: 30 });
    expect(created.errors).toBeUndefined();
    const { token, apiToken } = created.data!.createApiToken;
    expect(token).toMatch(/^slw_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({
      name: 'ci-deploy',
      roles: ['deployer'],
      projects: null,
      revokedAt: null,
      lastUsedAt: null,
    });
    const days = (Date.parse(apiToken.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const stored: Array<{ token_hash: Buffer }> = await database.dataSource.query(
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [apiToken.id],
    );
    expect(stored[0]?.token_hash.equals(hashApiToken(token))).toBe(true);
    expect(JSON.stringify(await graphql(admin, `{ apiTokens { ${FIELDS} } }`))).not.toContain(token);

    const asCi = await graphql<{ projects: unknown[] }>(token, '{ projects { name } }');
    expect(asCi.errors).toBeUndefined();
    const listed = await graphql<{ apiTokens: ApiToken[] }>(admin, `{ apiTokens { ${FIELDS} } }`);
    expect(listed.data?.apiTokens.find((item) => item.id === apiToken.id)?.lastUsedAt).not.toBeNull();
    // A deployer cannot manage tokens.
    expect((await create(token, { name: 'x', roles: ['admin'] })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );

    const revoked = await graphql<{ revokeApiToken: ApiToken }>(
      admin,
      `mutation ($id: ID!) { revokeApiToken(id: $id) { ${FIELDS} } }`,
      { id: apiToken.id },
    );
    expect(revoked.data?.revokeApiToken.revokedAt).not.toBeNull();
    expect((await graphql(token, '{ projects { name } }')).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const again = await graphql(admin, 'mutation ($id: ID!) { revokeApiToken(id: $id) { id } }', {
      id: apiToken.id,
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it.each([
    [{ name: ' ', roles: ['viewer'] }, 'name', 'name must not be empty'],
    [{ name: 'ci', roles: [] }, 'roles', 'roles must name at least one role'],
    [{ name: 'ci', roles: ['root'] }, 'roles.0', 'roles must be among admin, deployer, viewer'],
    [
      { name: 'ci', roles: ['viewer'], expiresInDays: 0 },
      'expiresInDays',
      'expiresInDays must be at least 1',
    ],
  ])('refuses %j, naming the field', async (input, field, message) => {
    const result = await create(admin, input);
    expect(result.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field } });
  });

  it('limits a token to its projects: it holds its roles there and nowhere else', async () => {
    await database.dataSource.query(
      `INSERT INTO projects (name, repository_url) VALUES ('shop', '/srv/shop.git'), ('blog', '/srv/blog.git')`,
    );
    const created = await create(admin, { name: 'blog-ci', roles: ['deployer'], projects: ['blog', 'blog'] });
    expect(created.data?.createApiToken.apiToken).toMatchObject({ projects: ['blog'] });
    const blogToken = created.data!.createApiToken.token;
    const me = await graphql<{ me: { kind: string; name: string; grants: unknown[] } }>(
      blogToken,
      '{ me { kind name grants { role project environment } } }',
    );
    expect(me.data?.me).toEqual({
      kind: 'token',
      name: 'blog-ci',
      grants: [{ role: 'deployer', project: 'blog', environment: null }],
    });
    const deploy = await graphql(
      blogToken,
      'mutation { deploy(input: { project: "shop", environment: "staging", ref: "main" }) { id } }',
    );
    expect(deploy.errors?.[0]).toMatchObject({
      message: 'This needs one of the roles deployer in project shop, environment staging.',
      extensions: { code: 'FORBIDDEN' },
    });

    const unknown = await create(admin, { name: 'ci', roles: ['viewer'], projects: ['shop', 'nope'] });
    expect(unknown.errors?.[0]).toMatchObject({
      message: 'projects: no project is named nope',
      extensions: { code: 'BAD_USER_INPUT', field: 'projects' },
    });
  });

  it('audits every mutation attempted, denied ones included, without secrets', async () => {
    const viewer = (await create(admin, { name: 'audit-viewer', roles: ['viewer'] })).data!.createApiToken
      .token;
    await create(viewer, { name: 'sneaky', roles: ['admin'] });
    // A User-Agent longer than the log keeps is cut to its first 300 characters.
    const rambling = `curl/8.5.0 ${'x'.repeat(400)}`;
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': rambling },
      body: JSON.stringify({ query: 'mutation { revokeApiToken(id: "x") { id } }' }),
    });
    const entries = await graphql<{ auditEntries: Array<Record<string, unknown>> }>(
      admin,
      `
        {
          auditEntries(first: 3) {
            actor
            actorKind
            ip
            userAgent
            action
            arguments
            outcome
            code
            message
          }
        }
      `,
    );
    expect(entries.errors).toBeUndefined();
    const loopback = expect.stringMatching(/127\.0\.0\.1/) as unknown;
    expect(entries.data?.auditEntries).toEqual([
      {
        actor: null,
        actorKind: null,
        ip: loopback,
        userAgent: rambling.slice(0, 300),
        action: 'revokeApiToken',
        arguments: '{"id":"x"}',
        outcome: 'denied',
        code: 'UNAUTHENTICATED',
        message: 'Sign in first, or send Authorization: Bearer <API token>.',
      },
      {
        actor: 'audit-viewer',
        actorKind: 'token',
        ip: loopback,
        userAgent: CLIENT,
        action: 'createApiToken',
        arguments: JSON.stringify({ input: { name: 'sneaky', roles: ['admin'] } }),
        outcome: 'denied',
        code: 'FORBIDDEN',
        message: 'This needs one of the roles: admin.',
      },
      {
        actor: 'root',
        actorKind: 'token',
        ip: loopback,
        userAgent: CLIENT,
        action: 'createApiToken',
        arguments: JSON.stringify({ input: { name: 'audit-viewer', roles: ['viewer'] } }),
        outcome: 'ok',
        code: null,
        message: null,
      },
    ]);
    const denied = await graphql<{ auditEntries: Array<{ action: string }> }>(
      admin,
      `
        {
          auditEntries(filter: { outcome: denied, actor: "audit-viewer" }) {
            action
          }
        }
      `,
    );
    expect(denied.data?.auditEntries).toEqual([{ action: 'createApiToken' }]);
    // Created tokens never reach the log: only what was asked is kept.
    const all = await database.dataSource.query<unknown[]>(
      'SELECT arguments::text AS text FROM audit_entries',
    );
    expect(JSON.stringify(all)).not.toMatch(/slw_/);
    expect((await graphql(viewer, '{ auditEntries { id } }')).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it('refuses to revoke a token that does not exist', async () => {
    const result = await graphql(admin, 'mutation { revokeApiToken(id: "not-a-token") { id } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
