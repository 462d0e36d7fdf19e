import { createApiToken } from '@slipway/db';
import {
  createTestDatabase,
  freePort,
  graphqlData,
  launchBrowser,
  REPO_ROOT,
  SCREENSHOTS,
  scratchDir,
  startGitHubOAuthServer,
  startSamlIdp,
  startService,
  testTemporalAddress,
  type GitHubOAuthServer,
  type GitHubTestUser,
  type SamlIdentityProvider,
  type ServiceProcess,
  type TestDatabase,
} from '@slipway/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const grace: GitHubTestUser = {
  id: 2001,
  login: 'grace',
  name: 'Grace Hopper',
  email: 'grace@acme.example',
  emails: ['grace@acme.example'],
  teams: [{ org: 'acme', slug: 'platform' }],
};
const linus: GitHubTestUser = {
  id: 2002,
  login: 'linus',
  name: 'Linus',
  email: 'linus@acme.example',
  emails: ['linus@acme.example'],
  teams: [{ org: 'acme', slug: 'web' }],
};

/** What Chromium sends when it opens a page. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/**
 * Signing in to the console in a real browser, against the gateway serving the built console with
 * GitHub OAuth (the loopback stand-in) and SAML (the loopback IdP) configured: the sign-in page, the
 * session the console then runs on (CSRF header, cookie-authenticated WebSocket), signing out, an ended
 * session, and the access-denied page for each way of not getting in.
 */
