import {
  createTestDatabase,
  freePort,
  scratchDir,
  startSamlIdp,
  startService,
  testTemporalAddress,
  type SamlIdentityProvider,
  type SamlPost,
  type SamlResponseOptions,
  type ServiceProcess,
  type TestDatabase,
} from '@slipway/testing';

interface GraphQLResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

interface Viewer {
  name: string;
  kind: string;
  grants: Array<{ role: string; project: string | null; environment: string | null }>;
}

/** A cookie as the browser was told to keep it. */
interface SetCookie {
  name: string;
  value: string;
  attributes: string[];
}

function setCookies(response: Response): SetCookie[] {
  return response.headers.getSetCookie().map((header) => {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const [name = '', ...value] = pair.split('=');
    return { name, value: value.join('='), attributes };
  });
}

function cookieNamed(response: Response, name: string): SetCookie | undefined {
  return setCookies(response).find((cookie) => cookie.name === name && cookie.value !== '');
}

const ROLE_MAP = { ops: ['admin'], devs: ['deployer@staging', 'viewer'] };
/** The browser that posts the IdP's answer: the audit log keeps its User-Agent. */
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';
const ME = '{ me { name kind grants { role project environment } } }';
/** An admin's mutation that needs only the database. */
const CREATE_TOKEN =
  'mutation { createApiToken(input: { name: "ci", roles: ["viewer"] }) { apiToken { name } } }';

