import { startGitLabApiServer, type ApiRequestFilter, type GitLabApiServer } from '@slipway/testing';
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
 * What GitLab is told about deployments and builds, over the real stack with a loopback GitLab REST API
 * (v4) in GitLab's place.
 */
describe('GitLab deployments and build statuses for a connected project', () => {
  let gitlab: GitLabApiServer;
  let stack: ReportingStack;

  beforeAll(async () => {
    gitlab = await startGitLabApiServer();
    stack = await ReportingStack.start({ GITLAB_TOKEN: gitlab.token, GITLAB_API_URL: gitlab.url });
  });

  afterAll(async () => {
    await stack.stop();
    await gitlab.stop();
  });

  /** A project GitLab knows as acme/<name>; its repository is on this machine, so it is read with git. */
  const project = (steps: string, build?: string) => {
    const shop = stack.project('gitlab', steps, build);
    gitlab.addProject(`acme/${shop.name}`);
    return shop;
  };
  /** What Slipway tells GitLab, as opposed to what it reads from it (CI, a repository). */
  const reports: ApiRequestFilter = ({ method }) => method !== 'GET';
  const page = (id: string) => `${PUBLIC_URL}/deployments/${id}`;
  const base = ({ name }: ReportedProject) => `/api/v4/projects/acme%2F${name}`;
  const callsFor = (shop: ReportedProject) =>
    gitlab.calls().filter((call) => call.path.startsWith(`${base(shop)}/`) && reports(call));
  const buildCallsOf = (shop: ReportedProject, id: string) =>
    callsFor(shop).filter((call) => call.body?.target_url === page(id));
  /** GitLab's deployment for a Slipway deployment, as the stand-in holds it. */
  const gitLabDeploymentOf = async (id: string) => {
    const rows = await stack.database.dataSource.query<{ provider_deployment_id: string | null }[]>(
      `SELECT provider_deployment_id FROM vcs_reports WHERE deployment_id = $1`,
      [id],
    );
    return gitlab.state.deployments.get(Number(rows[0]?.provider_deployment_id));
  };

  const buildStatus = (shop: ReportedProject, id: string, state: string, description: unknown) => ({
    method: 'POST',
    path: `${base(shop)}/statuses/${shop.sha}`,
    status: 201,
    body: { state, name: 'slipway/build', description, target_url: page(id) },
  });
  const deploymentCreated = (shop: ReportedProject, status: string) => ({
    method: 'POST',
    path: `${base(shop)}/deployments`,
    status: 201,
    body: { environment: 'development', sha: shop.sha, ref: 'main', tag: false, status },
  });
  const deploymentUpdated = (shop: ReportedProject, status: string) => ({
    method: 'PUT',
    path: expect.stringMatching(new RegExp(`^${base(shop)}/deployments/\\d+$`)) as unknown,
    status: 200,
    body: { status },
  });
  const built = expect.stringMatching(/^Built sha256:[0-9a-f]{12}$/) as unknown;

  /** A deploy that builds and succeeds, as GitLab sees it: nothing while it only waits. */
  const succeeded = (shop: ReportedProject, id: string) => [
    buildStatus(shop, id, 'running', 'Building'),
    buildStatus(shop, id, 'success', built),
    deploymentCreated(shop, 'running'),
    deploymentUpdated(shop, 'success'),
    {
      method: 'PUT',
      path: expect.stringMatching(new RegExp(`^${base(shop)}/environments/\\d+$`)) as unknown,
      status: 200,
      body: { external_url: ENVIRONMENT_URL },
    },
  ];

  it('says at start-up where reports go, without the token', () => {
    expect(stack.vcsOutput()).toContain(`GitLab: ${gitlab.url} with a token`);
    expect(stack.vcsOutput()).not.toContain(gitlab.token);
  });

  it('shows the build on the commit, creates the deployment when it starts, and sets the environment URL', async () => {
    const shop = project(RELEASE_STEP);
    const { id, outcome } = await stack.deploy(shop);

    expect(outcome.status).toBe('SUCCEEDED');
    expect(callsFor(shop)).toEqual(succeeded(shop, id));
    expect(await gitLabDeploymentOf(id)).toMatchObject({ statuses: ['running', 'success'], ref: 'main' });
    expect(await stack.reportRow(id)).toEqual({
      provider: 'gitlab',
      repository: `acme/${shop.name}`,
      environment: 'development',
      last_state: 'success',
      last_error: null,
    });
  });

  it('reports a deployment whose step exits 1 and is rolled back as failed', async () => {
    const shop = project(FAILING_STEPS);
    const { outcome, id } = await stack.deploy(shop);

    expect(outcome.status).toBe('ROLLED_BACK');
    expect(callsFor(shop)).toEqual([
      buildStatus(shop, id, 'running', 'Building'),
      buildStatus(shop, id, 'success', built),
      deploymentCreated(shop, 'running'),
      deploymentUpdated(shop, 'failed'),
    ]);
  });

  it('shows a failed build on the commit as failed, and a deployment that never started as failed', async () => {
    const shop = project(RELEASE_STEP, 'exit 3');
    const { id, outcome } = await stack.deploy(shop);

    expect(outcome.status).toBe('FAILED');
    expect(callsFor(shop)).toEqual([
      buildStatus(shop, id, 'running', 'Building'),
      buildStatus(shop, id, 'failed', 'The build failed: the deployment page shows why'),
      deploymentCreated(shop, 'failed'),
    ]);
  });

  it('shows a superseded deployment as canceled; the environment URL is set once', async () => {
    const hold = heldStep();
    const shop = project(hold.steps);
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    // The first deployment is let go whatever happens: it would hold the runner for the tests after.
    try {
      const a = await stack.start(shop, first);
      await waitUntil(
        'the first deployment runs',
        async () => (await gitLabDeploymentOf(first)) !== undefined,
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
      await waitUntil('the replaced deployment is recorded so', async () => {
        const row = (await stack.reportRow(first)) as { last_state: string } | undefined;
        return row?.last_state === 'inactive';
      });

      const reused = expect.stringMatching(/^Built before: sha256:[0-9a-f]{12} reused$/) as unknown;
      expect(buildCallsOf(shop, second)).toEqual([
        buildStatus(shop, second, 'running', 'Building'),
        buildStatus(shop, second, 'success', reused),
      ]);
      expect(await gitLabDeploymentOf(first)).toMatchObject({ statuses: ['running', 'success'] });
      expect(await gitLabDeploymentOf(second)).toMatchObject({ statuses: ['canceled'] });
      // GitLab shows the newest successful deployment as what runs: the replaced one needs no call.
      expect(await gitLabDeploymentOf(third)).toMatchObject({ statuses: ['running', 'success'] });
      expect(callsFor(shop).filter((call) => call.path.includes('/environments/'))).toHaveLength(1);
    } finally {
      hold.release();
    }
  });

  it('waits out a GitLab 429 for as long as Retry-After says, and reports everything once', async () => {
    const shop = project(RELEASE_STEP);
    gitlab.rateLimitNext({ retryAfterSeconds: 1 }, 0, reports);
    const { id, outcome } = await stack.deploy(shop);

    expect(outcome.status).toBe('SUCCEEDED');
    const calls = callsFor(shop);
    expect(calls[0]).toMatchObject({ path: `${base(shop)}/statuses/${shop.sha}`, status: 429 });
    expect(calls.slice(1)).toEqual(succeeded(shop, id));
  });

  it('deploys all the same when GitLab refuses every report, and records why', async () => {
    const shop = project(RELEASE_STEP);
    gitlab.refuseWith(403, reports);
    try {
      const { id, outcome } = await stack.deploy(shop);

      expect(outcome).toMatchObject({ status: 'SUCCEEDED', reason: null });
      // Each refused report is asked once, never again.
      expect(callsFor(shop).map((call) => call.status)).toEqual([403, 403, 403, 403]);
      expect(await stack.reportRow(id)).toMatchObject({
        provider: 'gitlab',
        last_error: expect.stringContaining('GitLab answered 403') as unknown,
      });
    } finally {
      gitlab.refuseWith(null);
    }
  });
});