describe('console sign-in', () => {
  let database: TestDatabase;
  let github: GitHubOAuthServer;
  let idp: SamlIdentityProvider;
  let gateway: ServiceProcess;
  let base: string;
  let adminToken: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    adminToken = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    const port = String(await freePort());
    base = `http://127.0.0.1:${port}`;
    github = await startGitHubOAuthServer({ callbackUrl: `${base}/auth/github/callback` });
    idp = await startSamlIdp([{ nameId: 'eve', displayName: 'Eve', groups: ['contractors'] }]);
    gateway = await startService('gateway', {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: scratchDir('console-sign-in-home'),
      SLIPWAY_MODE: 'development',
      PORT: port,
      SLIPWAY_PUBLIC_URL: base,
      SLIPWAY_WEB_DIR: join(REPO_ROOT, 'web', 'dist'),
      GITHUB_CLIENT_ID: github.clientId,
      GITHUB_CLIENT_SECRET: github.clientSecret,
      GITHUB_URL: github.url,
      GITHUB_API_URL: github.apiUrl,
      SAML_ENTRY_POINT: idp.ssoUrl,
      SAML_IDP_CERT: idp.certificate,
      SAML_IDP_ISSUER: idp.entityId,
      SLIPWAY_ROLE_MAP: JSON.stringify({
        'acme/platform': ['admin'],
        'acme/web': ['deployer@staging', 'viewer'],
      }),
    });
    idp.trustServiceProvider(await (await fetch(`${base}/auth/saml/metadata`)).text());
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
    await gateway.stop();
    await idp.stop();
    await github.stop();
    await database.close();
  });

  /** A fresh browser profile (no cookies, nothing in sessionStorage). */
  async function freshPage(
    options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      colorScheme: options.colorScheme ?? 'light',
    });
    contexts.push(context);
    return context.newPage();
  }

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  const signInHeading = (page: Page) => page.getByRole('heading', { name: 'Sign in to Slipway', level: 1 });

  function pathOf(page: Page): string {
    const url = new URL(page.url());
    return `${url.pathname}${url.search}`;
  }

  async function signInWithGitHub(page: Page, user: GitHubTestUser, path: string): Promise<void> {
    github.signInAs(user);
    await page.goto(`${base}${path}`);
    await page.getByRole('link', { name: 'Sign in with GitHub' }).click();
  }

  async function signInAudit(): Promise<
    Array<{ outcome: string; code: string | null; message: string | null }>
  > {
    const { auditEntries } = await graphqlData<{
      auditEntries: Array<{ outcome: string; code: string | null; message: string | null }>;
    }>(
      `${base}/graphql`,
      adminToken,
      '{ auditEntries(filter: { action: "signIn" }, first: 100) { outcome code message } }',
    );
    return auditEntries;
  }

  it('shows a signed-out visitor the sign-in page, each provider linked back to the page they asked for', async () => {
    const page = await freshPage();
    await page.goto(`${base}/deployments?environment=staging`);
    await signInHeading(page).waitFor();
    expect(pathOf(page)).toBe('/signin?returnTo=%2Fdeployments%3Fenvironment%3Dstaging');
    expect(await page.getByRole('link', { name: 'Sign in with SSO' }).getAttribute('href')).toBe(
      '/auth/saml/login?returnTo=%2Fdeployments%3Fenvironment%3Dstaging',
    );
    expect(await page.getByRole('link', { name: 'Sign in with GitHub' }).getAttribute('href')).toBe(
      '/auth/github/login?returnTo=%2Fdeployments%3Fenvironment%3Dstaging',
    );
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);

    // The token form is folded away behind a real button, and takes the focus when opened.
    const tokenToggle = page.getByRole('button', { name: 'Use an API token instead' });
    expect(await tokenToggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('textbox', { name: 'API token' }).count()).toBe(0);
    await tokenToggle.focus();
    await page.keyboard.press('Enter');
    const tokenInput = page.getByRole('textbox', { name: 'API token' });
    await tokenInput.waitFor();
    expect(await tokenToggle.getAttribute('aria-expanded')).toBe('true');
    expect(await tokenInput.and(page.locator(':focus')).count()).toBe(1);
    await page.getByText('npm run up prints a console link with an admin one').waitFor();
  });

  it('keeps the token form open after a refused token, and a good one goes on to the page asked for', async () => {
    const page = await freshPage();
    await page.goto(`${base}/settings#token=slw_${'x'.repeat(43)}`);
    await signInHeading(page).waitFor();
    await page.getByRole('alert').getByText('The gateway rejected your API token').waitFor();
    expect(pathOf(page)).toBe('/signin?returnTo=%2Fsettings');
    expect(page.url()).not.toContain('#token=');

    await page.getByRole('textbox', { name: 'API token' }).fill(adminToken);
    await page.getByRole('button', { name: 'Continue with the token' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/settings');
    await page.getByRole('banner').getByText('root').waitFor();
  });

  it('signs in with GitHub, back on the page asked for, and runs on the session until signing out', async () => {
    const page = await freshPage();
    const acknowledged = new Promise<void>((resolve) => {
      page.on('websocket', (socket) =>
        socket.on('framereceived', ({ payload }) => {
          if (String(payload).includes('"connection_ack"')) resolve();
        }),
      );
    });
    await signInWithGitHub(page, grace, '/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/settings');
    await page.getByRole('banner').getByText('grace@acme.example').waitFor();
    expect(await page.context().cookies()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'slipway_session', httpOnly: true }),
        expect.objectContaining({ name: 'slipway_csrf', httpOnly: false }),
      ]),
    );

    // A mutation on the session: the gateway refuses it unless the CSRF header came with it.
    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API token' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('made-on-the-session');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: 'Copy your new token' });
    expect(await shown.getByRole('textbox', { name: 'Secret of made-on-the-session' }).inputValue()).toMatch(
      /^slw_/,
    );
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await page.locator('tr[data-token="made-on-the-session"]').waitFor();

    // Live updates: graphql-ws connects with no token, on the cookie, and the gateway accepts it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await acknowledged;

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInHeading(page).waitFor();
    expect(pathOf(page)).toBe('/signin');
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain('slipway_session');
    await page.reload();
    await signInHeading(page).waitFor();
    expect(await page.getByRole('banner').getByText('grace@acme.example').count()).toBe(0);
  });

  it('lands on the sign-in page with a notice, keeping the page, when the session ends under it', async () => {
    const page = await freshPage();
    // Settings keeps no live connection open: the next request is the one that finds the session gone.
    await signInWithGitHub(page, grace, '/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await database.dataSource.query('UPDATE sessions SET revoked_at = now() WHERE revoked_at IS NULL');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await signInHeading(page).waitFor();
    await page.getByRole('alert').getByText('Your sign-in has ended').waitFor();
    expect(pathOf(page)).toBe('/signin?returnTo=%2Faudit');
    expect(await page.getByRole('link', { name: 'Sign in with GitHub' }).getAttribute('href')).toBe(
      '/auth/github/login?returnTo=%2Faudit',
    );
  });

  it('sends someone the role map does not admit to the access-denied page, saying what to do', async () => {
    const page = await freshPage();
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    // The test IdP's own login page, then its form that posts the answer back to the gateway.
    await page.getByLabel('User name').fill('eve');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Access denied', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/access-denied?reason=denied');
    await page.getByText('none of your groups or teams has a role here').waitFor();
    await page.getByText('SLIPWAY_ROLE_MAP').waitFor();
    // The provider's own words stay out of the page and the address, and in the audit log.
    expect(await page.content()).not.toContain('contractors');
    expect(await signInAudit()).toContainEqual({
      outcome: 'denied',
      code: 'FORBIDDEN',
      message:
        'Eve signed in, but none of their groups (contractors) has a role in Slipway; ' +
        'ask an admin to add one to SLIPWAY_ROLE_MAP',
    });

    await page.getByRole('link', { name: 'Try again' }).click();
    await signInHeading(page).waitFor();
    expect(pathOf(page)).toBe('/signin');
  });

  it('tells a sign-in whose answer was refused apart, and still answers scripts in plain text', async () => {
    const forged = `${base}/auth/github/callback?code=forged&state=${'A'.repeat(43)}`;
    const page = await freshPage();
    await page.goto(forged);
    await page.getByRole('heading', { name: 'Sign-in failed', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/access-denied?reason=failed');
    await page.getByText('Try again from this browser').waitFor();

    const navigation = await fetch(forged, { headers: { accept: BROWSER_ACCEPT }, redirect: 'manual' });
    expect(navigation.status).toBe(303);
    expect(navigation.headers.get('location')).toBe('/access-denied?reason=failed');
    const script = await fetch(forged, { redirect: 'manual' });
    expect(script.status).toBe(401);
    expect(script.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await script.text()).toMatch(/^GitHub sign-in failed: /);
  });

  it('shows someone signed in who holds no role the no-role page instead of an empty console', async () => {
    const page = await freshPage();
    await signInWithGitHub(page, linus, '/');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    // Roles are stored at sign-in; one this version does not know (left by another version) counts as none.
    await database.dataSource.query(
      `UPDATE users SET grants = '[{"role": "owner", "project": null, "environment": null}]'
        WHERE provider = 'github' AND subject = $1`,
      [String(linus.id)],
    );

    await page.reload();
    await page.getByRole('heading', { name: 'No access yet', level: 1 }).waitFor();
    await page.getByText('You are signed in as linus@acme.example.').waitFor();
    await page.getByText('sign out, and sign in again').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Try again' }).count()).toBe(0);

    await page.getByRole('main').getByRole('button', { name: 'Sign out' }).click();
    await signInHeading(page).waitFor();
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain('slipway_session');
  });

  it('saves screenshots of the sign-in page (light, dark, phone) and the access-denied page', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const shots = [
      { file: 'signin-light.png', width: 1280, height: 900, colorScheme: 'light' },
      { file: 'signin-dark.png', width: 1280, height: 900, colorScheme: 'dark' },
      { file: 'signin-phone.png', width: 390, height: 844, colorScheme: 'light' },
    ] as const;
    for (const { file, ...options } of shots) {
      const page = await freshPage(options);
      await page.goto(`${base}/`);
      await page.getByRole('link', { name: 'Sign in with GitHub' }).waitFor();
      // Usable on a phone: nothing sticks out sideways.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        options.width,
      );
      await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
    }
    const page = await freshPage();
    await page.goto(`${base}/access-denied?reason=denied`);
    await page.getByRole('heading', { name: 'Access denied', level: 1 }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'access-denied-light.png'), fullPage: true });
  });
});
