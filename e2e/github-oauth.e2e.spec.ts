import {
  createTestDatabase,
  freePort,
  scratchDir,
  startGitHubOAuthServer,
  startService,
  testTemporalAddress,
  type GitHubOAuthServer,
  type GitHubTestUser,
  type ServiceProcess,
  type TestDatabase,
} from '@slipway/testing';

interface Viewer {
  name: string;
  kind: string;
  grants: Array<{ role: string; project: string | null; environment: string | null }>;
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** A cookie as the browser was told to keep it. */
interface SetCookie {
  name: string;
  value: string;
  attributes: string[];
}

/** Just enough of a browser: follows nothing by itself, keeps the cookies it is given. */
class Browser {
  readonly cookies = new Map<string, string>();

  async get(url: string): Promise<Response> {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: this.cookieHeader() } });
    for (const cookie of setCookies(response)) {
      if (cookie.value === '' || cookie.attributes.some((attribute) => /^expires=.*1970/i.test(attribute))) {
        this.cookies.delete(cookie.name);
      } else {
        this.cookies.set(cookie.name, cookie.value);
      }
    }
    return response;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
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

function location(response: Response): URL {
  const target = response.headers.get('location');
  if (!target) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(target, 'http://relative.invalid');
}

/** Filler teams that push the mapped ones onto the second page of GET /user/teams (100 per page). */
const GUILDS = Array.from({ length: 120 }, (_, index) => ({ org: 'acme', slug: `guild-${index}` }));

const ada: GitHubTestUser = {
  id: 1001,
  login: 'ada',
  name: 'Ada Lovelace',
  // Keeps her e-mail private: only GET /user/emails knows it.
  email: null,
  emails: ['ada@acme.example', 'ada@home.example'],
  teams: [...GUILDS, { org: 'other', slug: 'platform' }, { org: 'acme', slug: 'web' }],
};
const grace: GitHubTestUser = {
  id: 1002,
  login: 'grace',
  name: 'Grace Hopper',
  email: 'grace@acme.example',
  emails: ['grace@acme.example'],
  teams: [{ org: 'acme', slug: 'platform' }],
};
const mallory: GitHubTestUser = {
  id: 1003,
  login: 'mallory',
  name: null,
  email: 'mallory@acme.example',
  emails: ['mallory@acme.example'],
  teams: [{ org: 'acme', slug: 'marketing' }],
};

