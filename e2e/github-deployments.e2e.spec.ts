import type { DeploymentInput, DeploymentOutcome } from '@slipway/temporal';
import { DEPLOYMENT_WORKFLOW, deploymentWorkflowId, TASK_QUEUES } from '@slipway/temporal';
import {
  createGitRepository,
  createTestDatabase,
  scratchDir,
  startGitHubApiServer,
  startServices,
  testTemporalAddress,
  type GitHubApiServer,
  type ServiceName,
  type ServiceProcess,
  type TestDatabase,
} from '@slipway/testing';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

const PUBLIC_URL = 'https://slipway.example.com';

/**
 * What GitHub is told about deployments, over the real stack (runner, audit, vcs and notifications as
 * processes, Temporal and PostgreSQL) with a loopback GitHub REST API in GitHub's place.
 */
describe('GitHub Deployments for a connected repository', () => {
  let database: TestDatabase;
  let github: GitHubApiServer;
  let client: Client;
  let services = new Map<ServiceName, ServiceProcess>();

  beforeAll(async () => {
    database = await createTestDatabase();
    github = await startGitHubApiServer();
    services = await startServices(['audit', 'vcs', 'notifications', 'runner'], {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: scratchDir('github-deployments-home'),
      NOTIFY_EMAIL_TO: 'team@example.com',
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.url,
      SLIPWAY_PUBLIC_URL: PUBLIC_URL,
    });
    client = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }) });
  });

  afterAll(async () => {
    await Promise.all([...services.values()].map((service) => service.stop()));
    await client.connection.close();
    await github.stop();
    await database.close();
  });

  /** Deploys the repository's main to development as the connected GitHub repository acme/<project>. */
  async function deploy(
    project: string,
    steps: string,
  ): Promise<{ id: string; sha: string; outcome: DeploymentOutcome }> {
    const repositoryUrl = join(scratchDir('repo'), project);
    const spec = `version: 1\nenvironments:\n  - name: development\n    steps:\n${steps}`;
    const sha = createGitRepository(repositoryUrl, { '.slipway.yml': spec });
    const id = randomUUID();
    const input: DeploymentInput = {
      deploymentId: id,
      project: { name: project, repositoryUrl, vcs: { provider: 'github', repository: `acme/${project}` } },
      environment: 'development',
      ref: 'main',
      actor: 'ada',
      trigger: { type: 'manual' },
    };
    const handle = await client.workflow.start(DEPLOYMENT_WORKFLOW, {
      taskQueue: TASK_QUEUES.deploy,
      workflowId: deploymentWorkflowId(id),
      args: [input],
    });
    return { id, sha, outcome: (await handle.result()) as DeploymentOutcome };
  }

  const callsFor = (project: string) =>
    github.calls().filter((call) => call.path.startsWith(`/repos/acme/${project}/`));

  const deploymentCreated = (project: string, id: string, sha: string) => ({
    method: 'POST',
    path: `/repos/acme/${project}/deployments`,
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

  const statusPosted = (project: string, id: string, state: string, description: unknown) => ({
    method: 'POST',
    path: expect.stringMatching(new RegExp(`^/repos/acme/${project}/deployments/\\d+/statuses$`)) as unknown,
    status: 201,
    body: { state, description, log_url: `${PUBLIC_URL}/deployments/${id}`, auto_inactive: true },
  });

  it('creates one GitHub deployment and moves it through queued, in_progress and success', async () => {
    const project = `shop-${randomUUID().slice(0, 8)}`;
    const { id, sha, outcome } = await deploy(project, '      - name: release\n        run: echo released\n');

    expect(outcome.status).toBe('SUCCEEDED');
    const calls = callsFor(project);
    expect(calls).toEqual([
      deploymentCreated(project, id, sha),
      statusPosted(project, id, 'queued', 'Queued for development'),
      statusPosted(project, id, 'in_progress', 'Deploying to development'),
      statusPosted(project, id, 'success', 'Deployed to development'),
    ]);
    // Every status belongs to the one deployment created.
    expect(new Set(calls.slice(1).map((call) => call.path)).size).toBe(1);
    expect(
      await database.dataSource.query(
        `SELECT provider, last_state, last_error FROM vcs_reports WHERE deployment_id = $1`,
        [id],
      ),
    ).toEqual([{ provider: 'github', last_state: 'success', last_error: null }]);
  });

  it('reports a deployment whose step exits 1 and is rolled back as a failure, with the reason', async () => {
    const project = `shop-${randomUUID().slice(0, 8)}`;
    const { id, sha, outcome } = await deploy(
      project,
      [
        '      - name: migrate',
        '        run: echo migrated',
        '        rollback: echo unmigrated',
        '      - name: verify',
        '        run: exit 1',
        '',
      ].join('\n'),
    );

    expect(outcome.status).toBe('ROLLED_BACK');
    expect(callsFor(project)).toEqual([
      deploymentCreated(project, id, sha),
      statusPosted(project, id, 'queued', 'Queued for development'),
      statusPosted(project, id, 'in_progress', 'Deploying to development'),
      statusPosted(project, id, 'failure', expect.stringMatching(/^verify failed: /)),
    ]);
  });

  it('waits out a GitHub rate limit and still creates exactly one deployment', async () => {
    const project = `shop-${randomUUID().slice(0, 8)}`;
    github.rateLimitNext({ retryAfterSeconds: 1 });
    const { id, sha, outcome } = await deploy(project, '      - name: release\n        run: echo released\n');

    expect(outcome.status).toBe('SUCCEEDED');
    const calls = callsFor(project);
    expect(calls[0]).toMatchObject({ path: `/repos/acme/${project}/deployments`, status: 403 });
    expect(calls.slice(1)).toEqual([
      deploymentCreated(project, id, sha),
      statusPosted(project, id, 'queued', 'Queued for development'),
      statusPosted(project, id, 'in_progress', 'Deploying to development'),
      statusPosted(project, id, 'success', 'Deployed to development'),
    ]);
  });

  it('after a rate limit on a status, posts it to the deployment already created, not a new one', async () => {
    const project = `shop-${randomUUID().slice(0, 8)}`;
    github.rateLimitNext({ retryAfterSeconds: 1 }, 1);
    const { id, sha, outcome } = await deploy(project, '      - name: release\n        run: echo released\n');

    expect(outcome.status).toBe('SUCCEEDED');
    const calls = callsFor(project);
    expect(calls).toEqual([
      deploymentCreated(project, id, sha),
      { ...statusPosted(project, id, 'queued', 'Queued for development'), status: 403 },
      statusPosted(project, id, 'queued', 'Queued for development'),
      statusPosted(project, id, 'in_progress', 'Deploying to development'),
      statusPosted(project, id, 'success', 'Deployed to development'),
    ]);
    expect(new Set(calls.slice(1).map((call) => call.path)).size).toBe(1);
  });
});
