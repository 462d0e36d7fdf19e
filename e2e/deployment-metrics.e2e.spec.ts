import { createApiToken, ProjectEntity } from '@slipway/db';
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
import { join } from 'node:path';

interface Metrics {
  counted: number;
  succeeded: number;
  failed: number;
  notRun: number;
  successRate: number | null;
  changeFailures: number;
  deploymentFrequency: { deployments: number; perDay: number };
  duration: { medianMs: number | null };
  leadTime: { commits: number; medianMs: number | null };
  timeToRestore: { restored: number; unrestored: number; medianMs: number | null };
  series: Array<{ start: string; counted: number; succeeded: number; failed: number }>;
}

const METRICS = `
  query ($project: String!, $environment: String!, $since: DateTime!, $until: DateTime!, $bucket: MetricsBucket) {
    deploymentMetrics(project: $project, environment: $environment, since: $since, until: $until, bucket: $bucket) {
      counted succeeded failed notRun successRate changeFailures
      deploymentFrequency { deployments perDay }
      duration { medianMs }
      leadTime { commits medianMs }
      timeToRestore { restored unrestored medianMs }
      series { start counted succeeded failed }
    }
  }`;

/** Production runs one step, which fails when the commit's VERSION says so. */
const SPEC = `version: 1
environments:
  - name: production
    steps:
      - name: release
        run: test "$(cat VERSION)" != bad
`;

const HOUR = 3_600_000;

/**
 * Metrics over the real stack (every service a process, Temporal and PostgreSQL real): three
 * deployments of production — a success, a failure, a success that restores it — then the gateway's
 * numbers; bad arguments name their field; other projects' people see nothing.
 */