/** Signing in with GitHub (an OAuth app): teams become roles, and every forged or replayed callback is refused. */
describe('GitHub sign-in', () => {
  let database: TestDatabase;
  let github: GitHubOAuthServer;
  let gateway: ServiceProcess;
  let publicUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const port = String(await freePort());
    publicUrl = `http://127.0.0.1:${port}`;
    github = await startGitHubOAuthServer({ callbackUrl: `${publicUrl}/auth/github/callback` });
    gateway = await startService('gateway', {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: scratchDir('github-home'),
      SLIPWAY_MODE: 'development',
      PORT: port,
      SLIPWAY_PUBLIC_URL: publicUrl,
      GITHUB_CLIENT_ID: github.clientId,
      GITHUB_CLIENT_SECRET: github.clientSecret,
      GITHUB_URL: github.url,
      GITHUB_API_URL: github.apiUrl,
      SLIPWAY_ROLE_MAP: JSON.stringify({
        'acme/platform': ['admin'],
        'acme/web': ['deployer@staging', 'viewer'],
      }),
      // Everything the gateway can say, so that the last test can look for secrets in it.
      LOG_LEVEL: 'trace',
    });
  });

  afterAll(async () => {
    await gateway.stop();
    await github.stop();
    await database.close();
  });

  /** The gateway's redirect to GitHub's authorize page. */
  async function startSignIn(browser: Browser, query = ''): Promise<URL> {
    const response = await browser.get(`${publicUrl}/auth/github/login${query}`);
    expect(response.status).toBe(302);
    return location(response);
  }

  /** GitHub's redirect back to the gateway's callback, with the code and the state. */
  async function approveOnGitHub(authorize: URL, user: GitHubTestUser): Promise<URL> {
    github.signInAs(user);
    const response = await fetch(authorize, { redirect: 'manual' });
    expect(response.status).toBe(302);
    return location(response);
  }

  async function signIn(user: GitHubTestUser, query = '') {
    const browser = new Browser();
    const callback = await approveOnGitHub(await startSignIn(browser, query), user);
    const response = await browser.get(callback.href);
    return { browser, callback, response };
  }

  async function me(browser: Browser): Promise<GraphQLResponse<{ me: Viewer }>> {
    const response = await fetch(`${publicUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: browser.cookieHeader() },
      body: JSON.stringify({ query: '{ me { name kind grants { role project environment } } }' }),
    });
    return (await response.json()) as GraphQLResponse<{ me: Viewer }>;
  }

  it('signs a person in with the roles of their teams, across pages of teams, and sends them back', async () => {
    const browser = new Browser();
    const login = await browser.get(
      `${publicUrl}/auth/github/login?returnTo=%2Fprojects%2Fshop%3Ftab%3Dqueue`,
    );
    expect(login.status).toBe(302);
    const authorize = location(login);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${github.url}/login/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: github.clientId,
      redirect_uri: `${publicUrl}/auth/github/callback`,
      response_type: 'code',
      scope: 'read:org user:email',
    });
    const state = cookieNamed(login, 'slipway_github_state');
    expect(state?.value).toBe(authorize.searchParams.get('state'));
    expect(state?.attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/auth/github']),
    );

    const callback = await approveOnGitHub(authorize, ada);
    const finished = await browser.get(callback.href);
    expect(finished.status).toBe(303);
    expect(finished.headers.get('location')).toBe('/projects/shop?tab=queue');
    expect(cookieNamed(finished, 'slipway_session')?.attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']),
    );
    expect(cookieNamed(finished, 'slipway_csrf')).toBeDefined();
    // The state is spent: the browser is told to forget it.
    expect(browser.cookies.has('slipway_github_state')).toBe(false);

    const viewer = await me(browser);
    expect(viewer.errors).toBeUndefined();
    // The name is the private primary e-mail; `other/platform` is not `acme/platform`.
    expect(viewer.data?.me).toMatchObject({ kind: 'user', name: 'ada@acme.example' });
    expect(viewer.data?.me.grants).toEqual(
      expect.arrayContaining([
        { role: 'deployer', project: null, environment: 'staging' },
        { role: 'viewer', project: null, environment: null },
      ]),
    );
    expect(viewer.data?.me.grants).toHaveLength(2);

    const api = github.requests().filter((request) => request.path.startsWith('/api/'));
    expect(api.map((request) => request.path)).toEqual(
      expect.arrayContaining(['/api/user', '/api/user/emails', '/api/user/teams']),
    );
    expect(api.filter((request) => request.path === '/api/user/teams')).toHaveLength(2);
    for (const request of api) {
      expect(request.headers).toMatchObject({
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'Slipway',
      });
    }
    const exchange = github.requests().find((request) => request.path === '/login/oauth/access_token');
    expect(exchange?.headers).toMatchObject({ accept: 'application/json', 'user-agent': 'Slipway' });
  });

  it('sends a person home when no returnTo was given; an admin team makes them admin', async () => {
    const { browser, response } = await signIn(grace);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const viewer = await me(browser);
    expect(viewer.data?.me).toEqual({
      kind: 'user',
      name: 'grace@acme.example',
      grants: [{ role: 'admin', project: null, environment: null }],
    });
  });

  it('refuses a callback whose state is not the one this browser started with', async () => {
    const browser = new Browser();
    const callback = await approveOnGitHub(await startSignIn(browser), grace);
    callback.searchParams.set('state', 'A'.repeat(43));
    const response = await browser.get(callback.href);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(
      "GitHub sign-in failed: the sign-in state does not match this browser's; start the sign-in again",
    );
    expect(cookieNamed(response, 'slipway_session')).toBeUndefined();
  });

  it('refuses a callback replayed with a state already used', async () => {
    const { browser, callback, response } = await signIn(grace);
    expect(response.status).toBe(303);
    // The replaying browser still holds the state cookie it was told to forget.
    const replay = new Browser();
    replay.cookies.set('slipway_github_state', callback.searchParams.get('state')!);
    const replayed = await replay.get(callback.href);
    expect(replayed.status).toBe(401);
    expect(await replayed.text()).toBe(
      'GitHub sign-in failed: this sign-in has expired or was already used; start the sign-in again',
    );
    expect(cookieNamed(replayed, 'slipway_session')).toBeUndefined();
    expect(browser.cookies.has('slipway_session')).toBe(true);
  });

  it('refuses a code GitHub has already exchanged', async () => {
    const first = await signIn(grace);
    expect(first.response.status).toBe(303);
    const browser = new Browser();
    const fresh = await approveOnGitHub(await startSignIn(browser), grace);
    fresh.searchParams.set('code', first.callback.searchParams.get('code')!);
    const response = await browser.get(fresh.href);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(
      'GitHub sign-in failed: GitHub refused the code (bad_verification_code: The code passed is incorrect or expired.)',
    );
    expect(cookieNamed(response, 'slipway_session')).toBeUndefined();
  });

  it("refuses a callback in a browser that did not start the sign-in (another person's code)", async () => {
    // The attacker approves on GitHub as themselves and sends the victim the callback link.
    const callback = await approveOnGitHub(await startSignIn(new Browser()), grace);
    const victim = new Browser();
    const response = await victim.get(callback.href);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(
      'GitHub sign-in failed: this sign-in was not started in this browser; start the sign-in again',
    );
    expect(cookieNamed(response, 'slipway_session')).toBeUndefined();
  });

  it('refuses, with 403, a person none of whose teams has a role', async () => {
    const { response } = await signIn(mallory);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe(
      'mallory signed in, but none of their groups (acme/marketing) has a role in Slipway; ' +
        'ask an admin to add one to SLIPWAY_ROLE_MAP',
    );
    expect(cookieNamed(response, 'slipway_session')).toBeUndefined();
  });

  it('refuses a person who denied access on GitHub', async () => {
    const browser = new Browser();
    const authorize = await startSignIn(browser);
    const callback = new URL(`${publicUrl}/auth/github/callback`);
    callback.searchParams.set('error', 'access_denied');
    callback.searchParams.set('error_description', 'The user has denied your application access.');
    callback.searchParams.set('state', authorize.searchParams.get('state')!);
    const response = await browser.get(callback.href);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('GitHub sign-in failed: The user has denied your application access.');
  });

  it.each([
    ['/login/oauth/access_token', 'GitHub sign-in failed: GitHub could not be reached to exchange the code'],
    ['/api/user/teams', 'GitHub sign-in failed: GitHub did not answer GET /api/user/teams'],
  ])('refuses the sign-in when the connection to GitHub breaks at %s', async (path, message) => {
    const browser = new Browser();
    const callback = await approveOnGitHub(await startSignIn(browser), grace);
    github.cutNextRequest(path);
    const response = await browser.get(callback.href);
    expect(response.status).toBe(401);
    expect(await response.text()).toContain(message);
    expect(cookieNamed(response, 'slipway_session')).toBeUndefined();
  });

  it.each([
    ['another site', '?returnTo=https%3A%2F%2Fevil.example%2F'],
    ['a protocol-relative URL', '?returnTo=%2F%2Fevil.example'],
  ])('refuses to start a sign-in that would return to %s', async (_what, query) => {
    const browser = new Browser();
    const response = await browser.get(`${publicUrl}/auth/github/login${query}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      "returnTo must be a path on this site with one leading '/', such as /projects",
    );
    expect(browser.cookies.size).toBe(0);
  });

  it('never prints the client secret, a code or an access token', () => {
    const output = gateway.output();
    // The refusals above were logged: the output is where secrets would show.
    expect(output).toContain('GitHub sign-in refused: GitHub refused the code (bad_verification_code');
    const secrets = [github.clientSecret, ...github.issuedSecrets()];
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(output).not.toContain(secret);
  });
});
