import { createApiToken, ProjectEntity } from '@slipway/db';
import {
  commitFiles,
  createGitRepository,
  createTestDatabase,
  freePort,
  graphqlData,
  launchBrowser,
  readUntil,
  REPO_ROOT,
  SCREENSHOTS,
  scratchDir,
  startServices,
  testTemporalAddress,
  type ServiceName,
  type ServiceProcess,
  type TestDatabase,
} from '@slipway/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** Production runs one step, which fails when the commit's VERSION says so. */
const SPEC = `version: 1
environments:
  - name: production
    steps:
      - name: release
        run: test "$(cat VERSION)" != bad
`;

const ENDED = ['SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'ROLLBACK_FAILED'];
const DAY_MS = 86_400_000;

interface MetricsVariables {
  project: string;
  environment: string;
  since: string;
  until: string;
  bucket: string;
}

/**
 * The Insights page over the real stack (every service a process, the console served by the gateway):
 * a success and a failure deployed to production, then what a person sees of them in a browser.
 */
describe('the console’s Insights page', () => {
  let database: TestDatabase;
  let repository: string;
  let services = new Map<ServiceName, ServiceProcess>();
  let base: string;
  let token: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    repository = join(scratchDir('insights-repo'), 'shop');
    createGitRepository(repository, { '.slipway.yml': SPEC, VERSION: 'one\n' });
    await database.dataSource.getRepository(ProjectEntity).save([
      { name: 'shop', repositoryUrl: repository },
      { name: 'blog', repositoryUrl: '/srv/git/blog' },
    ]);
    token = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    services = await startServices(['audit', 'vcs', 'notifications', 'runner', 'gateway'], {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: scratchDir('insights-home'),
      SLIPWAY_MODE: 'development',
      SLIPWAY_WEB_DIR: join(REPO_ROOT, 'web', 'dist'),
      PORT: String(port),
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([...services.values()].map((service) => service.stop()));
    await database.close();
  });

  const graphql = <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> =>
    graphqlData<T>(`${base}/graphql`, token, query, variables);

  /** Deploys main to production and waits until the deployment has ended. */
  async function deployMain(): Promise<string> {
    const { deploy } = await graphql<{ deploy: { id: string } }>(
      'mutation { deploy(input: { project: "shop", environment: "production", ref: "main" }) { id } }',
    );
    return readUntil(
      `deployment ${deploy.id} ending`,
      async () =>
        (
          await graphql<{ deployment: { status: string } }>(
            'query ($id: ID!) { deployment(id: $id) { status } }',
            { id: deploy.id },
          )
        ).deployment.status,
      (status) => ENDED.includes(status),
      { everyMs: 100 },
    );
  }

  async function openPage(viewport: { width: number; height: number }): Promise<Page> {
    if (!browser) throw new Error('Chromium did not start');
    return browser.newPage({ viewport, colorScheme: 'light' });
  }

  /** The variables of every metrics request the page sends. */
  function metricsRequests(page: Page): MetricsVariables[] {
    const sent: MetricsVariables[] = [];
    page.on('request', (request) => {
      const body = request.postDataJSON() as { query?: string; variables?: MetricsVariables } | null;
      if (body?.query?.includes('deploymentMetrics') && body.variables) sent.push(body.variables);
    });
    return sent;
  }

  const tile = (page: Page, name: string) => page.getByRole('group', { name, exact: true });

  it('shows the counts and rates of a success and a failure, charted, for the window chosen', async () => {
    expect(await deployMain()).toBe('SUCCEEDED');
    commitFiles(repository, { VERSION: 'bad\n' }, 'A bad version');
    expect(await deployMain()).toBe('FAILED');
    const succeeded = 1;
    const counted = 2;
    const rate = `${Math.round((succeeded / counted) * 100)} %`;

    const page = await openPage({ width: 1280, height: 900 });
    const sent = metricsRequests(page);
    await page.goto(`${base}/insights#token=${token}`);

    await tile(page, 'Success rate').getByText(rate).waitFor();
    await expect(tile(page, 'Success rate').textContent()).resolves.toContain(
      `${succeeded} of ${counted} succeeded`,
    );
    await expect(tile(page, 'Failure rate').textContent()).resolves.toContain(
      `${rate}${counted - succeeded} of ${counted} failed`,
    );
    await expect(tile(page, 'Rollback rate').textContent()).resolves.toContain(
      `0 %0 of ${counted} rolled back`,
    );
    // Nothing restored yet: a dash, and a tooltip saying why.
    await tile(page, 'Time to restore').getByText('—', { exact: true }).hover();
    await page.getByRole('tooltip', { name: 'No incident restored in this window.' }).waitFor();
    expect(page.url()).toBe(`${base}/insights?project=shop&environment=production&days=30`);

    const outcomes = page.getByRole('figure', { name: 'Outcomes' });
    await outcomes.locator('svg .recharts-bar-rectangle path').first().waitFor();
    // One bar of successes and one of failures, stacked in today's bucket.
    expect(await outcomes.locator('svg .recharts-bar-rectangle path').count()).toBe(2);
    // Today's median duration and median lead time: a dot each on their lines.
    const speedDots = page.getByRole('figure', { name: 'Speed' }).locator('svg .recharts-line-dot');
    await speedDots.first().waitFor();
    expect(await speedDots.count()).toBe(2);

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ project: 'shop', environment: 'production', bucket: 'DAY' });
    expect(Date.parse(sent[0]!.until) - Date.parse(sent[0]!.since)).toBe(30 * DAY_MS);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'insights-light.png'), fullPage: true });
    await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
    await page.getByRole('button', { name: 'Switch to the light theme' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'insights-dark.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SCREENSHOTS, 'insights-dark-phone.png'), fullPage: true });

    await page.getByRole('radiogroup', { name: 'Window' }).getByText('1 year').click();
    await page.waitForURL(`${base}/insights?project=shop&environment=production&days=365`);
    await tile(page, 'Success rate').getByText(rate).waitFor();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ project: 'shop', environment: 'production', bucket: 'WEEK' });
    expect(Date.parse(sent[1]!.until) - Date.parse(sent[1]!.since)).toBe(365 * DAY_MS);
    await page.close();
  });

  it('tells a person how to get numbers for a project that has never been deployed', async () => {
    const page = await openPage({ width: 390, height: 844 });
    await page.goto(`${base}/insights?project=blog#token=${token}`);
    await page.getByRole('heading', { name: 'blog has no deployments yet' }).waitFor();
    await expect(page.getByRole('link', { name: 'Go to the dashboard' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'insights-empty-phone.png'), fullPage: true });
    await page.close();
  });
});
