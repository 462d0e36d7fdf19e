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

const isDeploymentPage = (url: URL) => /^\/deployments\/[0-9a-f-]{36}$/.test(url.pathname);

/** The rows the log viewer renders at most, whatever the number of lines: what keeps 10,000 lines fast. */
const RENDERED_ROWS_AT_MOST = 200;

/**
 * The deployment page against `npm run up`: a deployment of the demo whose first development step
 * prints in colour, prints 10,000 lines and then waits for the test to open a gate, so its steps can be
 * watched changing state, its log followed, paused and searched, all live; then the release diff of a
 * second deployment, a redeploy, and the typed confirmation an action on production asks for.
 */
describe('the console deployment page', () => {
  let stack: RunningUp | undefined;
  let home: string;
  let endpoints: Endpoints;
  let token: string;
  let browser: Browser | undefined;
  let page: Page;
  const commits = { colour: '', greeting: '' };
  let first: string;
  let second: string;

  const gate = () => join(home, 'chatter-gate');

  /** A commit in the demo repository, without its hooks (their push webhook would deploy it too). */
  function commit(message: string, author: string, change: (repository: string) => void): string {
    const repository = endpoints.demo.repositoryUrl;
    change(repository);
    const [name, email] = author.split('|') as [string, string];
    execFileSync(
      'git',
      [
        ...['-c', 'core.hooksPath=/dev/null', '-c', `user.name=${name}`, '-c', `user.email=${email}`],
        ...['commit', '-qam', message],
      ],
      { cwd: repository },
    );
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repository, encoding: 'utf8' }).trim();
  }

  beforeAll(async () => {
    home = scratchDir('console-deployment');
    stack = await startUp(home, await freeUpPorts());
    endpoints = readEndpoints(home);
    token = readAdminToken(home);
    // Development's first step: colours, 10,000 numbered lines, then a wait for the gate this test opens.
    commits.colour = commit('Print the deployment in colour', 'Robin Roe|robin@example.com', (repository) => {
      const spec = join(repository, '.slipway.yml');
      const chatter = [
        '    steps:',
        '      - name: chatter',
        '        timeout: 5m',
        '        run: |',
        "          printf '\\033[32mall green\\033[0m and \\033[1;31mbold red\\033[0m\\n'",
        "          seq -f 'line %.0f' 1 10000",
        `          while [ ! -e '${gate()}' ]; do sleep 0.1; done`,
        "          echo 'gate opened'",
        '      - name: release',
        '',
      ].join('\n');
      const text = readFileSync(spec, 'utf8');
      const developmentSteps = '    steps:\n      - name: release\n';
      expect(text).toContain(developmentSteps);
      writeFileSync(spec, text.replace(developmentSteps, chatter));
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const graphql = <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> =>
    graphqlData<T>(endpoints.graphql, token, query, variables);

  async function deploy(environment: string, ref: string): Promise<string> {
    const { deploy: started } = await graphql<{ deploy: { id: string } }>(
      'mutation Deploy($input: DeployInput!) { deploy(input: $input) { id } }',
      { input: { project: 'hello', environment, ref } },
    );
    return started.id;
  }

  async function statusBecomes(id: string, wanted: string): Promise<void> {
    await readUntil(
      `deployment ${id} becoming ${wanted}`,
      async () =>
        (
          await graphql<{ deployment: { status: string } }>(
            'query One($id: ID!) { deployment(id: $id) { status } }',
            { id },
          )
        ).deployment.status,
      (status) => status === wanted,
    );
  }

  const step = (name: string) => page.locator('.step', { hasText: name });
  const stepState = (name: string, state: string) => step(name).locator('.badge', { hasText: state });
  const headerStatus = (state: string) => page.locator('.deployment-status .badge', { hasText: state });
  const viewport = () => page.locator('.log-viewport');
  const logLine = (text: string) => page.locator('.log-line', { hasText: text });
  const lineCount = async () => Number(await page.locator('.log-count').getAttribute('data-count'));
  /** Where the log is scrolled to, and how far above its end (in pixels). */
  const scrollState = () =>
    viewport().evaluate((element: unknown) => {
      const box = element as { scrollTop: number; scrollHeight: number; clientHeight: number };
      return { top: box.scrollTop, fromEnd: box.scrollHeight - box.scrollTop - box.clientHeight };
    });
  /** The colour the browser paints the element's text in. */
  const colourOf = (locator: Locator) =>
    locator.evaluate(
      (element) =>
        (globalThis as unknown as { getComputedStyle(of: unknown): { color: string } }).getComputedStyle(
          element,
        ).color,
    );

  async function search(text: string): Promise<void> {
    await page.getByRole('searchbox', { name: 'Search the log' }).fill(text);
  }

  it('shows the steps change state and the log arrive live, without a reload', async () => {
    first = await deploy('development', commits.colour);
    await page.goto(`${endpoints.web}/deployments/${first}#token=${token}`);
    await page.getByRole('heading', { name: 'hello → development', level: 1 }).waitFor();
    await page.evaluate(() => {
      (globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true;
    });

    await stepState('chatter', 'Running').waitFor({ timeout: 90_000 });
    expect(await step('release').locator('.badge').textContent()).toBe('Pending');
    // Following: the last line printed so far is in view once it arrives.
    await logLine('line 10000').waitFor({ timeout: 30_000 });
    expect(await lineCount()).toBeGreaterThanOrEqual(10_001);
    expect((await scrollState()).fromEnd).toBeLessThan(20);
    expect(await page.locator('.log-line').count()).toBeLessThan(RENDERED_ROWS_AT_MOST);
    expect(await page.locator('.phase[data-phase="build"] .phase-state').textContent()).toBe('Done');
  });

  it('renders the colours a step prints, readable in the light theme', async () => {
    await search('all green');
    await page.locator('.log-matches', { hasText: '1 match' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search the log' }).press('Enter');
    const line = logLine('all green');
    await line.waitFor();
    expect(await colourOf(line.locator('span[style*="--log-ansi-2"]'))).toBe('rgb(46, 125, 50)');
    expect(await line.locator('b').textContent()).toBe('bold red');
    expect(await colourOf(line.locator('span[style*="--log-ansi-1"]'))).toBe('rgb(198, 40, 40)');
  });

  it('searches 10,000 lines, counts the matches and moves between them', async () => {
    await search('line 999');
    const box = page.getByRole('searchbox', { name: 'Search the log' });
    await page.locator('.log-matches', { hasText: '11 matches' }).waitFor();
    await box.press('Enter');
    await page.locator('.log-matches', { hasText: '1 of 11 matches' }).waitFor();
    expect(await page.locator('.log-match-current').textContent()).toBe('line 999');
    await box.press('Enter');
    await page.locator('.log-matches', { hasText: '2 of 11 matches' }).waitFor();
    expect(
      await page.locator('.log-line', { has: page.locator('.log-match-current') }).innerText(),
    ).toContain('line 9990');
    await box.press('Shift+Enter');
    await page.locator('.log-matches', { hasText: '1 of 11 matches' }).waitFor();
    await search('line 10000');
    await page.locator('.log-matches', { hasText: /^1 match$/ }).waitFor();
    await box.press('Escape');
    expect(await box.inputValue()).toBe('');
  });

  it('follows the end, stays put while paused as lines arrive, and follows again on demand', async () => {
    // Jumping to a match paused following; Follow brings the end back.
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await logLine('line 10000').waitFor();
    expect((await scrollState()).fromEnd).toBeLessThan(20);

    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Follow', exact: true }).waitFor();
    const before = { lines: await lineCount(), scroll: await scrollState() };
    writeFileSync(gate(), 'open');

    // Every step goes on, live: the page was never reloaded.
    await stepState('chatter', 'Succeeded').waitFor({ timeout: 30_000 });
    await stepState('health-check', 'Succeeded').waitFor({ timeout: 60_000 });
    await headerStatus('Succeeded').waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      `Number(document.querySelector('.log-count')?.getAttribute('data-count')) > ${before.lines}`,
    );
    const paused = await scrollState();
    expect(paused.top).toBe(before.scroll.top);
    expect(paused.fromEnd).toBeGreaterThan(20);

    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await logLine('healthy: version').waitFor();
    expect((await scrollState()).fromEnd).toBeLessThan(20);
    expect(await page.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(
      true,
    );

    // Scrolling up stops following too.
    await viewport().hover();
    await page.mouse.wheel(0, -800);
    await page.getByRole('button', { name: 'Follow', exact: true }).waitFor();
  });

  it('shows the commits a second deployment brings, with authors and pull request links', async () => {
    commits.greeting = commit('Greet in colour (#42)', 'Alex Doe|alex@example.com', (repository) => {
      const server = join(repository, 'server.js');
      writeFileSync(server, `${readFileSync(server, 'utf8')}\n// Greets in colour.\n`);
    });
    second = await deploy('development', commits.greeting);
    await page.goto(`${endpoints.web}/deployments/${second}`);
    const diff = page.locator('.release-diff');
    await diff
      .locator('.diff-summary', { hasText: `1 commit added since ${commits.colour.slice(0, 7)}` })
      .waitFor({ timeout: 60_000 });
    const commitItem = diff.locator('.diff-commit');
    expect(await commitItem.count()).toBe(1);
    expect(await commitItem.locator('.diff-message').textContent()).toBe('Greet in colour (#42)');
    expect(await commitItem.locator('.diff-author').textContent()).toBe('Alex Doe');
    const pullRequest = commitItem.getByRole('link', { name: '#42' });
    expect(await pullRequest.getAttribute('href')).toBe('https://github.com/slipway-demo/hello/pull/42');
    await headerStatus('Succeeded').waitFor({ timeout: 60_000 });
  });

  it('rolls back to the release before, after asking, and lands on the rollback', async () => {
    await page.getByRole('button', { name: 'Roll back' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back development?' });
    await dialog.getByText(commits.colour.slice(0, 7)).waitFor();
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await page.waitForURL((url) => isDeploymentPage(url) && !url.pathname.endsWith(second));
    await page.getByText(`rolling back ${commits.greeting.slice(0, 7)}`).waitFor();
    await page
      .locator('.release-diff .diff-summary', { hasText: 'A step back: 1 commit that development runs now' })
      .waitFor({ timeout: 60_000 });
    await headerStatus('Succeeded').waitFor({ timeout: 60_000 });
  });

  it('offers an admin to redeploy, and lands on the new deployment', async () => {
    const rollback = new URL(page.url()).pathname;
    await page.getByRole('button', { name: 'Redeploy' }).click();
    await page.waitForURL((url) => isDeploymentPage(url) && url.pathname !== rollback);
    await page.getByRole('heading', { name: 'hello → development', level: 1 }).waitFor();
    await page.locator('.commit-message', { hasText: 'Print the deployment in colour' }).waitFor();
    expect(await page.locator('header code[title]').first().getAttribute('title')).toBe(commits.colour);
  });

  it('asks for the environment’s name to be typed before an action on production', async () => {
    const id = await deploy('production', commits.greeting);
    await statusBecomes(id, 'WAITING_APPROVAL');
    await page.goto(`${endpoints.web}/deployments/${id}`);
    await headerStatus('Waiting for approval').waitFor();
    await page.getByRole('button', { name: 'Approve' }).click();

    const dialog = page.getByRole('dialog', { name: 'Approve this deployment?' });
    const confirm = dialog.getByRole('button', { name: 'Approve' });
    const typed = dialog.getByRole('textbox', { name: 'Type production to confirm' });
    expect(await confirm.isDisabled()).toBe(true);
    await typed.fill('prod');
    expect(await confirm.isDisabled()).toBe(true);
    await typed.fill('production');
    await dialog.getByRole('textbox', { name: 'Comment' }).fill('Ship it');
    expect(await confirm.isDisabled()).toBe(false);
    await confirm.click();

    await dialog.waitFor({ state: 'detached' });
    await page.locator('.phase[data-phase="approval"] .phase-detail', { hasText: 'Ship it' }).waitFor();
    await page.locator('.deployment-status .badge').filter({ hasNotText: 'Waiting for approval' }).waitFor();
  });

  it('fits a phone without scrolling the page sideways, and is saved in light and dark', async () => {
    await page.goto(`${endpoints.web}/deployments/${first}`);
    await headerStatus('Succeeded').waitFor();
    // The whole log has been read back (10,000 lines, a page at a time).
    await page.locator('.log-count', { hasNotText: 'loading' }).waitFor();
    await search('all green');
    await page.getByRole('searchbox', { name: 'Search the log' }).press('Enter');
    await logLine('all green').waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: join(SCREENSHOTS, `deployment-${colorScheme}.png`), fullPage: true });
    }
    // The dark theme's palette: the same green, light enough for the dark background.
    expect(await colourOf(logLine('all green').locator('span[style*="--log-ansi-2"]'))).toBe(
      'rgb(126, 231, 135)',
    );

    await page.setViewportSize({ width: 390, height: 844 });
    await logLine('all green').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOTS, 'deployment-phone.png'), fullPage: true });
  });
});
