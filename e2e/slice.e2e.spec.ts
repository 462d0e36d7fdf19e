import { launchBrowser, REPO_ROOT, scratchDir, postGraphQL } from '@slipway/testing';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  freeUpPorts,
  readAdminToken,
  readEndpoints,
  startUp,
  type Endpoints,
  type RunningUp,
} from './running-up';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');

/** Development's deployments, newest first (each success there is also promoted to staging). */
const DEVELOPMENT_HISTORY = '{ deployments(filter: { environment: "development" }) { nodes { id status } } }';

/**
 * The thin slice, real at every hop: `npm run up`'s own script starts every service; a GraphQL
 * mutation deploys the demo app; the events arrive over a graphql-ws subscription; the app answers.
 */
describe('npm run up, then deploy hello to development', () => {
  let home: string;
  let ports: Record<string, string>;
  let stack: RunningUp;
  let endpoints: Endpoints;
  let token: string;

  beforeAll(async () => {
    home = scratchDir('up');
    ports = await freeUpPorts();
    stack = await startUp(home, ports);
    endpoints = readEndpoints(home);
    token = readAdminToken(home);
  });

  afterAll(async () => {
    // Only when a test failed before the Ctrl-C test: never leave a stack running.
    await stack.stop();
  });

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}, bearer = token) {
    return (await postGraphQL<T>(endpoints.graphql, bearer, query, variables)).body;
  }

  function subscribe(client: WsClient, query: string, variables: Record<string, unknown>) {
    return new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
      const received: Array<Record<string, unknown>> = [];
      client.subscribe<{ deploymentEvents: Record<string, unknown> }>(
        { query, variables },
        {
          next: (message) => {
            if (message.errors) reject(new Error(JSON.stringify(message.errors)));
            else if (message.data) received.push(message.data.deploymentEvents);
          },
          error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
          complete: () => resolve(received),
        },
      );
    });
  }

  it('writes endpoints.json and a bootstrap admin token only its owner can read', () => {
    expect(endpoints.graphql).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(token).toMatch(/^slw_/);
    expect(statSync(join(home, 'admin-token')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(endpoints.demo.repositoryUrl, '.slipway.yml'))).toBe(true);
  });

  it('refuses a request without a valid token', async () => {
    const response = await graphql('{ projects { name } }', {}, 'slw_not-a-real-token');
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data).toBeFalsy();
  });

  it('deploys hello to development, streams every event live, and the app answers on its health URL', async () => {
    const deployed = await graphql<{ deploy: { id: string; status: string } }>(
      'mutation Deploy($input: DeployInput!) { deploy(input: $input) { id status } }',
      { input: { project: 'hello', environment: 'development', ref: 'main' } },
    );
    expect(deployed.errors).toBeUndefined();
    const id = deployed.data!.deploy.id;
    expect(deployed.data!.deploy.status).toBe('QUEUED');

    const client = createClient({
      url: endpoints.graphqlWs,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const events = await subscribe(
      client,
      'subscription Events($id: ID!) { deploymentEvents(id: $id) { id sequence type step } }',
      { id },
    );
    await client.dispose();

    expect(events.map((event) => event.sequence)).toEqual(events.map((_, index) => index + 1));
    expect(events.map((event) => event.type)).toEqual([
      'DEPLOYMENT_QUEUED',
      'ARTIFACT_READY',
      'RELEASE_DIFF_READY',
      'DEPLOYMENT_STARTED',
      ...['release', 'health-check'].flatMap(() => ['STEP_STARTED', 'STEP_SUCCEEDED']),
      'DEPLOYMENT_SUCCEEDED',
    ]);

    const read = await graphql<{
      deployment: { status: string; commitSha: string; steps: Array<{ name: string; status: string }> };
    }>('query One($id: ID!) { deployment(id: $id) { status commitSha steps { name status } } }', { id });
    expect(read.data?.deployment.status).toBe('SUCCEEDED');
    expect(read.data?.deployment.steps).toEqual([
      { name: 'release', status: 'SUCCEEDED' },
      { name: 'health-check', status: 'SUCCEEDED' },
    ]);

    const health = await fetch(`http://127.0.0.1:${endpoints.demo.ports.development}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      version: read.data?.deployment.commitSha,
      environment: 'development',
    });
  });

  it('serves what the steps printed, over a subscription and page by page', async () => {
    const history = await graphql<{ deployments: { nodes: Array<{ id: string }> } }>(DEVELOPMENT_HISTORY);
    const id = history.data!.deployments.nodes[0]!.id;
    const client = createClient({
      url: endpoints.graphqlWs,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const streamed = await new Promise<Array<{ id: string; step: number; line: string }>>(
      (resolve, reject) => {
        const lines: Array<{ id: string; step: number; line: string }> = [];
        client.subscribe<{ deploymentLogs: { id: string; step: number; line: string } }>(
          {
            query: 'subscription Logs($id: ID!) { deploymentLogs(id: $id) { id step line } }',
            variables: { id },
          },
          {
            next: (message) =>
              message.data
                ? lines.push(message.data.deploymentLogs)
                : reject(new Error(JSON.stringify(message.errors))),
            error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
            complete: () => resolve(lines),
          },
        );
      },
    );
    await client.dispose();
    expect(streamed.some((line) => line.step === 1 && line.line.startsWith('[healthcheck.sh] probing'))).toBe(
      true,
    );
    const firstPage = await graphql<{ stepLogs: Array<{ id: string; line: string }> }>(
      'query Logs($id: ID!) { stepLogs(deploymentId: $id, first: 2) { id line } }',
      { id },
    );
    expect(firstPage.data?.stepLogs).toEqual(
      streamed.slice(0, 2).map(({ id: lineId, line }) => ({ id: lineId, line })),
    );
    const nextPage = await graphql<{ stepLogs: Array<{ id: string }> }>(
      'query Logs($id: ID!, $after: ID) { stepLogs(deploymentId: $id, after: $after, first: 1) { id } }',
      { id, after: firstPage.data!.stepLogs[1]!.id },
    );
    expect(nextPage.data?.stepLogs).toEqual([{ id: streamed[2]!.id }]);
  });

  it('refuses to cancel a deployment that has ended or does not exist, with a code saying which', async () => {
    const history = await graphql<{ deployments: { nodes: Array<{ id: string }> } }>(DEVELOPMENT_HISTORY);
    const ended = history.data!.deployments.nodes[0]!.id;
    const cancel = 'mutation Cancel($id: ID!) { cancelDeployment(id: $id) { status } }';
    const conflict = await graphql(cancel, { id: ended });
    expect(conflict.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(conflict.errors?.[0]?.message).toBe(`deployment ${ended} has already ended (SUCCEEDED)`);
    const missing = await graphql(cancel, { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('validates a pipeline spec, naming the line and column of each problem', async () => {
    const query =
      'query Check($text: String!) { validatePipelineSpec(text: $text) { valid environments problems { line column path message } } }';
    const good = await graphql<{ validatePipelineSpec: { valid: boolean; environments: string[] } }>(query, {
      text: readFileSync(join(endpoints.demo.repositoryUrl, '.slipway.yml'), 'utf8'),
    });
    expect(good.data?.validatePipelineSpec).toMatchObject({
      valid: true,
      environments: ['development', 'staging', 'production'],
    });
    const bad = await graphql<{ validatePipelineSpec: { valid: boolean; problems: unknown[] } }>(query, {
      text: 'version: 1\nenvironments:\n  - name: Production\n    steps: []\n',
    });
    expect(bad.data?.validatePipelineSpec.valid).toBe(false);
    expect(bad.data?.validatePipelineSpec.problems).toEqual([
      {
        line: 3,
        column: 11,
        path: 'environments.0.name',
        message: 'expected a lowercase name of letters, digits and dashes',
      },
      { line: 4, column: 12, path: 'environments.0.steps', message: 'at least one step' },
    ]);
  });

  it('serves the web console from the gateway', async () => {
    const page = await fetch(`${endpoints.web}/deployments/any-page`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });

  it('shows a deployment started from the console with its steps changing live, without a reload', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`${endpoints.web}/#token=${token}`);
      expect(page.url()).not.toContain(token);
      await page.evaluate(() => {
        (globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true;
      });
      // The form suggests the first project and the first environment it deployed to.
      await page.locator('.environment-cell[data-project="hello"]').first().waitFor();
      expect(await page.getByRole('combobox', { name: 'Project' }).inputValue()).toBe('hello');
      expect(await page.getByRole('combobox', { name: 'Environment' }).inputValue()).toBe('development');
      await page.getByRole('button', { name: 'Deploy' }).click();
      await page.waitForURL(/\/deployments\/[0-9a-f-]{36}$/);
      const healthCheck = page.locator('.step', { hasText: 'health-check' });
      await healthCheck.getByText('Running').waitFor({ timeout: 30_000 });
      await page.locator('.step .badge', { hasText: 'Succeeded' }).nth(1).waitFor({ timeout: 30_000 });
      expect(await page.locator('.step .badge').allTextContents()).toEqual(['Succeeded', 'Succeeded']);
      expect(await page.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(
        true,
      );
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'console-deployment.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('refuses a graphql-ws connection without a valid token', async () => {
    const client = createClient({
      url: endpoints.graphqlWs,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer slw_forged' },
      retryAttempts: 0,
    });
    const closed = new Promise<number>((resolve) =>
      client.on('closed', (event) => resolve((event as { code: number }).code)),
    );
    const failure = subscribe(
      client,
      'subscription { deploymentEvents(id: "00000000-0000-0000-0000-000000000000") { id } }',
      {},
    );
    await expect(failure).rejects.toBeDefined();
    expect(await closed).toBe(4403);
    await client.dispose();
  });

  it('stops everything on Ctrl-C, the deployed demo app included', async () => {
    expect(await stack.stop()).toBe(0);
    expect(stack.output()).toContain('[slipway] stopped');
    await expect(fetch(`http://127.0.0.1:${endpoints.demo.ports.development}/healthz`)).rejects.toThrow();
    await expect(fetch(`${endpoints.web}/healthz`)).rejects.toThrow();
    await expect(fetch(endpoints.temporalUi)).rejects.toThrow();
  });

  it('finds its data again on the next npm run up: history, token and demo repository', async () => {
    stack = await startUp(home, ports);
    expect(readFileSync(join(home, 'admin-token'), 'utf8').trim()).toBe(token);
    const history = await graphql<{
      deployments: { nodes: Array<{ status: string; environment: string }> };
    }>('{ deployments(filter: { environment: "development" }) { nodes { status environment } } }');
    expect(history.data?.deployments.nodes).toEqual([
      { status: 'SUCCEEDED', environment: 'development' },
      { status: 'SUCCEEDED', environment: 'development' },
    ]);
    // Each development success is promoted to staging (`after: development` in the demo's spec); the
    // second promotion may still be on its way when the stack was stopped, so it may be recorded now.
    const deadline = Date.now() + 60_000;
    let promotions: Array<{ trigger: { type: string; after: string } }> = [];
    while (promotions.length < 2 && Date.now() < deadline) {
      const staging = await graphql<{
        deployments: { nodes: Array<{ trigger: { type: string; after: string } }> };
      }>('{ deployments(filter: { environment: "staging" }) { nodes { trigger { type after } } } }');
      promotions = staging.data?.deployments.nodes ?? [];
      if (promotions.length < 2) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(promotions).toEqual([
      { trigger: { type: 'promotion', after: 'development' } },
      { trigger: { type: 'promotion', after: 'development' } },
    ]);
  });

  it('deploys a commit made in the demo repository, through its signed GitHub-style push webhook', async () => {
    const repository = endpoints.demo.repositoryUrl;
    appendFileSync(join(repository, 'README.md'), '\nShipped by a push.\n');
    // Git shows what a hook prints on stderr.
    const committed = spawnSync(
      'git',
      ['-c', 'user.name=Alex', '-c', 'user.email=alex@example.com', 'commit', '-qam', 'Say how it ships'],
      { cwd: repository, encoding: 'utf8' },
    );
    expect(committed.status).toBe(0);
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repository, encoding: 'utf8' }).trim();
    expect(committed.stderr).toContain(
      `slipway: push of refs/heads/main sent to ${endpoints.webhooks.github}: 202`,
    );
    const deadline = Date.now() + 90_000;
    let newest: { status: string; commitSha: string; trigger: { type: string } } | undefined;
    while (!(newest?.commitSha === sha && newest.status === 'SUCCEEDED') && Date.now() < deadline) {
      const latest = await graphql<{
        deployments: { nodes: Array<{ status: string; commitSha: string; trigger: { type: string } }> };
      }>(
        '{ deployments(filter: { environment: "development" }, first: 1) { nodes { status commitSha trigger { type } } } }',
      );
      newest = latest.data?.deployments.nodes[0];
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(newest).toEqual({ status: 'SUCCEEDED', commitSha: sha, trigger: { type: 'push' } });
    const health = await fetch(`http://127.0.0.1:${endpoints.demo.ports.development}/healthz`);
    expect(await health.json()).toMatchObject({ version: sha, environment: 'development' });
  });

  it('comes back after its supervisor was killed outright, stopping what that run left behind', async () => {
    stack.kill();
    stack = await startUp(home, ports);
    expect(stack.output()).toContain('a previous run left behind');
    const history = await graphql<{ deployments: { nodes: Array<{ status: string }> } }>(DEVELOPMENT_HISTORY);
    expect(history.data?.deployments.nodes).toHaveLength(3);
    expect(await stack.stop()).toBe(0);
  });
});
