import { createTestDatabase, type TestDatabase, startGateway, type TestGateway } from '@slipway/testing';
import { createClient } from 'graphql-ws';
import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';

interface GraphQLResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * A browser's session, as a sign-in leaves it (the SAML and GitHub tests sign in for real): the cookie
 * authenticates queries, mutations also need the CSRF header, WebSockets need the console's origin.
 */
describe('browser sessions', () => {
  let database: TestDatabase;
  let gateway: TestGateway;
  let base: string;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.dataSource.query(
      `INSERT INTO projects (name, repository_url) VALUES ('shop', '/srv/shop.git')`,
    );
    const [user] = await database.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO users (provider, subject, name, email, groups, grants)
       VALUES ('saml', 'alex', 'Alex', 'alex@example.com', '{ops}', $1) RETURNING id`,
      [JSON.stringify([{ role: 'admin', project: 'shop', environment: null }])],
    );
    userId = user!.id;
    gateway = await startGateway(database.url);
    base = gateway.base;
  });

  afterAll(async () => {
    await gateway.stop();
    await database.close();
  });

  /** A session as SessionsService.start stores it; answers the session cookie and its CSRF token. */
  async function openSession(expiresInMs = 3_600_000): Promise<{ cookie: string; csrf: string }> {
    const token = randomBytes(32).toString('base64url');
    await database.dataSource.query(
      `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`,
      [sha256(token), userId, new Date(Date.now() + expiresInMs)],
    );
    return {
      cookie: `slipway_session=${token}`,
      csrf: createHash('sha256').update(`slipway-csrf:${token}`).digest('base64url'),
    };
  }

  async function graphql<T>(query: string, headers: Record<string, string>) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  const SET_SETTINGS =
    'mutation { setNotificationSettings(input: { project: "shop", slackChannels: ["#shop"] }) { updatedBy } }';

  it('authenticates queries with the cookie; mutations only with the CSRF header as well', async () => {
    const { cookie, csrf } = await openSession();
    const me = await graphql<{ me: unknown }>('{ me { kind name grants { role project } } }', { cookie });
    expect(me.data?.me).toEqual({
      kind: 'user',
      name: 'alex@example.com',
      grants: [{ role: 'admin', project: 'shop' }],
    });
    const forged = await graphql(SET_SETTINGS, { cookie });
    expect(forged.errors?.[0]).toMatchObject({
      message: "A signed-in browser's mutation must send its x-slipway-csrf header.",
      extensions: { code: 'FORBIDDEN' },
    });
    const wrong = await graphql(SET_SETTINGS, { cookie, 'x-slipway-csrf': `${csrf.slice(0, -1)}A` });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const done = await graphql<{ setNotificationSettings: { updatedBy: string } }>(SET_SETTINGS, {
      cookie,
      'x-slipway-csrf': csrf,
    });
    expect(done).toEqual({ data: { setNotificationSettings: { updatedBy: 'alex@example.com' } } });
    // Another session's CSRF token does not fit this one.
    const other = await openSession();
    expect(
      (await graphql(SET_SETTINGS, { cookie, 'x-slipway-csrf': other.csrf })).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it('ends at sign-out and at expiry', async () => {
    const { cookie } = await openSession();
    const logout = await fetch(`${base}/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^slipway_session=; .*Expires=Thu, 01 Jan 1970/),
      expect.stringMatching(/^slipway_csrf=; .*Expires=Thu, 01 Jan 1970/),
    ]);
    expect((await graphql('{ me { name } }', { cookie })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const expired = await openSession(-1000);
    expect((await graphql('{ me { name } }', { cookie: expired.cookie })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  /** Resolves with the first answer to `me` over graphql-ws, or rejects with why the socket closed. */
  function meOverWebSocket(headers: Record<string, string>): Promise<unknown> {
    const client = createClient({
      url: `${base.replace('http', 'ws')}/graphql`,
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers });
        }
      },
      retryAttempts: 0,
      lazy: true,
    });
    return new Promise<unknown>((resolve, reject) => {
      client.subscribe(
        { query: 'subscription { deploymentEvents(id: "00000000-0000-4000-8000-000000000000") { id } }' },
        { next: resolve, error: reject, complete: () => resolve(null) },
      );
    }).finally(() => void client.dispose());
  }

  it('authenticates a WebSocket by its cookie only when it comes from the console', async () => {
    const { cookie } = await openSession();
    // Signed in: the subscription runs and finds no such deployment.
    const answer = await meOverWebSocket({ cookie, origin: base }).catch((error: unknown) => error);
    expect(JSON.stringify(answer)).toContain('NOT_FOUND');
    // Another site's page riding the cookie, or no cookie: the socket is closed before anything runs.
    const strangers: Array<Record<string, string>> = [
      { cookie, origin: 'https://evil.example' },
      { origin: base },
    ];
    for (const headers of strangers) {
      const refused = await meOverWebSocket(headers).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 4403 });
    }
  });
});
