import { createApiToken } from '@slipway/db';
import { createTestDatabase, type TestDatabase, startGateway, type TestGateway } from '@slipway/testing';

interface GraphQLResponse {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** The gateway as production runs it: no schema tour for strangers, and garbage never breaks it. */
describe('the gateway in production mode', () => {
  let database: TestDatabase;
  let gateway: TestGateway;
  let base: string;
  let admin: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    gateway = await startGateway(database.url, {
      SLIPWAY_MODE: 'production',
      SLIPWAY_ALLOW_TOKEN_ONLY: 'true',
    });
    base = gateway.base;
  });

  afterAll(async () => {
    await gateway.stop();
    await database.close();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers },
      body,
    });

  it('refuses introspection, even to an admin', async () => {
    const response = await post(JSON.stringify({ query: '{ __schema { types { name } } }' }));
    const result = (await response.json()) as GraphQLResponse;
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
  });

  it('answers garbage with a clear client error and keeps serving', async () => {
    const garbage: Array<[string, Record<string, string>]> = [
      ['{"query": ', {}],
      ['not json at all', {}],
      [JSON.stringify({ query: 'mutation { deploy(' }), {}],
      [JSON.stringify({ query: '{ nothingHere }' }), {}],
      [JSON.stringify({ query: 42 }), {}],
      [JSON.stringify({ query: '{ me { name } }' }), { authorization: 'Bearer slw_forged' }],
      [JSON.stringify({ query: '{ me { name } }' }), { authorization: 'Basic cm9vdDpyb290' }],
      [JSON.stringify({ query: '{ me { name } }' }), { authorization: '', cookie: 'slipway_session=%00%ff' }],
    ];
    for (const [body, headers] of garbage) {
      const response = await post(body, headers);
      expect(response.status).toBeGreaterThanOrEqual(200);
      expect(response.status).toBeLessThan(500);
      const text = await response.text();
      expect(text).not.toMatch(/at .*\.js:\d+/); // no stack traces
    }
    const forged = (await (
      await post(JSON.stringify({ query: '{ me { name } }' }), { authorization: 'Bearer slw_forged' })
    ).json()) as GraphQLResponse;
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const logout = await fetch(`${base}/auth/logout`, {
      method: 'POST',
      headers: { cookie: 'slipway_session=garbage' },
    });
    expect(logout.status).toBe(204);
    const providers = (await (await fetch(`${base}/auth/providers`)).json()) as Record<string, unknown>;
    expect(providers).toEqual({ saml: null, github: null });

    const me = (await (
      await post(JSON.stringify({ query: '{ me { name kind } }' }))
    ).json()) as GraphQLResponse;
    expect(me).toEqual({ data: { me: { name: 'root', kind: 'token' } } });
  });
});
