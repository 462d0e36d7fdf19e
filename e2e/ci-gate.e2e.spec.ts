import definitions from '@octokit/webhooks-examples';
import {
  createWebhookSecret,
  DeploymentEntity,
  DeploymentEventEntity,
  ProjectEntity,
  SecretBox,
} from '@slipway/db';
import type { DeploymentInput, DeploymentOutcome } from '@slipway/temporal';
import { DEPLOYMENT_WORKFLOW, deploymentWorkflowId, TASK_QUEUES } from '@slipway/temporal';
import {
  createGitRepository,
  createTestDatabase,
  freePort,
  scratchDir,
  sendGitHubWebhook,
  setCheckRun,
  startGitHubApiServer,
  startService,
  testTemporalAddress,
  type GitHubApiServer,
  type ServiceProcess,
  type TestDatabase,
} from '@slipway/testing';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

type Payload = Record<string, unknown>;

/** GitHub's real check_suite and check_run bodies (npm @octokit/webhooks-examples), for another commit. */
function gitHubCheckEvent(event: 'check_suite' | 'check_run', repository: string, sha: string): Payload {
  const example = definitions
    .find((definition) => definition.name === event)
    ?.examples.map((body) => structuredClone(body) as unknown as Payload)
    .find((body) => body['action'] === 'completed');
  if (!example) throw new Error(`@octokit/webhooks-examples has no completed ${event}`);
  (example[event] as Payload)['head_sha'] = sha;
  (example['repository'] as Payload)['full_name'] = repository;
  return example;
}

/**
 * An environment that requires green CI, over the real stack (runner, audit, vcs and notifications as
 * processes, Temporal and PostgreSQL) with a loopback GitHub REST API whose check runs the test sets,
 * and signed webhooks from "GitHub" to the vcs service.
 */
