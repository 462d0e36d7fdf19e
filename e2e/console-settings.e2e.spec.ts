import { createApiToken } from '@slipway/db';
import {
  createTestDatabase,
  launchBrowser,
  postGraphQL,
  REPO_ROOT,
  SCREENSHOTS,
  startGateway,
  type TestDatabase,
  type TestGateway,
} from '@slipway/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/**
 * The Settings page in a real browser, against the gateway serving the built console: API tokens are
 * created (secret shown once), used and revoked; notification routes are saved and validated by the API.
 */
describe('console settings page', () => {
  let database: TestDatabase;
  let gateway: TestGateway;
  let adminToken: string;
  let browser: Browser;
  let page: Page;

  const graphql = <T>(bearer: string, query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL<T>(gateway.graphqlUrl, bearer, query, variables);

  async function openSettings(target: Page): Promise<void> {
    await target.goto(`${gateway.base}/settings#token=${adminToken}`);
    await target.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    adminToken = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    gateway = await startGateway(database.url, { SLIPWAY_WEB_DIR: join(REPO_ROOT, 'web', 'dist') });
    const created = await graphql(
      adminToken,
      'mutation ($input: CreateProjectInput!) { createProject(input: $input) { name } }',
      { input: { name: 'shop', repositoryUrl: '/srv/shop.git' } },
    );
    expect(created.body.errors).toBeUndefined();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openSettings(page);
  });

  afterAll(async () => {
    await browser.close();
    await gateway.stop();
    await database.close();
  });

  let secret: string;

  it('creates a token whose secret is shown once, works, and is gone once the dialog closes', async () => {
    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API token' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('ci-deploy');
    await dialog.getByRole('button', { name: 'Create token' }).click();

    const shown = page.getByRole('dialog', { name: 'Copy your new token' });
    await shown.getByText('Copy it now: it will not be shown again').waitFor();
    secret = await shown.getByRole('textbox', { name: 'Secret of ci-deploy' }).inputValue();
    expect(secret).toMatch(/^slw_/);

    const me = await graphql<{ me: { name: string; kind: string } }>(secret, '{ me { name kind } }');
    expect(me.body.data?.me).toEqual({ name: 'ci-deploy', kind: 'token' });

    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });
    await page.locator('tr[data-token="ci-deploy"]').waitFor();
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('button', { name: 'New token' }).click();
    const reopened = page.getByRole('dialog', { name: 'Create an API token' });
    expect(await reopened.getByRole('textbox', { name: 'Name' }).inputValue()).toBe('');
    expect(await page.content()).not.toContain(secret);
    await reopened.getByRole('button', { name: 'Cancel' }).click();
  });

  it('revokes a token after asking, and the gateway refuses it from then on', async () => {
    await page.getByRole('button', { name: 'Revoke ci-deploy' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this token?' });
    await dialog.getByText('stops working at once').waitFor();
    await dialog.getByRole('button', { name: 'Revoke ci-deploy' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.locator('tr[data-token="ci-deploy"]');
    await row.getByText('Revoked').waitFor();
    expect(await row.getByRole('button', { name: 'Revoke ci-deploy' }).count()).toBe(0);

    const refused = await graphql(secret, '{ me { name } }');
    expect(refused.status === 401 || refused.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED').toBe(
      true,
    );
    expect(refused.body.data ?? null).toBeNull();
  });

  it('saves a notification route that is still there after a reload', async () => {
    await page.getByRole('tab', { name: 'Notifications' }).click();
    await page.getByText('Nobody hears about shop').waitFor();
    await page.getByRole('button', { name: 'Add route' }).click();
    const form = page.getByRole('form', { name: 'Notification route' });
    await form.getByRole('textbox', { name: 'Environment' }).fill('production');
    await form.getByRole('checkbox', { name: 'Succeeded' }).check();
    const slack = form.getByLabel('Slack channels');
    await slack.fill('#shop-deploys');
    await slack.press('Enter');
    await form.getByRole('button', { name: 'Save route' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();

    await page.reload();
    await page.getByRole('tab', { name: 'Notifications' }).click();
    const route = page.getByRole('article', { name: 'production' });
    await route.getByText('#shop-deploys').waitFor();
    expect(await route.getByText('Succeeded', { exact: true }).count()).toBe(1);
    expect(await route.getByText('Failed', { exact: true }).count()).toBe(1);
    await page.getByText('Nothing sent yet').waitFor();
  });

  it("shows the API's message at the email field when an address is not one", async () => {
    await page.getByRole('button', { name: 'Edit production' }).click();
    const form = page.getByRole('form', { name: 'Notification route' });
    const email = form.getByLabel('Email recipients');
    await email.fill('not-an-address');
    await email.press('Enter');
    await form.getByRole('button', { name: 'Save route' }).click();

    await form.getByText('emailRecipients must be email addresses').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('alert').count()).toBe(0);
    const stored = await graphql<{ notificationSettings: Array<{ emailRecipients: string[] }> }>(
      adminToken,
      '{ notificationSettings(project: "shop") { emailRecipients } }',
    );
    expect(stored.body.data?.notificationSettings).toEqual([{ emailRecipients: [] }]);
  });

  it('saves screenshots of both sections in the light and dark themes', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
      const shot = await context.newPage();
      await openSettings(shot);
      await shot.locator('tr[data-token="ci-deploy"]').waitFor();
      await shot.screenshot({ path: join(SCREENSHOTS, `settings-${colorScheme}.png`), fullPage: true });
      await shot.getByRole('tab', { name: 'Notifications' }).click();
      await shot.getByRole('article', { name: 'production' }).waitFor();
      await shot.screenshot({
        path: join(SCREENSHOTS, `settings-notifications-${colorScheme}.png`),
        fullPage: true,
      });
      expect(await shot.locator('html').getAttribute('data-mantine-color-scheme')).toBe(colorScheme);
      await context.close();
    }
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const small = await phone.newPage();
    await openSettings(small);
    await small.locator('tr[data-token="ci-deploy"]').waitFor();
    // The page itself never scrolls sideways on a phone; wide tables scroll inside their own container.
    const overflows: unknown = await small.evaluate(
      'document.documentElement.scrollWidth > window.innerWidth',
    );
    expect(overflows).toBe(false);
    await small.screenshot({ path: join(SCREENSHOTS, 'settings-phone.png'), fullPage: true });
    await phone.close();
  });
});
