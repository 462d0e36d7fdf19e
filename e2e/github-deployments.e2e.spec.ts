import {
  startGitHubApiServer,
  type ApiRequestFilter,
  type GitHubApiCall,
  type GitHubApiServer,
} from '@slipway/testing';
import { randomUUID } from 'node:crypto';
import {
  ENVIRONMENT_URL,
  FAILING_STEPS,
  heldStep,
  PUBLIC_URL,
  RELEASE_STEP,
  ReportingStack,
  waitUntil,
  type ReportedProject,
} from './reported-deployments';

/**
 * What GitHub is told about deployments and builds, over the real stack with a loopback GitHub REST API
 * in GitHub's place.
 */
describe('GitHub Deployments and build statuses for a connected repository', () => {
  let github: GitHubApiServer;
  let stack: ReportingStack;

  beforeAll(async () => {
    github = await startGitHubApiServer();
    stack = await ReportingStack.start({ GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url });
  });

  afterAll(async () => {
    await stack.stop();
    await github.stop();
  });

  /** A project connected as acme/<name>; its repository is on this machine, so it is read with git. */
  const project = (steps: string, build?: string) => {
    const shop = stack.project('github', steps, build);
    return shop;
  };
  /** What Slipway tells GitHub, as opposed to what it reads from it (CI, a repository). */
  const reports: ApiRequestFilter = ({ method }) => method !== 'GET';
  const page = (id: string) => `${PUBLIC_URL}/deployments/${id}`;
  const callsFor = ({ name }: ReportedProject) =>
    github.calls().filter((call) => call.path.startsWith(`/repos/acme/${name}/`) && reports(call));
  /** The calls about one Slipway deployment: its creation, its statuses and its build's statuses. */
  const callsOf = (project: ReportedProject, id: string) =>
    callsFor(project).filter(({ body }) => {
      const payload = body?.payload as { slipwayDeploymentId?: string } | undefined;
      return (
        payload?.slipwayDeploymentId === id || body?.log_url === page(id) || body?.target_url === page(id)
      );
    });

  const deploymentCreated = ({ name, sha }: ReportedProject, id: string): GitHubApiCall => ({
    method: 'POST',
    path: `/repos/acme/${name}/deployments`,
    status: 201,
    body: {
      ref: sha,
      environment: 'development',
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      payload: { slipwayDeploymentId: id },
      description: 'Queued for development',
    },
  });

  const statusPosted = (
    { name }: ReportedProject,
    id: string,
    state: string,
    description: unknown,
    environmentUrl?: string,
  ) => ({
    method: 'POST',
    path: expect.stringMatching(new RegExp(`^/repos/acme/${name}/deployments/\\d+/statuses$`)) as unknown,
    status: 201,
    body: {
      state,
      description,
      log_url: page(id),
      ...(environmentUrl === undefined ? {} : { environment_url: environmentUrl }),
      auto_inactive: false,
    },
  });

  const buildStatus = ({ name, sha }: ReportedProject, id: string, state: string, description: unknown) => ({
    method: 'POST',
    path: `/repos/acme/${name}/statuses/${sha}`,
    status: 201,
    body: { state, context: 'slipway/build', description, target_url: page(id) },
  });

  const built = expect.stringMatching(/^Built sha256:[0-9a-f]{12}$/) as unknown;

  /** A deploy that builds and succeeds, as GitHub sees it. */
  const succeeded = (shop: ReportedProject, id: string) => [
    deploymentCreated(shop, id),
    statusPosted(shop, id, 'queued', 'Queued for development'),
    buildStatus(shop, id, 'pending', 'Building'),
    buildStatus(shop, id, 'success', built),
    statusPosted(shop, id, 'in_progress', 'Deploying to development', ENVIRONMENT_URL),
    statusPosted(shop, id, 'success', 'Deployed to development', ENVIRONMENT_URL),
  ];

  it('says at start-up where reports go, without the token', () => {
    expect(stack.vcsOutput()).toContain(`GitHub: ${github.url} with a token`);
    expect(stack.vcsOutput()).not.toContain(github.token);
  });

  it('creates one deployment, shows the build on the commit, and moves the deployment to success', async () => {
    const shop = project(RELEASE_STEP);
    const { id, outcome } = await stack.deploy(shop);

    expect(outcome.status).toBe('SUCCEEDED');
    const calls = callsFor(shop);
    expect(calls).toEqual(succeeded(shop, id));
    // Every deployment status belongs to the one deployment created.
    expect(
      new Set(calls.filter((call) => call.path.includes('/deployments/')).map((call) => call.path)).size,
    ).toBe(1);
    expect(await stack.reportRow(id)).toEqual({
      provider: 'github',
      repository: `acme/${shop.name}`,
      environment: 'development',
      last_state: 'success',
      last_error: null,
    });
  });

  it('reports a deployment whose step exits 1 and is rolled back as a failure, with the reason', async () => {
    const shop = project(FAILING_STEPS);
    const { id, outcome } = await stack.deploy(shop);

    expect(outcome.status).toBe('ROLLED_BACK');
    expect(callsFor(shop)).toEqual([
      deploymentCreated(shop, id),
      statusPosted(shop, id, 'queued', 'Queued for development'),
      buildStatus(shop, id, 'pending', 'Building'),
      buildStatus(shop, id, 'success', built),
      statusPosted(shop, id, 'in_progress', 'Deploying to development', ENVIRONMENT_URL),
      statusPosted(shop, id, 'failure', expect.stringMatching(/^verify failed: /), ENVIRONMENT_URL),
    ]);
  });

  it('shows a failed build on the commit as a failure, and the deployment as failed', async () => {
    const shop = project(RELEASE_STEP, 'exit 3');
    const { id, outcome } = await stack.deploy(shop);

    expect(outcome.status).toBe('FAILED');
    expect(callsFor(shop)).toEqual([
      deploymentCreated(shop, id),
      statusPosted(shop, id, 'queued', 'Queued for development'),
      buildStatus(shop, id, 'pending', 'Building'),
      buildStatus(shop, id, 'failure', 'The build failed: the deployment page shows why'),
      statusPosted(shop, id, 'failure', outcome.reason),
    ]);
  });

  it('marks a superseded deployment inactive, and the replaced one inactive when a newer one succeeds', async () => {
    const hold = heldStep();
    const shop = project(hold.steps);
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    // The first deployment is let go whatever happens: it would hold the runner for the tests after.
    try {
      const a = await stack.start(shop, first);
      await waitUntil('the first deployment runs', () =>
        callsOf(shop, first).some((call) => call.body?.state === 'in_progress'),
      );
      const b = await stack.start(shop, second);
      await waitUntil(
        'the second deployment waits',
        async () => (await stack.queueOf(shop))?.waiting.includes(second) ?? false,
      );
      const c = await stack.start(shop, third);
      expect(await b.result()).toMatchObject({ status: 'SUPERSEDED' });
      hold.release();
      expect(await a.result()).toMatchObject({ status: 'SUCCEEDED' });
      expect(await c.result()).toMatchObject({ status: 'SUCCEEDED' });
      await waitUntil('the first deployment is retired', () => callsOf(shop, first).length === 7);

      expect(callsOf(shop, second)).toEqual([
        deploymentCreated(shop, second),
        statusPosted(shop, second, 'queued', 'Queued for development'),
        // The commit was built for the first deployment: its artifact is reused.
        buildStatus(shop, second, 'pending', 'Building'),
        buildStatus(
          shop,
          second,
          'success',
          expect.stringMatching(/^Built before: sha256:[0-9a-f]{12} reused$/),
        ),
        statusPosted(
          shop,
          second,
          'inactive',
          `superseded by the newer deployment ${third}`,
          ENVIRONMENT_URL,
        ),
      ]);
      expect(callsOf(shop, first)).toEqual([
        ...succeeded(shop, first),
        statusPosted(shop, first, 'inactive', 'Replaced by a newer deployment'),
      ]);
      expect(await stack.reportRow(first)).toMatchObject({ last_state: 'inactive', last_error: null });
      expect(await stack.reportRow(third)).toMatchObject({ last_state: 'success' });
    } finally {
      hold.release();
    }
  });

  it('waits out a GitHub rate limit and still creates exactly one deployment', async () => {
    const shop = project(RELEASE_STEP);
    github.rateLimitNext({ retryAfterSeconds: 1 }, 0, reports);
    const { id, outcome } = await stack.deploy(shop);

    expect(outcome.status).toBe('SUCCEEDED');
    const calls = callsFor(shop);
    expect(calls[0]).toMatchObject({ path: `/repos/acme/${shop.name}/deployments`, status: 403 });
    expect(calls.slice(1)).toEqual(succeeded(shop, id));
  });

  it('after a rate limit on a status, posts it to the deployment already created, not a new one', async () => {
    const shop = project(RELEASE_STEP);
    github.rateLimitNext({ retryAfterSeconds: 1 }, 1, reports);
    const { id, outcome } = await stack.deploy(shop);

    expect(outcome.status).toBe('SUCCEEDED');
    const [created, ...rest] = succeeded(shop, id);
    expect(callsFor(shop)).toEqual([
      created,
      { ...statusPosted(shop, id, 'queued', 'Queued for development'), status: 403 },
      ...rest,
    ]);
  });

  it('deploys all the same when GitHub refuses every report, and records why', async () => {
    const shop = project(RELEASE_STEP);
    github.refuseWith(404, reports);
    try {
      const { id, outcome } = await stack.deploy(shop);

      expect(outcome).toMatchObject({ status: 'SUCCEEDED', reason: null });
      // Each refused report is asked once, never again.
      expect(callsFor(shop).map((call) => call.status)).toEqual([404, 404, 404, 404, 404]);
      expect(await stack.reportRow(id)).toMatchObject({
        provider: 'github',
        last_error: expect.stringContaining('GitHub answered 404') as unknown,
      });
    } finally {
      github.refuseWith(null);
    }
  });
});