describe('deployment metrics', () => {
  let database: TestDatabase;
  let repository: string;
  let services = new Map<ServiceName, ServiceProcess>();
  let graphqlUrl: string;
  const tokens = { root: '', shopViewer: '', blogViewer: '' };
  // Two hours around the test: a window of exactly 1/12 day.
  const since = new Date(Date.now() - HOUR);
  const until = new Date(Date.now() + HOUR);

  beforeAll(async () => {
    database = await createTestDatabase();
    repository = join(scratchDir('metrics-repo'), 'shop');
    createGitRepository(repository, { '.slipway.yml': SPEC, VERSION: 'one\n' });
    await database.dataSource.getRepository(ProjectEntity).save([
      { name: 'shop', repositoryUrl: repository },
      { name: 'blog', repositoryUrl: '/srv/git/blog' },
    ]);
    tokens.root = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    tokens.shopViewer = (
      await createApiToken(database.dataSource, 'shop-viewer', ['viewer'], { projects: ['shop'] })
    ).token;
    tokens.blogViewer = (
      await createApiToken(database.dataSource, 'blog-viewer', ['viewer'], { projects: ['blog'] })
    ).token;
    const port = String(await freePort());
    services = await startServices(['audit', 'vcs', 'notifications', 'runner', 'gateway'], {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: scratchDir('metrics-home'),
      SLIPWAY_MODE: 'development',
      PORT: port,
    });
    graphqlUrl = `http://127.0.0.1:${port}/graphql`;
  });

  afterAll(async () => {
    await Promise.all([...services.values()].map((service) => service.stop()));
    await database.close();
  });

  async function graphql<T>(as: keyof typeof tokens, query: string, variables: Record<string, unknown> = {}) {
    return (await postGraphQL<T>(graphqlUrl, tokens[as], query, variables)).body;
  }

  /** Deploys main to production and waits until the deployment has ended. */
  async function deployMain(): Promise<string> {
    const deployed = await graphql<{ deploy: { id: string } }>(
      'root',
      'mutation { deploy(input: { project: "shop", environment: "production", ref: "main" }) { id } }',
    );
    expect(deployed.errors).toBeUndefined();
    const id = deployed.data!.deploy.id;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const read = await graphql<{ deployment: { status: string } | null }>(
        'root',
        'query ($id: ID!) { deployment(id: $id) { status } }',
        { id },
      );
      const status = read.data?.deployment?.status;
      if (status && ['SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'ROLLBACK_FAILED'].includes(status)) return status;
      if (Date.now() > deadline) throw new Error(`deployment ${id} is still ${status ?? 'unknown'}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const metricsOf = (as: keyof typeof tokens, variables: Record<string, unknown>) =>
    graphql<{ deploymentMetrics: Metrics }>(as, METRICS, {
      project: 'shop',
      environment: 'production',
      since: since.toISOString(),
      until: until.toISOString(),
      ...variables,
    });

  it('counts a success, a failure and the success that restores it', async () => {
    expect(await deployMain()).toBe('SUCCEEDED');
    commitFiles(repository, { VERSION: 'bad\n' }, 'A bad version');
    expect(await deployMain()).toBe('FAILED');
    commitFiles(repository, { VERSION: 'three\n' }, 'Version three');
    expect(await deployMain()).toBe('SUCCEEDED');

    const read = await metricsOf('shopViewer', {});
    expect(read.errors).toBeUndefined();
    const metrics = read.data!.deploymentMetrics;
    expect(metrics).toMatchObject({
      counted: 3,
      succeeded: 2,
      failed: 1,
      notRun: 0,
      successRate: 2 / 3,
      changeFailures: 1,
      // 2 successes in 2 hours = 1/12 day.
      deploymentFrequency: { deployments: 2, perDay: 24 },
      // The first brought its one commit (FIRST); the third the bad one and its own (FORWARD from the first).
      leadTime: { commits: 3 },
      timeToRestore: { restored: 1, unrestored: 0 },
    });
    expect(metrics.duration.medianMs).toEqual(expect.any(Number));
    expect(metrics.leadTime.medianMs).toEqual(expect.any(Number));
    expect(metrics.timeToRestore.medianMs).toEqual(expect.any(Number));
    // The window spans one or two UTC days; every deployment is in one of them.
    expect(metrics.series.reduce((sum, point) => sum + point.counted, 0)).toBe(3);
    expect(metrics.series[0]?.start).toBe(
      new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate())).toISOString(),
    );

    const staging = await metricsOf('root', { environment: 'staging', bucket: 'WEEK' });
    // Nothing ever ran there: zeros and nulls, not an error.
    expect(staging.data?.deploymentMetrics).toMatchObject({ counted: 0, successRate: null });
  });

  it.each([
    [
      'an until before since',
      { until: since.toISOString(), since: until.toISOString() },
      'until',
      'until must be after since',
    ],
    [
      'a window over 730 days',
      { since: '2024-01-01T00:00:00Z', until: '2026-01-02T00:00:00Z', bucket: 'WEEK' },
      'until',
      'until must be at most 730 days after since',
    ],
    [
      'more than 400 days cut in days',
      { since: '2025-01-01T00:00:00Z', until: '2026-03-01T00:00:00Z', bucket: 'DAY' },
      'bucket',
      'bucket must cut the window in at most 400 buckets: choose WEEK or a shorter window',
    ],
    [
      'a project that is not a name',
      { project: 'Shop!' },
      'project',
      'project must be a lowercase name of letters, digits and dashes',
    ],
    [
      'an empty environment',
      { environment: '' },
      'environment',
      'environment must be a lowercase name of letters, digits and dashes',
    ],
  ])('refuses %s, naming the field', async (_case, variables, field, message) => {
    const read = await metricsOf('root', variables);
    expect(read.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field } });
    expect(read.data).toBeNull();
  });

  it('shows nothing of a project to people of another one, as for a project that does not exist', async () => {
    const hidden = await metricsOf('blogViewer', {});
    expect(hidden.errors?.[0]).toMatchObject({
      message: 'project "shop" does not exist',
      extensions: { code: 'NOT_FOUND', field: 'project' },
    });
    expect(hidden.data).toBeNull();
    const unknown = await metricsOf('root', { project: 'nope' });
    expect(unknown.errors?.[0]).toMatchObject({
      message: 'project "nope" does not exist',
      extensions: { code: 'NOT_FOUND', field: 'project' },
    });
    const own = await metricsOf('blogViewer', { project: 'blog' });
    expect(own.data?.deploymentMetrics).toMatchObject({ counted: 0 });
  });
});
