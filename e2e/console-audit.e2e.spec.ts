import { graphqlData, launchBrowser, SCREENSHOTS, scratchDir } from '@slipway/testing';
import { mkdirSync, readFileSync } from 'node:fs';
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

/**
 * The audit log page against `npm run up`: an admin finds what was just done, filters it, checks both
 * hash chains and downloads the CSV; a viewer is told the log is for admins.
 */
describe('the console audit log', () => {
  // Unset when beforeAll failed before starting them.
  let stack: RunningUp | undefined;
  let endpoints: Endpoints;
  let admin: string;
  let viewer: string;
  let browser: Browser | undefined;
  let page: Page;
  /** A phone, signed in with the viewer token. */
  let viewerPage: Page;

  beforeAll(async () => {
    const home = scratchDir('console-audit');
    stack = await startUp(home, await freeUpPorts());
    endpoints = readEndpoints(home);
    admin = readAdminToken(home);
    await graphql('mutation Deploy($input: DeployInput!) { deploy(input: $input) { id } }', {
      input: { project: 'hello', environment: 'development', ref: 'main' },
    });
    const created = await graphql<{ createApiToken: { token: string } }>(
      'mutation Token($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
      { input: { name: 'auditor-to-be', roles: ['viewer'] } },
    );
    viewer = created.createApiToken.token;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    viewerPage = await browser.newPage({ viewport: { width: 390, height: 844 } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const graphql = <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> =>
    graphqlData<T>(endpoints.graphql, admin, query, variables);

  const entryRows = () => page.locator('tr.audit-entry');

  it('shows an admin the deploy done earlier, with who did it and its arguments', async () => {
    await page.goto(`${endpoints.web}/audit#token=${admin}`);
    const deploy = page.locator('tr.audit-entry[data-action="deploy"]');
    await deploy.waitFor();
    expect(await deploy.locator('td').nth(1).innerText()).toContain('token');
    expect(await deploy.locator('.badge').textContent()).toBe('ok');
    await deploy.getByRole('button', { name: 'Arguments' }).click();
    const args = page.getByLabel('Arguments of deploy');
    expect(JSON.parse(await args.innerText())).toMatchObject({
      input: { project: 'hello', environment: 'development', ref: 'main' },
    });
  });

  it('filters by action, keeping the filter in the address', async () => {
    await page.getByLabel('Action').fill('createApiToken');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\/audit\?action=createApiToken$/);
    await page.locator('tr.audit-entry[data-action="deploy"]').waitFor({ state: 'detached' });
    // The filtered page replaces the rows in one go: once its entry is in, all of them are.
    await page.locator('tr.audit-entry[data-action="createApiToken"]').waitFor();
    const actions = await Promise.all(
      (await entryRows().all()).map((row) => row.getAttribute('data-action')),
    );
    expect(actions).toEqual(['createApiToken']);
  });

  it('says both hash chains are intact', async () => {
    const cards = page.locator('.log-integrity');
    await cards.nth(1).waitFor();
    expect(await cards.locator('.badge').allTextContents()).toEqual(['intact', 'intact']);
    expect(await cards.getByText(/^(Deployment events|Audit log)$/).allTextContents()).toEqual([
      'Deployment events',
      'Audit log',
    ]);
  });

  it('downloads the filtered log as CSV with its header line', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^slipway-audit-\d{8}T\d{6}Z-\d{8}T\d{6}Z\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('id,at,actor,actor_kind,ip,user_agent,action,arguments,outcome,code,message');
    expect(lines.slice(1).every((line) => line.includes(',createApiToken,'))).toBe(true);
    expect(lines).toHaveLength(2);
  });

  it('shows the whole user agent of a shortened entry on hover', async () => {
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.waitForURL(/\/audit$/);
    const exported = page.locator('tr.audit-entry[data-action="exportAudit"]');
    await exported.locator('.audit-user-agent').hover();
    const userAgent = await page.evaluate<string>('navigator.userAgent');
    expect(await page.getByRole('tooltip').textContent()).toBe(userAgent);
    await page.mouse.move(0, 0);
  });

  it('saves screenshots in the light and dark themes', async () => {
    await page.locator('tr.audit-entry[data-action="deploy"]').waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: join(SCREENSHOTS, `audit-${colorScheme}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SCREENSHOTS, 'audit-phone-dark.png'), fullPage: true });
  });

  it('tells a viewer that only admins can read the audit log', async () => {
    await viewerPage.goto(`${endpoints.web}/audit#token=${viewer}`);
    await viewerPage.getByRole('heading', { name: 'Only admins can read the audit log' }).waitFor();
    expect(await viewerPage.locator('tr.audit-entry').count()).toBe(0);
    await viewerPage.screenshot({ path: join(SCREENSHOTS, 'audit-viewer-phone.png'), fullPage: true });
  });
});