describe('the CI gate of a GitHub-connected project', () => {
  const project = `shop-${randomUUID().slice(0, 8)}`;
  const repository = `acme/${project}`;
  let database: TestDatabase;
  let github: GitHubApiServer;
  let client: Client;
  let secret: string;
  let webhookUrl: string;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    github = await startGitHubApiServer();
    const key = SecretBox.generateKey();
    await database.dataSource.getRepository(ProjectEntity).save({
      name: project,
      repositoryUrl: '/srv/git/unused.git',
      vcsProvider: 'github',
      vcsRepository: repository,
    });
    secret = await createWebhookSecret(database.dataSource, new SecretBox(key), project);
    const port = await freePort();
    webhookUrl = `http://127.0.0.1:${port}/webhooks/github`;
    const env = {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: scratchDir('ci-gate-home'),
    };
    // Only the vcs service talks to "GitHub"; the runner reads the spec from the git repository.
    services.push(
      ...(await Promise.all([
        startService('vcs', {
          ...env,
          SLIPWAY_SECRET_KEY: key,
          WEBHOOK_PORT: String(port),
          GITHUB_TOKEN: github.token,
          GITHUB_API_URL: github.url,
        }),
        startService('audit', env),
        startService('notifications', env),
        startService('runner', env),
      ])),
    );
    client = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }) });
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await client.connection.close();
    await github.stop();
    await database.close();
  });

  /** A new commit whose spec requires CI for production. */
  function commit(): { path: string; sha: string } {
    const path = join(scratchDir('repo'), randomUUID());
    const spec = [
      'version: 1',
      'environments:',
      '  - name: production',
      '    ci:',
      '      required: true',
      '    steps:',
      '      - name: release',
      '        run: echo released',
      '',
    ].join('\n');
    return { path, sha: createGitRepository(path, { '.slipway.yml': spec }) };
  }

  /** Deploys the commit to production. */
  async function deploy({ path, sha }: { path: string; sha: string }) {
    const id = randomUUID();
    const input: DeploymentInput = {
      deploymentId: id,
      project: { name: project, repositoryUrl: path, vcs: { provider: 'github', repository } },
      environment: 'production',
      ref: 'main',
      actor: 'ada',
      trigger: { type: 'manual' },
      commit: { sha, message: 'First commit', author: 'Ada Tester', committedAt: new Date().toISOString() },
    };
    const handle = await client.workflow.start(DEPLOYMENT_WORKFLOW, {
      taskQueue: TASK_QUEUES.deploy,
      workflowId: deploymentWorkflowId(id),
      args: [input],
    });
    return { id, outcome: handle.result() as Promise<DeploymentOutcome> };
  }

  /** The deployment as the console shows it (the read model), once it reaches `status`. */
  async function waitForStatus(id: string, status: string): Promise<DeploymentEntity> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const deployment = await database.dataSource.getRepository(DeploymentEntity).findOneBy({ id });
      if (deployment?.status === status) return deployment;
      if (Date.now() > deadline) throw new Error(`deployment ${id} is ${deployment?.status}, not ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const eventsOf = async (id: string) =>
    (
      await database.dataSource
        .getRepository(DeploymentEventEntity)
        .find({ where: { deploymentId: id }, order: { sequence: 'ASC' } })
    ).map((event) => event.body);

  it('waits while CI runs, and deploys as soon as a check_suite webhook says it passed', async () => {
    const { sha, ...source } = commit();
    setCheckRun(github, { repository, sha, name: 'test', status: 'in_progress' });
    const started = await deploy({ sha, ...source });
    await waitForStatus(started.id, 'WAITING_CI');
    expect(await eventsOf(started.id)).toContainEqual({ type: 'CI_WAITING', checks: ['test'] });

    setCheckRun(github, { repository, sha: sha, name: 'test', status: 'completed', conclusion: 'success' });
    const sent = Date.now();
    const answer = await sendGitHubWebhook(webhookUrl, {
      event: 'check_suite',
      payload: gitHubCheckEvent('check_suite', repository, sha),
      secret,
    });
    expect(answer).toEqual({ status: 202, body: { ci: 'check suite completed: success' } });

    expect(await started.outcome).toMatchObject({ status: 'SUCCEEDED', reason: null });
    // Slipway's own build status was there all along; it is not CI.
    expect(github.state.commitStatuses).toContainEqual(
      expect.objectContaining({ sha, context: 'slipway/build', state: 'success' }),
    );
    // Woken by the webhook: the first poll would only have come 15 s after CI_WAITING.
    expect(Date.now() - sent).toBeLessThan(10_000);
    const types = (await eventsOf(started.id)).map((event) => event.type);
    expect(types.slice(types.indexOf('CI_WAITING'))).toEqual([
      'CI_WAITING',
      'CI_PASSED',
      'DEPLOYMENT_STARTED',
      'STEP_STARTED',
      'STEP_SUCCEEDED',
      'DEPLOYMENT_SUCCEEDED',
    ]);
    const looked = github
      .calls()
      .filter((call) => call.method === 'GET' && call.path.includes(`/commits/${sha}/`));
    expect(looked.map((call) => call.path)).toEqual([
      `/repos/${repository}/commits/${sha}/check-runs`,
      `/repos/${repository}/commits/${sha}/status`,
      `/repos/${repository}/commits/${sha}/check-runs`,
      `/repos/${repository}/commits/${sha}/status`,
    ]);
  });

  it('fails a deployment whose commit has a failed check, naming the check and linking to it', async () => {
    const { sha, ...source } = commit();
    setCheckRun(github, { repository, sha, name: 'lint', status: 'completed', conclusion: 'success' });
    setCheckRun(github, { repository, sha, name: 'test', status: 'queued' });
    const started = await deploy({ sha, ...source });
    await waitForStatus(started.id, 'WAITING_CI');

    const failed = setCheckRun(github, {
      repository,
      sha: sha,
      name: 'test',
      status: 'completed',
      conclusion: 'failure',
      detailsUrl: 'https://ci.example.com/builds/7',
    });
    await sendGitHubWebhook(webhookUrl, {
      event: 'check_run',
      payload: gitHubCheckEvent('check_run', repository, sha),
      secret,
    });

    const reason = `CI failed: test (${failed.htmlUrl})`;
    expect(await started.outcome).toMatchObject({ status: 'FAILED', reason });
    expect(await waitForStatus(started.id, 'FAILED')).toMatchObject({ reason, startedAt: null });
    expect((await eventsOf(started.id)).at(-1)).toEqual({
      type: 'CI_FAILED',
      check: 'test',
      url: failed.htmlUrl,
      reason,
    });
  });
});
