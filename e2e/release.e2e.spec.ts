import { createApiToken, ProjectEntity } from '@slipway/db';
import {
  RELEASE_WORKFLOW,
  releaseWorkflowId,
  TASK_QUEUES,
  type ReleaseInput,
  type ReleaseOutcome,
} from '@slipway/temporal';
import {
  commitFiles,
  createGitRepository,
  createTestDatabase,
  freePort,
  scratchDir,
  startServices,
  testTemporalAddress,
  type ServiceName,
  type ServiceProcess,
  type TestDatabase,
  postGraphQL,
} from '@slipway/testing';
import { Client, Connection } from '@temporalio/client';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Deployment {
  id: string;
  environment: string;
  status: string;
  commitSha: string | null;
  artifactDigest: string | null;
  trigger: { type: string; after: string | null; replacing: string | null };
}

const DEPLOYMENT_FIELDS = 'id environment status commitSha artifactDigest trigger { type after replacing }';

/**
 * One commit through development → staging → production over the real stack (every service a
 * process, the gateway over HTTP, a real Temporal dev server and PostgreSQL): built once, promoted by
 * `after`, approved by the right person only, rolled back from its stored artifact.
 */
describe('a release through three environments', () => {
  let database: TestDatabase;
  let home: string;
  let repository: string;
  let buildCounter: string;
  let services = new Map<ServiceName, ServiceProcess>();
  let graphqlUrl: string;
  let client: Client;
  const tokens: Record<'alex' | 'root' | 'dana', string> = { alex: '', root: '', dana: '' };

  /** The app's spec; `served` is what each environment's release start command leaves behind. */
  const spec = (counter: string) => `version: 1
build:
  steps:
    - name: compile
      run: mkdir -p dist && cat VERSION > dist/version.txt && echo built >> ${counter}
  artifact: [dist]
environments:
  - name: development
    auto:
      branches: [main]
    steps:
      - name: release
        type: release
        start: cp dist/version.txt "$SLIPWAY_TARGET_DIR/served"
  - name: staging
    after: development
    steps:
      - name: release
        type: release
        start: cp dist/version.txt "$SLIPWAY_TARGET_DIR/served"
  - name: production
    after: staging
    approval:
      roles: [admin]
    steps:
      - name: release
        type: release
        start: cp dist/version.txt "$SLIPWAY_TARGET_DIR/served"
`;

  beforeAll(async () => {
    database = await createTestDatabase();
    home = scratchDir('release-home');
    buildCounter = join(scratchDir('release-counter'), 'builds');
    repository = join(scratchDir('release-repo'), 'shop');
    createGitRepository(repository, { '.slipway.yml': spec(buildCounter), VERSION: 'one\n' });
    await database.dataSource.getRepository(ProjectEntity).save({ name: 'shop', repositoryUrl: repository });
    tokens.alex = (await createApiToken(database.dataSource, 'alex', ['admin'])).token;
    tokens.root = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    tokens.dana = (await createApiToken(database.dataSource, 'dana', ['deployer'])).token;
    const port = String(await freePort());
    services = await startServices(['audit', 'vcs', 'notifications', 'runner', 'gateway'], {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: home,
      SLIPWAY_MODE: 'development',
      PORT: port,
    });
    graphqlUrl = `http://127.0.0.1:${port}/graphql`;
    client = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }) });
  });

  afterAll(async () => {
    await Promise.all([...services.values()].map((service) => service.stop()));
    await client.connection.close();
    await database.close();
  });

  async function graphql<T>(as: keyof typeof tokens, query: string, variables: Record<string, unknown> = {}) {
    return (await postGraphQL<T>(graphqlUrl, tokens[as], query, variables)).body;
  }

  const served = (environment: string): string | null => {
    const file = join(home, 'targets', 'shop', environment, 'served');
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
  };
  const builds = (): number =>
    existsSync(buildCounter) ? readFileSync(buildCounter, 'utf8').split('\n').length - 1 : 0;

  async function deploymentsOf(environment: string): Promise<Deployment[]> {
    const result = await graphql<{ deployments: { nodes: Deployment[] } }>(
      'alex',
      `query ($environment: String) { deployments(filter: { project: "shop", environment: $environment }) { nodes { ${DEPLOYMENT_FIELDS} } } }`,
      { environment },
    );
    return result.data?.deployments.nodes ?? [];
  }

  /** Polls until the newest deployment to the environment is in one of the statuses. */
  async function newest(environment: string, statuses: string[]): Promise<Deployment> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const [latest] = await deploymentsOf(environment);
      if (latest && statuses.includes(latest.status)) return latest;
      if (Date.now() > deadline) {
        throw new Error(
          `${environment}: ${latest?.status ?? 'no deployment'}, expected ${statuses.join(' or ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  interface ReleaseDiff {
    from: string | null;
    direction: string;
    truncated: boolean;
    commits: Array<{
      sha: string;
      message: string;
      author: string;
      committedAt: string;
      pullRequest: number | null;
    }>;
  }

  /** What an approver sees a deployment bring to its environment. */
  const releaseDiffOf = async (id: string) => {
    const read = await graphql<{ deployment: { releaseDiff: ReleaseDiff | null } }>(
      'dana',
      'query ($id: ID!) { deployment(id: $id) { releaseDiff { from direction truncated commits { sha message author committedAt pullRequest } } } }',
      { id },
    );
    expect(read.errors).toBeUndefined();
    return read.data?.deployment.releaseDiff;
  };

  const approve = (as: keyof typeof tokens, id: string) =>
    graphql<{ approveDeployment: Deployment }>(
      as,
      `mutation ($id: ID!) { approveDeployment(id: $id, comment: "ship it") { ${DEPLOYMENT_FIELDS} } }`,
      { id },
    );

  let first: string;
  let second: string;

  it('builds once, promotes by `after`, and waits at production for an admin other than the requester', async () => {
    const deployed = await graphql<{ deploy: Deployment }>(
      'alex',
      `mutation { deploy(input: { project: "shop", environment: "development", ref: "main" }) { ${DEPLOYMENT_FIELDS} } }`,
    );
    expect(deployed.errors).toBeUndefined();
    expect(deployed.data?.deploy).toMatchObject({ environment: 'development', trigger: { type: 'manual' } });

    const waiting = await newest('production', ['WAITING_APPROVAL']);
    first = waiting.commitSha!;
    const [development] = await deploymentsOf('development');
    const [staging] = await deploymentsOf('staging');
    expect(development?.status).toBe('SUCCEEDED');
    expect(staging).toMatchObject({
      status: 'SUCCEEDED',
      trigger: { type: 'promotion', after: 'development' },
    });
    expect(served('development')).toBe('one');
    expect(served('staging')).toBe('one');
    expect(served('production')).toBeNull();
    // The same bytes everywhere: one build, one digest.
    expect(builds()).toBe(1);
    expect(new Set([development?.artifactDigest, staging?.artifactDigest, waiting.artifactDigest]).size).toBe(
      1,
    );
    expect(waiting.artifactDigest).toMatch(/^[0-9a-f]{64}$/);
    // Nothing ran in production before: the diff is the commit going out.
    expect(await releaseDiffOf(waiting.id)).toMatchObject({
      from: null,
      direction: 'FIRST',
      truncated: false,
      commits: [{ sha: first, message: 'First commit', pullRequest: null }],
    });

    const asDeployer = await approve('dana', waiting.id);
    expect(asDeployer.errors?.[0]).toMatchObject({
      message: 'dana may not decide on this deployment: it needs the role admin',
      extensions: { code: 'FORBIDDEN' },
    });
    const asRequester = await approve('alex', waiting.id);
    expect(asRequester.errors?.[0]).toMatchObject({
      message: 'alex asked for this deployment and may not approve it',
      extensions: { code: 'FORBIDDEN' },
    });
    const approved = await approve('root', waiting.id);
    expect(approved.errors).toBeUndefined();
    expect(await newest('production', ['SUCCEEDED'])).toMatchObject({ id: waiting.id, commitSha: first });
    expect(served('production')).toBe('one');
  });

  it('rolls production back to an earlier release from its stored artifact, without rebuilding', async () => {
    second = commitFiles(repository, { VERSION: 'two\n' }, 'Version two');
    await graphql(
      'alex',
      'mutation { deploy(input: { project: "shop", environment: "development", ref: "main" }) { id } }',
    );
    const waiting = await newest('production', ['WAITING_APPROVAL']);
    expect(waiting.commitSha).toBe(second);
    // Before anyone approves, production shows exactly what the second release adds to the first.
    const diff = await releaseDiffOf(waiting.id);
    expect(diff).toEqual({
      from: first,
      direction: 'FORWARD',
      truncated: false,
      commits: [
        {
          sha: second,
          message: 'Version two',
          author: 'Ada Tester <ada@example.com>',
          committedAt: expect.any(String) as unknown,
          pullRequest: null,
        },
      ],
    });
    expect(Number.isNaN(Date.parse(diff!.commits[0]!.committedAt))).toBe(false);
    expect((await approve('root', waiting.id)).errors).toBeUndefined();
    await newest('production', ['SUCCEEDED']);
    expect(served('production')).toBe('two');
    expect(builds()).toBe(2);

    const releases = await graphql<{ releases: Array<{ commitSha: string }> }>(
      'alex',
      '{ releases(project: "shop") { commitSha } }',
    );
    expect(releases.data?.releases.map((release) => release.commitSha)).toEqual([second, first]);

    const rolledBack = await graphql<{ rollback: Deployment }>(
      'dana',
      `mutation ($sha: String!) { rollback(input: { project: "shop", environment: "production", commitSha: $sha }) { ${DEPLOYMENT_FIELDS} } }`,
      { sha: first },
    );
    expect(rolledBack.errors).toBeUndefined();
    expect(rolledBack.data?.rollback.trigger).toMatchObject({ type: 'rollback', replacing: second });
    // Production asks for approval for any deployment, a rollback included.
    const pending = await newest('production', ['WAITING_APPROVAL']);
    expect(await releaseDiffOf(pending.id)).toMatchObject({
      from: second,
      direction: 'BACKWARD',
      commits: [{ sha: second, message: 'Version two' }],
    });
    expect((await approve('root', pending.id)).errors).toBeUndefined();
    expect(await newest('production', ['SUCCEEDED'])).toMatchObject({ commitSha: first });
    expect(served('production')).toBe('one');
    expect(builds()).toBe(2);
  });

  it('a push of a commit rolled back in an environment skips that environment', async () => {
    await graphql(
      'dana',
      `
        mutation ($sha: String!) {
          rollback(input: { project: "shop", environment: "development", commitSha: $sha }) {
            id
          }
        }
      `,
      {
        sha: first,
      },
    );
    await newest('development', ['SUCCEEDED']);
    expect(served('development')).toBe('one');
    const outcome = await client.workflow.execute<(input: ReleaseInput) => Promise<ReleaseOutcome>>(
      RELEASE_WORKFLOW,
      {
        taskQueue: TASK_QUEUES.deploy,
        workflowId: releaseWorkflowId('shop', second),
        args: [
          {
            project: { name: 'shop', repositoryUrl: repository },
            ref: 'refs/heads/main',
            actor: 'github',
            trigger: { type: 'push', ref: 'refs/heads/main' },
            promote: true,
          },
        ],
      },
    );
    expect(outcome.commit?.sha).toBe(second);
    expect(outcome.deployments).toEqual([]);
    expect(served('development')).toBe('one');
  });

  it('a paused environment keeps an approved deployment waiting in its queue, visible, until resumed', async () => {
    const scope = { project: 'shop', environment: 'production' };
    const pause = `mutation ($scope: PauseScopeInput!) { pauseDeployments(scope: $scope, reason: "incident 42") { environment paused { actor reason } } }`;
    const refused = await graphql('dana', pause, { scope });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const paused = await graphql<{ pauseDeployments: unknown[] }>('root', pause, { scope });
    expect(paused.data?.pauseDeployments).toEqual([
      { environment: 'production', paused: { actor: 'root', reason: 'incident 42' } },
    ]);

    const deployed = await graphql<{ deploy: Deployment }>(
      'dana',
      `mutation { deploy(input: { project: "shop", environment: "production", ref: "main" }) { ${DEPLOYMENT_FIELDS} } }`,
    );
    const id = deployed.data!.deploy.id;
    await newest('production', ['WAITING_APPROVAL']);
    expect((await approve('root', id)).errors).toBeUndefined();
    const queues = `query ($scope: PauseScopeInput!) { environmentQueues(scope: $scope) { running { id } waiting { id status } paused { reason } } }`;
    const deadline = Date.now() + 30_000;
    let queue:
      { running: unknown; waiting: Array<{ id: string; status: string }>; paused: unknown } | undefined;
    while (!queue?.waiting.length && Date.now() < deadline) {
      const read = await graphql<{ environmentQueues: Array<NonNullable<typeof queue>> }>('dana', queues, {
        scope,
      });
      queue = read.data?.environmentQueues[0];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(queue).toEqual({
      running: null,
      waiting: [{ id, status: 'QUEUED' }],
      paused: { reason: 'incident 42' },
    });

    const resumed = await graphql(
      'root',
      'mutation ($scope: PauseScopeInput!) { resumeDeployments(scope: $scope) { environment } }',
      {
        scope,
      },
    );
    expect(resumed.errors).toBeUndefined();
    expect(await newest('production', ['SUCCEEDED'])).toMatchObject({ id, commitSha: second });
    expect(served('production')).toBe('two');
  });

  it('promotes what runs in one environment to another from its stored artifact, then along `after`', async () => {
    const promote = (as: keyof typeof tokens, input: Record<string, string>) =>
      graphql<{ promote: Deployment }>(
        as,
        `mutation ($input: PromoteInput!) { promote(input: $input) { ${DEPLOYMENT_FIELDS} } }`,
        { input },
      );
    // Development runs the first release again (rolled back there); staging runs the second.
    const source = await newest('development', ['SUCCEEDED']);
    const promoted = await promote('dana', { project: 'shop', from: 'development', to: 'staging' });
    expect(promoted.errors).toBeUndefined();
    expect(promoted.data?.promote).toMatchObject({
      environment: 'staging',
      trigger: { type: 'promotion', after: 'development' },
    });
    expect(await newest('staging', ['SUCCEEDED'])).toMatchObject({ commitSha: first });
    expect(served('staging')).toBe('one');
    expect(builds()).toBe(2);
    // Then production, after staging, asks for its approval; an admin turns it down.
    const waiting = await newest('production', ['WAITING_APPROVAL']);
    expect(waiting).toMatchObject({ commitSha: first, trigger: { type: 'promotion', after: 'staging' } });
    const rejected = await graphql(
      'root',
      'mutation ($id: ID!) { rejectDeployment(id: $id, comment: "not today") { id } }',
      { id: waiting.id },
    );
    expect(rejected.errors).toBeUndefined();
    await newest('production', ['REJECTED']);
    expect(served('production')).toBe('two');

    const again = await promote('dana', { project: 'shop', from: 'development', to: 'staging' });
    expect(again.errors?.[0]).toMatchObject({
      message: `staging already runs ${first.slice(0, 12)}, as development does`,
      extensions: { code: 'CONFLICT' },
    });
    const nowhere = await promote('dana', { project: 'shop', from: 'qa', to: 'staging' });
    expect(nowhere.errors?.[0]).toMatchObject({
      message: 'nothing has been deployed to qa of project shop yet',
      extensions: { code: 'NOT_FOUND', field: 'from' },
    });
    const same = await promote('dana', { project: 'shop', from: 'staging', to: 'staging' });
    expect(same.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'to' } });
    expect(source.commitSha).toBe(first);
  });
});
