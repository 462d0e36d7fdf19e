import { graphqlData, launchBrowser, readUntil, SCREENSHOTS, scratchDir } from '@slipway/testing';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  freeUpPorts,
  readAdminToken,
  readEndpoints,
  startUp,
  type Endpoints,
  type RunningUp,
} from './running-up';

interface Deployment {
  status: string;
  commitSha: string | null;
  commitMessage: string | null;
  actor: string;
}

/**
 * The dashboard against `npm run up`: the environment matrix shows what a deployment put in place, and
 * changes while the next one runs and after it, without a reload.
 */
describe('the console dashboard', () => {
  let stack: RunningUp | undefined;
  let endpoints: Endpoints;
  let token: string;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    const home = scratchDir('console-dashboard');
    stack = await startUp(home, await freeUpPorts());
    endpoints = readEndpoints(home);
    token = readAdminToken(home);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const graphql = <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> =>
    graphqlData<T>(endpoints.graphql, token, query, variables);

  async function deployHelloToDevelopment(): Promise<string> {
    const { deploy } = await graphql<{ deploy: { id: string } }>(
      'mutation Deploy($input: DeployInput!) { deploy(input: $input) { id } }',
      { input: { project: 'hello', environment: 'development', ref: 'main' } },
    );
    return deploy.id;
  }

  const finished = (id: string): Promise<Deployment> =>
    readUntil(
      `deployment ${id} succeeding`,
      async () =>
        (
          await graphql<{ deployment: Deployment }>(
            'query One($id: ID!) { deployment(id: $id) { status commitSha commitMessage actor } }',
            { id },
          )
        ).deployment,
      (deployment) => deployment.status === 'SUCCEEDED',
      { timeoutMs: 60_000 },
    );

  const developmentCell = () =>
    page.locator('.environment-cell[data-project="hello"][data-environment="development"]');

  it('signs in with the token from the address and shows the dashboard with its approvals and deploy form', async () => {
    await page.goto(`${endpoints.web}/#token=${token}`);
    await page.getByRole('heading', { name: 'Waiting for your approval' }).waitFor();
    await page.getByRole('button', { name: 'Deploy' }).waitFor();
    expect(page.url()).not.toContain(token);
    expect(await page.getByRole('heading', { name: 'Dashboard', level: 1 }).isVisible()).toBe(true);
  });

  it('shows the deployed sha, commit message, health, who and when once a deployment succeeds', async () => {
    const deployed = await finished(await deployHelloToDevelopment());
    const cell = developmentCell();
    await cell.locator('.sha', { hasText: deployed.commitSha!.slice(0, 7) }).waitFor({ timeout: 30_000 });
    expect(await cell.locator('.message').textContent()).toBe(deployed.commitMessage!.split('\n')[0]);
    expect(await cell.locator('.health').textContent()).toBe('Healthy');
    expect(await cell.locator('.deployed-by').textContent()).toBe(`${deployed.actor} · just now`);
  });

  it('shows the next deployment moving in its cell, then its new commit, without a reload', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true;
    });
    const repository = endpoints.demo.repositoryUrl;
    appendFileSync(join(repository, 'README.md'), '\nSeen on the dashboard.\n');
    // Without the repository's push hook: this deployment is started by hand, below.
    execFileSync(
      'git',
      [
        ...['-c', 'core.hooksPath=/dev/null', '-c', 'user.name=Alex', '-c', 'user.email=alex@example.com'],
        ...['commit', '-qam', 'Greet the dashboard\n\nThe body stays out of the matrix.'],
      ],
      { cwd: repository },
    );
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repository, encoding: 'utf8' }).trim();

    const id = await deployHelloToDevelopment();
    const cell = developmentCell();
    const moving = cell.locator('.moving-deployment');
    await moving.waitFor({ timeout: 30_000 });
    expect(await moving.getByRole('link').getAttribute('href')).toBe(`/deployments/${id}`);
    expect(await cell.locator('.health').textContent()).toBe('Deploying');

    await finished(id);
    await cell.locator('.sha', { hasText: sha.slice(0, 7) }).waitFor({ timeout: 30_000 });
    expect(await cell.locator('.message').textContent()).toBe('Greet the dashboard');
    expect(await cell.locator('.health').textContent()).toBe('Healthy');
    expect(await moving.count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(
      true,
    );
  });

  it('fits a phone without scrolling the page sideways, and is saved in light and dark', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: join(SCREENSHOTS, `dashboard-${colorScheme}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await developmentCell().locator('.sha').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-phone-dark.png'), fullPage: true });
  });
});