/** SAML 2.0 sign-in against a real, independent IdP (samlify) and the real gateway process. */
describe('SAML sign-in', () => {
  let idp: SamlIdentityProvider;
  let database: TestDatabase;
  let gateway: ServiceProcess;
  let base: string;
  /** Where browsers reach the gateway (base) is also where every instance says they do. */
  let gatewayEnv: Record<string, string>;

  beforeAll(async () => {
    idp = await startSamlIdp([
      { nameId: 'ada', displayName: 'Ada Lovelace', email: 'ada@example.com', groups: ['ops'] },
      { nameId: 'grace', displayName: 'Grace Hopper', groups: ['devs', 'chess-club'] },
      { nameId: 'mallory', displayName: 'Mallory', groups: ['contractors'] },
    ]);
    database = await createTestDatabase();
    const port = String(await freePort());
    base = `http://127.0.0.1:${port}`;
    gatewayEnv = {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: scratchDir('saml-home'),
      SLIPWAY_MODE: 'development',
      PORT: port,
      SLIPWAY_PUBLIC_URL: base,
      SAML_ENTRY_POINT: idp.ssoUrl,
      SAML_IDP_CERT: idp.certificate,
      SAML_IDP_ISSUER: idp.entityId,
      SLIPWAY_ROLE_MAP: JSON.stringify(ROLE_MAP),
    };
    gateway = await startService('gateway', gatewayEnv);
    const metadata = await fetch(`${base}/auth/saml/metadata`);
    idp.trustServiceProvider(await metadata.text());
  });

  afterAll(async () => {
    await gateway.stop();
    await database.close();
    await idp.stop();
  });

  /** GET /auth/saml/login: where the gateway sends the browser (the IdP, with an AuthnRequest). */
  async function startLogin(returnTo?: string): Promise<URL> {
    const query = returnTo === undefined ? '' : `?${new URLSearchParams({ returnTo }).toString()}`;
    const response = await fetch(`${base}/auth/saml/login${query}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location') ?? '');
  }

  function post(samlPost: SamlPost): Promise<Response> {
    return fetch(samlPost.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER },
      body: new URLSearchParams(samlPost.fields),
      redirect: 'manual',
    });
  }

  async function respondAs(nameId: string, options: SamlResponseOptions = {}, returnTo?: string) {
    const samlPost = await idp.signIn((await startLogin(returnTo)).href, nameId, options);
    return { samlPost, response: await post(samlPost) };
  }

  async function graphql<T>(query: string, headers: Record<string, string>) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  /** Signs in and returns the browser's cookies. */
  async function signIn(nameId: string): Promise<{ cookie: string; csrf: string }> {
    const { response } = await respondAs(nameId);
    expect(response.status).toBe(303);
    const session = cookieNamed(response, 'slipway_session')!;
    const csrf = cookieNamed(response, 'slipway_csrf')!;
    return { cookie: `slipway_session=${session.value}; slipway_csrf=${csrf.value}`, csrf: csrf.value };
  }

  /** Waits until the gateway has printed every line (its log reaches us through a pipe). */
  async function logged(lines: string[]): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (lines.every((line) => gateway.output().includes(line))) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(gateway.output()).toEqual(
      expect.stringContaining(lines.find((line) => !gateway.output().includes(line))!),
    );
  }

  async function expectRefused(response: Response, reason: string): Promise<void> {
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(`SAML sign-in refused: ${reason}`);
    expect(cookieNamed(response, 'slipway_session')).toBeUndefined();
    expect(cookieNamed(response, 'slipway_csrf')).toBeUndefined();
  }

  it('publishes metadata an IdP administrator can register', async () => {
    const response = await fetch(`${base}/auth/saml/metadata`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/samlmetadata\+xml/);
    const xml = await response.text();
    expect(xml).toContain(`entityID="${base}/auth/saml/metadata"`);
    expect(xml).toContain(`Location="${base}/auth/saml/acs"`);
    expect(xml).toContain('WantAssertionsSigned="true"');
  });

  it('signs a person in, sends them back where they were going, with the roles of their groups', async () => {
    const login = await startLogin('/deployments?environment=staging');
    expect(login.href.startsWith(`${idp.ssoUrl}?`)).toBe(true);
    expect(login.searchParams.get('RelayState')).toBe('/deployments?environment=staging');

    const response = await post(await idp.signIn(login.href, 'ada'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/deployments?environment=staging');
    const session = cookieNamed(response, 'slipway_session');
    expect(session?.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']));
    expect(session?.attributes.some((attribute) => /^secure$/i.test(attribute))).toBe(false);
    const csrf = cookieNamed(response, 'slipway_csrf');
    expect(csrf?.attributes).not.toContain('HttpOnly');

    const me = await graphql<{ me: Viewer }>(ME, { cookie: `slipway_session=${session!.value}` });
    expect(me).toEqual({
      data: {
        me: {
          name: 'ada@example.com',
          kind: 'user',
          grants: [{ role: 'admin', project: null, environment: null }],
        },
      },
    });
  });

  it('maps each group to its roles and ignores groups that have none', async () => {
    const { cookie, csrf } = await signIn('grace');
    const me = await graphql<{ me: Viewer }>(ME, { cookie });
    expect(me.data?.me).toEqual({
      name: 'Grace Hopper',
      kind: 'user',
      grants: [
        { role: 'deployer', project: null, environment: 'staging' },
        { role: 'viewer', project: null, environment: null },
      ],
    });
    // A deployer on staging is not an admin.
    const created = await graphql(CREATE_TOKEN, { cookie, 'x-slipway-csrf': csrf });
    expect(created.errors?.[0]).toMatchObject({
      message: 'This needs one of the roles: admin.',
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it("lets a signed-in browser's mutation through only with its CSRF header", async () => {
    const { cookie, csrf } = await signIn('ada');
    const without = await graphql(CREATE_TOKEN, { cookie });
    expect(without.errors?.[0]).toMatchObject({
      message: "A signed-in browser's mutation must send its x-slipway-csrf header.",
      extensions: { code: 'FORBIDDEN' },
    });
    const withHeader = await graphql(CREATE_TOKEN, { cookie, 'x-slipway-csrf': csrf });
    expect(withHeader).toEqual({ data: { createApiToken: { apiToken: { name: 'ci' } } } });
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/'],
    ['a backslash trick', '/\\evil.example'],
  ])('refuses to start a sign-in that would return to %s', async (_case, returnTo) => {
    const response = await fetch(`${base}/auth/saml/login?${new URLSearchParams({ returnTo }).toString()}`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      "returnTo must be a path on this site with one leading '/', such as /projects",
    );
  });

  it('returns to the home page when the RelayState changed on its way back', async () => {
    const samlPost = await idp.signIn((await startLogin('/projects')).href, 'ada');
    const response = await post({
      ...samlPost,
      fields: { ...samlPost.fields, RelayState: '//evil.example/' },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
  });

  const refusedResponses: string[] = [];
  const NOT_SIGNED =
    'the assertion is not signed by the identity provider, or was changed after it was signed';
  it.each<[string, SamlResponseOptions, string]>([
    ['its groups were changed after signing', { tamper: { groups: ['ops'] } }, NOT_SIGNED],
    ['its NameID was changed after signing', { tamper: { nameId: 'ada' } }, NOT_SIGNED],
    ['it is not signed', { unsigned: true }, NOT_SIGNED],
    [
      'it has expired',
      { expired: true },
      'the assertion has expired or is not valid yet (check the clocks of both servers)',
    ],
    [
      'another IdP issued it',
      { issuer: 'https://impostor.example/metadata' },
      'the assertion was issued by https://impostor.example/metadata, not by __IDP__',
    ],
    [
      'it is meant for another service',
      { audience: 'https://other.example/saml' },
      'the assertion is meant for another service (SAML assertion audience mismatch. Expected: ' +
        '__SP__ Received: https://other.example/saml)',
    ],
  ])('refuses a response when %s: 401, no session', async (_case, options, reason) => {
    const { samlPost, response } = await respondAs('grace', options);
    await expectRefused(
      response,
      reason.replace('__SP__', `${base}/auth/saml/metadata`).replace('__IDP__', idp.entityId),
    );
    refusedResponses.push(samlPost.fields.SAMLResponse);
  });

  it('logs why each response was refused, and never the response itself', async () => {
    const reasons = [
      'the assertion is not signed by the identity provider',
      'the assertion has expired',
      'the assertion is meant for another service',
      'the assertion was issued by https://impostor.example/metadata',
    ];
    await logged(reasons.map((reason) => `SAML sign-in refused: ${reason}`));
    expect(refusedResponses).toHaveLength(6);
    for (const response of refusedResponses) expect(gateway.output()).not.toContain(response.slice(0, 40));
    expect(gateway.output()).not.toContain('<saml:Assertion');
  });

  it('finishes on one gateway instance a sign-in another one started', async () => {
    const port = String(await freePort());
    const other = await startService('gateway', {
      ...gatewayEnv,
      PORT: port,
      SLIPWAY_HOME: scratchDir('saml-home-2'),
    });
    try {
      const samlPost = await idp.signIn((await startLogin()).href, 'ada');
      const response = await post({ ...samlPost, url: `http://127.0.0.1:${port}/auth/saml/acs` });
      expect(response.status).toBe(303);
      expect(cookieNamed(response, 'slipway_session')).toBeDefined();
      // ...and the first instance knows the request was answered.
      await expectRefused(
        await post(samlPost),
        'the response answers no sign-in started here, or one that already finished (unknown InResponseTo)',
      );
    } finally {
      await other.stop();
    }
  });

  it('refuses the same response posted twice', async () => {
    const { samlPost, response } = await respondAs('ada');
    expect(response.status).toBe(303);
    await expectRefused(
      await post(samlPost),
      'the response answers no sign-in started here, or one that already finished (unknown InResponseTo)',
    );
  });

  it('refuses an assertion already used, even in answer to a new sign-in', async () => {
    const first = await respondAs('ada');
    expect(first.response.status).toBe(303);
    const replay = await respondAs('ada', { assertionId: first.samlPost.assertionId });
    await expectRefused(replay.response, 'this assertion was already used to sign in');
  });

  it('refuses a response no sign-in asked for', async () => {
    await expectRefused(
      await post(await idp.unsolicitedResponse('ada')),
      'the response answers no sign-in started here (it has no InResponseTo)',
    );
    await expectRefused(
      await post(await idp.unsolicitedResponse('ada', { inResponseTo: '_never-requested' })),
      'the response answers no sign-in started here, or one that already finished (unknown InResponseTo)',
    );
  });

  it('refuses a post without a SAMLResponse', async () => {
    const response = await fetch(`${base}/auth/saml/acs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'RelayState=%2F',
      redirect: 'manual',
    });
    await expectRefused(response, 'the request carries no SAMLResponse form field');
  });

  it('tells a person whose groups have no role that they may do nothing here: 403, no session', async () => {
    const { response } = await respondAs('mallory');
    expect(response.status).toBe(403);
    expect(await response.text()).toBe(
      'Mallory signed in, but none of their groups (contractors) has a role in Slipway; ' +
        'ask an admin to add one to SLIPWAY_ROLE_MAP',
    );
    expect(cookieNamed(response, 'slipway_session')).toBeUndefined();
  });

  it('audits every sign-in and every refusal', async () => {
    const { cookie } = await signIn('ada');
    const audit = await graphql<{ auditEntries: Array<Record<string, unknown>> }>(
      '{ auditEntries(filter: { action: "signIn" }, first: 200) { actor actorKind userAgent arguments outcome code message } }',
      { cookie },
    );
    const entries = (audit.data?.auditEntries ?? []).map((entry) => ({
      ...entry,
      arguments: JSON.parse(entry.arguments as string) as unknown,
    }));
    expect(entries[0]).toEqual({
      actor: 'ada@example.com',
      actorKind: 'user',
      userAgent: BROWSER,
      arguments: { provider: 'saml', groups: ['ops'] },
      outcome: 'ok',
      code: null,
      message: null,
    });
    expect(entries).toContainEqual({
      actor: null,
      actorKind: null,
      userAgent: BROWSER,
      arguments: { provider: 'saml' },
      outcome: 'denied',
      code: 'FORBIDDEN',
      message: expect.stringMatching(/^Mallory signed in, but none of their groups/) as unknown,
    });
    expect(entries).toContainEqual(
      expect.objectContaining({
        outcome: 'denied',
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(/^SAML sign-in refused: /) as unknown,
      }),
    );
  });
});
