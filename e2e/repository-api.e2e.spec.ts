import type { DeploymentInput, DeploymentOutcome } from '@slipway/temporal';
import { DEPLOYMENT_WORKFLOW, deploymentWorkflowId, TASK_QUEUES } from '@slipway/temporal';
import {
  commitFiles,
  createGitRepository,
  createTestDatabase,
  LocalGitRepository,
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

const SPEC = `version: 1
build:
  steps:
    - name: compile
      run: mkdir -p dist && cat VERSION > dist/version.txt
  artifact: [dist]
environments:
  - name: development
    steps:
      - name: show
        run: echo "checkout has $(cat VERSION), artifact has $(tar -xzOf "$SLIPWAY_ARTIFACT" dist/version.txt)"
`;

/**
 * A project connected to GitHub, with a token configured, is read through GitHub's REST API only: its
 * repository URL leads nowhere git could go, so the spec, the builds' and steps' checkouts and the release
 * diff can only have come from the loopback GitHub, which serves a real repository made here.
 */
describe('a GitHub-connected repository read through the API', () => {
  let database: TestDatabase;
  let github: GitHubApiServer;
  let client: Client;
  let services = new Map<ServiceName, ServiceProcess>();
  const repositoryPath = join(scratchDir('repository-api'), 'shop');
  const project = {
    name: `shop-${randomUUID().slice(0, 8)}`,
    repositoryUrl: 'https://git.invalid/nowhere/shop.git',
    vcs: { provider: 'github' as const, repository: 'acme/shop' },
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    github = await startGitHubApiServer();
    github.state.repositories.set('acme/shop', new LocalGitRepository(repositoryPath));
    services = await startServices(['audit', 'vcs', 'notifications', 'runner'], {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: scratchDir('repository-api-home'),
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.url,
    });
    client = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }) });
  });

  afterAll(async () => {
    await Promise.all([...services.values()].map((service) => service.stop()));
    await client.connection.close();
    await github.stop();
    await database.close();
  });

  /** Deploys main to development as a person would, with the commit resolved from the ref. */
  async function deployMain(): Promise<{ id: string; outcome: DeploymentOutcome }> {
    const id = randomUUID();
    const input: DeploymentInput = {
      deploymentId: id,
      project,
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
    return { id, outcome: (await handle.result()) as DeploymentOutcome };
  }

  const printed = async (id: string): Promise<string[]> =>
    (
      await database.dataSource.query<{ line: string }[]>(
        'SELECT line FROM step_logs WHERE deployment_id = $1 AND step >= 0 ORDER BY id',
        [id],
      )
    ).map((row) => row.line);

  const releaseDiffOf = async (id: string) => ({
    diff: (await database.dataSource.query(
      'SELECT from_sha, direction, truncated FROM release_diffs WHERE deployment_id = $1',
      [id],
    )) as unknown,
    commits: (await database.dataSource.query(
      'SELECT sha, message, author, pull_request FROM deployment_commits WHERE deployment_id = $1 ORDER BY position',
      [id],
    )) as unknown,
  });

  const reads = (since: number) =>
    github
      .calls()
      .slice(since)
      .filter((call) => call.method === 'GET')
      .map((call) => `${call.path.replace(/[0-9a-f]{40}/g, '<sha>')} ${call.status}`);

  it('reads the spec, builds and deploys the commit from the API, and diffs the next release with it', async () => {
    const first = createGitRepository(repositoryPath, { '.slipway.yml': SPEC, VERSION: 'one\n' });

    const one = await deployMain();

    expect(one.outcome).toMatchObject({
      status: 'SUCCEEDED',
      commit: { sha: first, message: 'First commit' },
    });
    expect(await printed(one.id)).toContain('checkout has one, artifact has one');
    expect(await releaseDiffOf(one.id)).toEqual({
      diff: [{ from_sha: null, direction: 'FIRST', truncated: false }],
      commits: [
        { sha: first, message: 'First commit', author: 'Ada Tester <ada@example.com>', pull_request: null },
      ],
    });
    expect(reads(0)).toEqual(
      expect.arrayContaining([
        '/repos/acme/shop/commits/main 200',
        '/repos/acme/shop/contents/.slipway.yml 200',
        '/repos/acme/shop/tarball/<sha> 302',
        '/codeload/acme/shop/legacy.tar.gz/<sha> 200',
      ]),
    );

    // A second release whose commit names no pull request: GitHub is asked which one it came from.
    const second = commitFiles(repositoryPath, { VERSION: 'two\n' }, 'Version two');
    github.state.pullRequests.set(second, [
      { number: 21, title: 'Version two', mergedAt: new Date().toISOString() },
    ]);
    const before = github.calls().length;

    const two = await deployMain();

    expect(two.outcome).toMatchObject({ status: 'SUCCEEDED', commit: { sha: second } });
    expect(await printed(two.id)).toContain('checkout has two, artifact has two');
    expect(await releaseDiffOf(two.id)).toEqual({
      diff: [{ from_sha: first, direction: 'FORWARD', truncated: false }],
      commits: [
        { sha: second, message: 'Version two', author: 'Ada Tester <ada@example.com>', pull_request: 21 },
      ],
    });
    expect(reads(before)).toEqual(
      expect.arrayContaining([
        '/repos/acme/shop/compare/<sha>...<sha> 200',
        '/repos/acme/shop/commits/<sha>/pulls 200',
      ]),
    );
  });

  it('waits out a GitHub rate limit while reading the repository, then reads on', async () => {
    const third = commitFiles(repositoryPath, { VERSION: 'three\n' }, 'Version three');
    const before = github.calls().length;
    github.rateLimitNext({ retryAfterSeconds: 1 });

    const three = await deployMain();

    expect(three.outcome).toMatchObject({ status: 'SUCCEEDED', commit: { sha: third } });
    expect(reads(before).slice(0, 2)).toEqual([
      '/repos/acme/shop/commits/main 403',
      '/repos/acme/shop/commits/main 200',
    ]);
  });
});
