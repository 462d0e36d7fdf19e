import { graphqlData, launchBrowser, readUntil, SCREENSHOTS, scratchDir } from '@slipway/testing';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
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
  environment: string;
  status: string;
  commitSha: string | null;
}

interface Release {
  commitSha: string;
  artifactDigest: string;
}

/**
 * The Project page against `npm run up`: the demo's environments in pipeline order and its pipeline
 * drawn with its gates, the release a deployment builds, the history filtered from the address, and a
 * broken spec committed to the demo repository shown at its line.
 */
describe('the console project page', () => {
  let stack: RunningUp | undefined;
  let endpoints: Endpoints;
  let token: string;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    const home = scratchDir('console-project');
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

  /** The deployments of an environment, newest first, once none of them moves any more. */
  const settled = (environment: string): Promise<Deployment[]> =>
    readUntil(
      `${environment}'s deployments ending`,
      async () =>
        (
          await graphql<{ deployments: { nodes: Deployment[] } }>(
            `
              query Settled($filter: DeploymentFilter!) {
                deployments(filter: $filter, first: 20) {
                  nodes {
                    id
                    environment
                    status
                    commitSha
                  }
                }
              }
            `,
            { filter: { project: 'hello', environment } },
          )
        ).deployments.nodes,
      (nodes) =>
        nodes.length > 0 &&
        !nodes.some((node) =>
          ['QUEUED', 'WAITING_CI', 'WAITING_APPROVAL', 'RUNNING', 'ROLLING_BACK'].includes(node.status),
        ),
    );

  const environmentCards = () => page.locator('.project-environment');
  const pipelineBoxes = () => page.locator('.pipeline-environment');
  const historyRows = () => page.locator('.project-history tbody tr');

  /** Reads until what the page shows is `expected` (15 s at most), then compares it. */
  async function eventually<T>(read: () => Promise<T>, expected: T): Promise<void> {
    const deadline = Date.now() + 15_000;
    let shown = await read();
    while (JSON.stringify(shown) !== JSON.stringify(expected) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      shown = await read();
    }
    expect(shown).toEqual(expected);
  }

  async function dataOf(locator: Locator, attribute: string): Promise<string[]> {
    const elements = await locator.all();
    return Promise.all(elements.map(async (element) => (await element.getAttribute(attribute)) ?? ''));
  }

  it("opens from the dashboard's project link: environments in pipeline order, production behind its approval", async () => {
    await page.goto(`${endpoints.web}/#token=${token}`);
    await page.locator('.environment-matrix').getByRole('link', { name: 'hello', exact: true }).click();
    await page.getByRole('heading', { name: 'hello', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/projects/hello');

    await pipelineBoxes().nth(2).waitFor({ timeout: 30_000 });
    expect(await dataOf(pipelineBoxes(), 'data-environment')).toEqual([
      'development',
      'staging',
      'production',
    ]);
    expect(await dataOf(environmentCards(), 'data-environment')).toEqual([
      'development',
      'staging',
      'production',
    ]);
    expect(await environmentCards().first().innerText()).toContain('Never deployed');

    const production = pipelineBoxes().nth(2);
    expect(await production.locator('[data-gate="approval"]').innerText()).toContain(
      'Approval by 1 × admin, the requester may approve; expires after 24 h',
    );
    expect(await production.locator('.pipeline-arrival').innerText()).toBe('Deployed or promoted by hand');
    expect(await pipelineBoxes().nth(1).locator('.pipeline-arrival').innerText()).toBe(
      'Promoted automatically once development succeeds',
    );
    expect(await dataOf(page.locator('.pipeline-arrow'), 'data-automatic')).toEqual(['true', 'false']);
    expect(await pipelineBoxes().first().locator('.pipeline-pushes').innerText()).toBe(
      'A push to branch main deploys here',
    );
    expect(await production.locator('.pipeline-steps li').allInnerTexts()).toEqual([
      'release release',
      'health-check shell',
    ]);
  });

  it('shows the release a deployment built, its artifact and where it runs, as the deployment ends', async () => {
    await page.getByText('No release yet').waitFor();
    const { deploy } = await graphql<{ deploy: { id: string } }>(
      'mutation Deploy($input: DeployInput!) { deploy(input: $input) { id } }',
      { input: { project: 'hello', environment: 'development', ref: 'main' } },
    );
    const [development] = await settled('development');
    expect(development).toMatchObject({ id: deploy.id, status: 'SUCCEEDED' });
    await settled('staging');
    const { releases } = await graphql<{ releases: Release[] }>(
      'query Releases { releases(project: "hello") { commitSha artifactDigest } }',
    );
    expect(releases.map((release) => release.commitSha)).toEqual([development!.commitSha]);

    const row = page.locator(`.project-releases tr[data-commit="${releases[0]!.commitSha}"]`);
    await row.locator('.runs-in', { hasText: 'staging' }).waitFor({ timeout: 30_000 });
    expect(await row.locator('.runs-in').innerText()).toMatch(/development\s+staging/);
    expect(await row.locator('.artifact-digest').innerText()).toBe(
      `sha256:${releases[0]!.artifactDigest.slice(0, 12)}`,
    );
    expect(await row.locator('.artifact-size').innerText()).toMatch(/^\d+(\.\d)? (B|KiB|MiB)$/);
    await row
      .getByRole('button', { name: `Copy the artifact digest of ${releases[0]!.commitSha.slice(0, 7)}` })
      .waitFor();
    const developmentCard = environmentCards().first();
    await developmentCard.locator('.sha', { hasText: releases[0]!.commitSha.slice(0, 7) }).waitFor();
    expect(await developmentCard.locator('.health').innerText()).toBe('Healthy');
  });

  it('filters the history by environment and status in the address, which a reload keeps', async () => {
    // The history follows the deployments live, as the rest of the page does.
    await eventually(() => dataOf(historyRows(), 'data-environment'), ['staging', 'development']);

    const filters = page.getByRole('form', { name: 'Filter the history' });
    await filters.getByRole('combobox', { name: 'Environment' }).selectOption('staging');
    await filters.getByRole('combobox', { name: 'Status' }).selectOption('SUCCEEDED');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await eventually(
      () => Promise.resolve(new URL(page.url()).search),
      '?environment=staging&status=SUCCEEDED',
    );
    await eventually(() => dataOf(historyRows(), 'data-environment'), ['staging']);

    await page.reload();
    await historyRows().first().waitFor();
    expect(await dataOf(historyRows(), 'data-environment')).toEqual(['staging']);
    expect(await dataOf(historyRows(), 'data-status')).toEqual(['SUCCEEDED']);
    expect(await filters.getByRole('combobox', { name: 'Environment' }).inputValue()).toBe('staging');
    expect(await filters.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('SUCCEEDED');
    const [staging] = await settled('staging');
    expect(await historyRows().first().getByRole('link', { name: 'staging' }).getAttribute('href')).toBe(
      `/deployments/${staging!.id}`,
    );

    await filters.getByRole('combobox', { name: 'Environment' }).selectOption('production');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No deployment matches these filters').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(() => historyRows().count(), 2);
    expect(new URL(page.url()).search).toBe('');
  });

  it('fits a phone without scrolling the page sideways, and is saved in light and dark', async () => {
    await pipelineBoxes().nth(2).waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    // From the top: the header is fixed, and a full-page capture draws it where the page is scrolled to.
    await page.evaluate('window.scrollTo(0, 0)');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: join(SCREENSHOTS, `project-${colorScheme}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await pipelineBoxes().nth(2).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOTS, 'project-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows a broken spec committed to the demo repository with its problem at its line', async () => {
    const repository = endpoints.demo.repositoryUrl;
    const file = join(repository, '.slipway.yml');
    const broken = readFileSync(file, 'utf8').replace(
      'allowSelfApproval: true',
      'allowSelfApproval: sometimes',
    );
    writeFileSync(file, broken);
    // As a person would: the repository's hook sends the push, whose release stops at the invalid spec.
    execFileSync(
      'git',
      ['-c', 'user.name=Alex', '-c', 'user.email=alex@example.com', 'commit', '-qam', 'Loosen approvals'],
      { cwd: repository, stdio: 'ignore' },
    );
    const lines = broken.split('\n');
    const line = lines.findIndex((text) => text.includes('allowSelfApproval: sometimes')) + 1;
    const column = lines[line - 1]!.indexOf('sometimes') + 1;

    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: '.slipway.yml has 1 problem' });
    await alert.waitFor({ timeout: 30_000 });
    const wrong = page.locator('.spec-line-wrong');
    expect(await dataOf(wrong, 'data-line')).toEqual([String(line)]);
    expect(await wrong.locator('.spec-line-text').innerText()).toBe(lines[line - 1]);
    expect(await wrong.locator('.spec-problem').getAttribute('data-column')).toBe(String(column));
    expect(await wrong.locator('.spec-problem-message').innerText()).toBe(
      `Line ${line}, column ${column}: expected boolean (environments.2.approval.allowSelfApproval)`,
    );
    expect(await page.locator('.pipeline-environment').count()).toBe(0);

    await alert.getByRole('link', { name: `Line ${line}, column ${column}` }).click();
    expect(await page.evaluate('document.activeElement?.getAttribute("data-line")')).toBe(String(line));
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, 'project-invalid-spec-light.png'), fullPage: true });
  });

  it('checks an edited spec before it is committed, with the same rules', async () => {
    await page.getByRole('button', { name: 'Check an edited spec' }).click();
    const form = page.getByRole('form', { name: 'Check an edited pipeline spec' });
    const editor = form.getByRole('textbox', { name: 'Edited spec' });
    const committed = await editor.inputValue();
    expect(committed).toContain('allowSelfApproval: sometimes');

    await editor.fill(committed.replace('allowSelfApproval: sometimes', 'allowSelfApproval: true'));
    await form.getByRole('button', { name: 'Check' }).click();
    const valid = form.getByRole('status').filter({ hasText: 'The spec is valid' });
    await valid.waitFor();
    expect(await valid.innerText()).toContain('It declares development → staging → production.');

    await editor.fill(committed.replace('name: staging', 'name: Staging'));
    await form.getByRole('button', { name: 'Check' }).click();
    await form.getByRole('status').filter({ hasText: 'The edited spec has 2 problems' }).waitFor();
    expect(await dataOf(form.locator('.spec-line-wrong'), 'data-line')).toHaveLength(2);
  });
});
