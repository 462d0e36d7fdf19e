import {
  graphqlData,
  launchBrowser,
  scratchDir,
  startGitHubOAuthServer,
  type GitHubOAuthServer,
} from '@slipway/testing';
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  freeUpPorts,
  readAdminToken,
  readEndpoints,
  startUp,
  type Endpoints,
  type RunningUp,
} from './running-up';

interface Deployment {
  id: string;
  status: string;
  commitSha: string | null;
}

/**
 * A day with the console, end to end, as the issue tells it: against `npm run up` with GitHub sign-in
 * (the loopback stand-in), Grace signs in with the button, starts a deployment from the console, watches
 * its steps and logs move without a reload, approves production, rolls it back, and a dashboard left open
 * in another tab follows every change of the production cell by itself.
 */
describe('the console, from sign-in to rollback', () => {
  let github: GitHubOAuthServer;
  let stack: RunningUp | undefined;
  let endpoints: Endpoints;
  let adminToken: string;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let wall: Page;

  beforeAll(async () => {
    const home = scratchDir('console-journey');
    const ports = await freeUpPorts();
    github = await startGitHubOAuthServer({
      callbackUrl: `http://127.0.0.1:${ports.SLIPWAY_PORT}/auth/github/callback`,
    });
    github.signInAs({
      id: 3001,
      login: 'grace',
      name: 'Grace Hopper',
      email: 'grace@acme.example',
      emails: ['grace@acme.example'],
      teams: [{ org: 'acme', slug: 'platform' }],
    });
    stack = await startUp(home, ports, {
      GITHUB_CLIENT_ID: github.clientId,
      GITHUB_CLIENT_SECRET: github.clientSecret,
      GITHUB_URL: github.url,
      GITHUB_API_URL: github.apiUrl,
      SLIPWAY_ROLE_MAP: JSON.stringify({ 'acme/platform': ['admin'] }),
    });
    endpoints = readEndpoints(home);
    adminToken = readAdminToken(home);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await github.stop();
  });

  const deployment = async (id: string): Promise<Deployment> =>
    (
      await graphqlData<{ deployment: Deployment }>(
        endpoints.graphql,
        adminToken,
        'query One($id: ID!) { deployment(id: $id) { id status commitSha } }',
        { id },
      )
    ).deployment;

  const productionCell = () =>
    wall.locator('.environment-cell[data-project="hello"][data-environment="production"]');

  /** The deployment the page shows, from its address. */
  function shownDeployment(on: Page): string {
    const id = /\/deployments\/([^/?#]+)$/.exec(new URL(on.url()).pathname)?.[1];
    if (!id) throw new Error(`not on a deployment page: ${on.url()}`);
    return decodeURIComponent(id);
  }

  /** Deploys from the console's form and lands on the new deployment's page. */
  async function deployFromConsole(environment: string): Promise<string> {
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('combobox', { name: 'Project' }).fill('hello');
    await page.getByRole('combobox', { name: 'Environment' }).fill(environment);
    await page.getByLabel('Ref').fill('main');
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.waitForURL(/\/deployments\/[0-9a-f-]{36}$/);
    return shownDeployment(page);
  }

  const status = (text: string) => page.locator('.deployment-status', { hasText: text });

  /** Approves the deployment on the page, typing the environment's name as production asks. */
  async function approveProduction(): Promise<void> {
    await page.getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type production to confirm').fill('production');
    await dialog.getByRole('button', { name: 'Approve' }).click();
  }

  it('signs in with the GitHub button and lands on the page asked for', async () => {
    await page.goto(`${endpoints.web}/insights`);
    await page.getByRole('heading', { name: 'Sign in to Slipway', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Sign in with GitHub' }).click();
    await page.waitForURL((url) => url.pathname === '/insights');
    await page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor();
    // Signed in as GitHub told: the header names her by her verified email.
    await page.getByText('grace@acme.example').waitFor();
    // A second tab of the same browser shares the session: the dashboard, left open for the whole day.
    wall = await context.newPage();
    await wall.goto(endpoints.web);
    await wall.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await wall.evaluate(() => {
      (globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true;
    });
  });

  it('starts a deployment and shows its steps and logs as they happen, without a reload', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true;
    });
    const id = await deployFromConsole('development');
    // The health check runs after the release: seen running, then done, on the same page.
    const healthCheck = page.locator('.step', {
      has: page.locator('.step-name', { hasText: 'health-check' }),
    });
    await healthCheck.and(page.locator('[data-status="RUNNING"]')).waitFor({ timeout: 60_000 });
    await status('Succeeded').waitFor({ timeout: 60_000 });
    await healthCheck.and(page.locator('[data-status="SUCCEEDED"]')).waitFor();
    await page.locator('.log-line').first().waitFor();
    expect(await page.locator('.log-line').count()).toBeGreaterThan(0);
    expect((await deployment(id)).status).toBe('SUCCEEDED');
    expect(await page.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(
      true,
    );
  });

  let firstSha: string;

  it('asks for approval in production and deploys once approved; the dashboard follows', async () => {
    const id = await deployFromConsole('production');
    await status('Waiting for approval').waitFor({ timeout: 60_000 });
    await productionCell().locator('.moving-deployment').waitFor({ timeout: 30_000 });
    await approveProduction();
    await status('Succeeded').waitFor({ timeout: 90_000 });
    firstSha = (await deployment(id)).commitSha!;
    await productionCell()
      .locator('.sha', { hasText: firstSha.slice(0, 7) })
      .waitFor({ timeout: 30_000 });
  });

  it('rolls production back to the release before, and the dashboard shows it again', async () => {
    const repository = endpoints.demo.repositoryUrl;
    appendFileSync(join(repository, 'README.md'), '\nA change to take back.\n');
    execFileSync(
      'git',
      [
        ...['-c', 'core.hooksPath=/dev/null', '-c', 'user.name=Grace', '-c', 'user.email=grace@acme.example'],
        ...['commit', '-qam', 'A change to take back'],
      ],
      { cwd: repository },
    );
    const secondSha = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: repository,
      encoding: 'utf8',
    }).trim();
    await deployFromConsole('production');
    await status('Waiting for approval').waitFor({ timeout: 60_000 });
    await approveProduction();
    await status('Succeeded').waitFor({ timeout: 90_000 });
    await productionCell()
      .locator('.sha', { hasText: secondSha.slice(0, 7) })
      .waitFor({ timeout: 30_000 });

    const rolledBack = shownDeployment(page);
    // A second tab on the same deployment, never reloaded: once it no longer runs, it cannot be rolled back.
    const other = await context.newPage();
    await other.goto(page.url());
    await other.getByRole('button', { name: 'Roll back' }).waitFor();
    await page.getByRole('button', { name: 'Roll back' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type production to confirm').fill('production');
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(rolledBack));
    const rollback = shownDeployment(page);
    // Putting an earlier release back in production is a production deployment: it is approved too.
    await status('Waiting for approval').waitFor({ timeout: 60_000 });
    await approveProduction();
    await status('Succeeded').waitFor({ timeout: 90_000 });
    expect((await deployment(rollback)).commitSha).toBe(firstSha);
    await productionCell()
      .locator('.sha', { hasText: firstSha.slice(0, 7) })
      .waitFor({ timeout: 30_000 });
    await other.getByRole('button', { name: 'Roll back' }).waitFor({ state: 'detached', timeout: 30_000 });
    expect(await other.getByRole('button', { name: 'Redeploy' }).isVisible()).toBe(true);
    expect(await wall.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(
      true,
    );
  });
});
