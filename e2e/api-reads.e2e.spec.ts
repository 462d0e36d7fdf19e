import {
  createApiToken,
  DeploymentEntity,
  DeploymentEventEntity,
  DeploymentStepEntity,
  EnvironmentReleaseEntity,
  ProjectEntity,
  ReleaseEntity,
} from '@slipway/db';
import type { DeploymentEventBody, DeploymentStatus } from '@slipway/domain';
import {
  createTestDatabase,
  freePort,
  scratchDir,
  startService,
  testTemporalAddress,
  type ServiceProcess,
  type TestDatabase,
  postGraphQL,
  type GraphQLResponse,
  type GraphQLError,
} from '@slipway/testing';
import { createClient } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import WebSocket from 'ws';

interface Seeded {
  id: string;
  project: string;
  environment: string;
  actor: string;
  status: DeploymentStatus;
  queuedAt: Date;
}

interface Page {
  nodes: Array<{ id: string; project: string }>;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/** A PostgreSQL client's first message: its length, then protocol 3.0; every later one has a type byte. */
const PROTOCOL_3 = 196_608;
/** The messages that each end one query: a simple Query, or the Sync that closes an extended one. */
const QUERY_ENDS = new Set(['Q', 'S']);

/**
 * A TCP relay in front of PostgreSQL that counts the queries its clients send, reading the frontend
 * messages as the wire protocol frames them: how many round trips a process makes, seen from outside it.
 */
async function queryCountingRelay(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let queries = 0;
  const server = createServer((client) => {
    const upstream = createConnection(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => [client, upstream].forEach((each) => each.destroy()));
    }
    client.pipe(upstream);
    upstream.pipe(client);
    let pending = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const typeBytes = started ? 1 : 0;
        if (pending.length < typeBytes + 4) return;
        const length = typeBytes + pending.readInt32BE(typeBytes);
        if (pending.length < length) return;
        if (!started) started = pending.readInt32BE(4) === PROTOCOL_3;
        else if (QUERY_ENDS.has(String.fromCharCode(pending[0]!))) queries += 1;
        pending = pending.subarray(length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: url.toString(),
    queries: () => queries,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const SHA = { one: 'a'.repeat(40), two: 'b'.repeat(40), three: 'c'.repeat(40) };
const at = (day: number, minute = 0): Date => new Date(Date.UTC(2026, 0, day, 8, minute));

/**
 * The read side of the API over HTTP against the gateway process, on read models seeded row by row:
 * what a token may see, paging without gaps, the environments view, approvals waiting for the caller,
 * project registration, and the limits on what one query may ask.
 */
describe('the read API', () => {
  let database: TestDatabase;
  let relay: Awaited<ReturnType<typeof queryCountingRelay>>;
  let gateway: ServiceProcess;
  let url: string;
  let wsUrl: string;
  const seeded: Seeded[] = [];
  const tokens = {
    root: '',
    shopViewer: '',
    bo: '',
    cy: '',
    shopAdmin: '',
    twoProjects: '',
    sixProjects: '',
  };
  const FLEET = ['fleet-a', 'fleet-b', 'fleet-c', 'fleet-d'];

  async function seed(
    row: Partial<Omit<DeploymentEntity, 'steps'>> & Pick<Seeded, 'project' | 'environment' | 'status'>,
    events: DeploymentEventBody[] = [],
  ): Promise<Seeded> {
    const deployment = {
      id: randomUUID(),
      ref: 'main',
      actor: 'ada',
      trigger: { type: 'manual' as const },
      commitSha: null,
      commitMessage: null,
      artifactDigest: null,
      approvalsRemaining: null,
      reason: null,
      queuedAt: at(1),
      startedAt: null,
      finishedAt: null,
      lastSequence: events.length,
      ...row,
    };
    await database.dataSource.getRepository(DeploymentEntity).insert(deployment);
    await database.dataSource.getRepository(DeploymentEventEntity).insert(
      events.map((body, index) => ({
        eventId: randomUUID(),
        deploymentId: deployment.id,
        sequence: index + 1,
        type: body.type,
        body,
        occurredAt: deployment.queuedAt,
      })),
    );
    seeded.push(deployment);
    return deployment;
  }

  const approvalRequested = (
    roles: string[],
    approvers = 1,
    allowSelfApproval?: boolean,
  ): DeploymentEventBody => ({
    type: 'APPROVAL_REQUESTED',
    roles,
    approvers,
    expiresAt: '2026-07-02T08:00:00.000Z',
    ...(allowSelfApproval === undefined ? {} : { allowSelfApproval }),
  });

  let waitingForAdmin: Seeded;
  let waitingForDeployers: Seeded;
  let waitingForOthers: Seeded;
  let blogWaiting: Seeded;
  let blogDeployment: Seeded;
  let stagingGood: Seeded;
  let stagingRolledBack: Seeded;
  let developmentLatest: Seeded;

  beforeAll(async () => {
    database = await createTestDatabase();
    const projects = database.dataSource.getRepository(ProjectEntity);
    await projects.insert([
      { name: 'shop', repositoryUrl: '/srv/git/shop' },
      { name: 'blog', repositoryUrl: 'https://git.example.com/blog.git' },
    ]);
    tokens.root = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    tokens.shopViewer = (
      await createApiToken(database.dataSource, 'shop-viewer', ['viewer'], { projects: ['shop'] })
    ).token;
    tokens.bo = (await createApiToken(database.dataSource, 'bo', ['deployer'], { projects: ['shop'] })).token;
    tokens.cy = (await createApiToken(database.dataSource, 'cy', ['deployer'])).token;
    tokens.shopAdmin = (
      await createApiToken(database.dataSource, 'shop-admin', ['admin'], { projects: ['shop'] })
    ).token;
    tokens.twoProjects = (
      await createApiToken(database.dataSource, 'two-projects', ['viewer'], { projects: ['blog', 'shop'] })
    ).token;
    tokens.sixProjects = (
      await createApiToken(database.dataSource, 'six-projects', ['viewer'], {
        projects: ['blog', 'shop', ...FLEET],
      })
    ).token;

    // History: 24 deployments of shop over January, three of them queued at the very same instant.
    for (let index = 0; index < 24; index += 1) {
      const status: DeploymentStatus = (['SUCCEEDED', 'FAILED', 'CANCELLED'] as const)[index % 3]!;
      await seed({
        project: 'shop',
        environment: index % 2 === 0 ? 'development' : 'staging',
        actor: index % 4 === 0 ? 'bo' : 'ada',
        status,
        queuedAt: index >= 10 && index < 13 ? at(10) : at(2 + index, index),
        finishedAt: at(2 + index, index + 5),
        commitSha: SHA.one,
      });
    }
    // What each environment of shop stands at now (June, after all of that).
    developmentLatest = await seed({
      project: 'shop',
      environment: 'development',
      status: 'SUCCEEDED',
      actor: 'bo',
      ref: 'v2',
      commitSha: SHA.two,
      commitMessage: 'Add the cart',
      queuedAt: at(150),
      finishedAt: at(150, 3),
    });
    stagingGood = await seed({
      project: 'shop',
      environment: 'staging',
      status: 'SUCCEEDED',
      actor: 'cy',
      commitSha: SHA.three,
      queuedAt: at(151),
      finishedAt: at(151, 4),
    });
    stagingRolledBack = await seed({
      project: 'shop',
      environment: 'staging',
      status: 'ROLLED_BACK',
      reason: 'health check failed',
      commitSha: SHA.two,
      queuedAt: at(152),
      finishedAt: at(152, 2),
    });
    await seed({ project: 'shop', environment: 'qa', status: 'FAILED', queuedAt: at(153) });
    waitingForAdmin = await seed(
      {
        project: 'shop',
        environment: 'production',
        status: 'WAITING_APPROVAL',
        actor: 'ada',
        queuedAt: at(154),
      },
      [approvalRequested(['admin'])],
    );
    waitingForDeployers = await seed(
      { project: 'shop', environment: 'canary', status: 'WAITING_APPROVAL', actor: 'bo', queuedAt: at(155) },
      [
        approvalRequested(['deployer'], 2, true),
        { type: 'APPROVAL_GIVEN', actor: 'cy', comment: 'fine by me', remaining: 1 },
      ],
    );
    waitingForOthers = await seed(
      { project: 'shop', environment: 'canary', status: 'WAITING_APPROVAL', actor: 'bo', queuedAt: at(157) },
      [approvalRequested(['deployer'], 1, false)],
    );
    blogDeployment = await seed({
      project: 'blog',
      environment: 'production',
      status: 'SUCCEEDED',
      queuedAt: at(5),
    });
    blogWaiting = await seed(
      { project: 'blog', environment: 'production', status: 'WAITING_APPROVAL', queuedAt: at(156) },
      [approvalRequested(['deployer'])],
    );
    await database.dataSource.getRepository(DeploymentStepEntity).insert(
      ['release', 'health-check'].map((name, position) => ({
        deploymentId: developmentLatest.id,
        position,
        name,
        status: 'SUCCEEDED' as const,
        startedAt: null,
        finishedAt: null,
        output: '',
        error: null,
      })),
    );
    await database.dataSource.getRepository(ReleaseEntity).insert({
      project: 'shop',
      commitSha: SHA.three,
      commitMessage: 'Faster checkout',
      artifactDigest: 'd'.repeat(64),
      artifactSize: 1024,
      createdAt: at(151),
    });
    // What runs where, as the audit service keeps it: development's newest success before June ran before.
    const running = (deployment: Seeded & Partial<DeploymentEntity>, finishedAt: Date) => ({
      project: deployment.project,
      environment: deployment.environment,
      deploymentId: deployment.id,
      ref: deployment.ref ?? 'main',
      commitSha: deployment.commitSha ?? null,
      commitMessage: deployment.commitMessage ?? null,
      artifactDigest: null,
      actor: deployment.actor,
      deployedAt: finishedAt,
      previousDeploymentId: null,
      previousCommitSha: null,
      previousDeployedAt: null,
    });
    await database.dataSource.getRepository(EnvironmentReleaseEntity).insert([
      {
        ...running(developmentLatest, at(150, 3)),
        previousDeploymentId: seeded[18]!.id,
        previousCommitSha: SHA.one,
        previousDeployedAt: at(20, 23),
      },
      running(stagingGood, at(151, 4)),
    ]);

    relay = await queryCountingRelay(database.url);
    const port = String(await freePort());
    gateway = await startService('gateway', {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: relay.url,
      SLIPWAY_HOME: scratchDir('reads-home'),
      SLIPWAY_MODE: 'development',
      PORT: port,
    });
    url = `http://127.0.0.1:${port}/graphql`;
    wsUrl = `ws://127.0.0.1:${port}/graphql`;
  });

  afterAll(async () => {
    await gateway.stop();
    await relay.close();
    await database.close();
  });

  async function graphql<T>(
    as: keyof typeof tokens,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<T>> {
    return (await postGraphQL<T>(url, tokens[as], query, variables)).body;
  }

  const PAGE = `query ($filter: DeploymentFilter, $first: Int!, $after: String) {
    deployments(filter: $filter, first: $first, after: $after) {
      nodes { id project }
      pageInfo { endCursor hasNextPage }
    }
  }`;

  /** Every page, following endCursor, as the ids it listed. */
  async function allPages(as: keyof typeof tokens, filter: Record<string, unknown>, first: number) {
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: GraphQLResponse<{ deployments: Page }> = await graphql(as, PAGE, {
        filter,
        first,
        after,
      });
      expect(result.errors).toBeUndefined();
      const page: Page = result.data!.deployments;
      ids.push(...page.nodes.map((node) => node.id));
      pages += 1;
      if (!page.pageInfo.hasNextPage) return { ids, pages };
      after = page.pageInfo.endCursor;
    }
  }

  /** What the API should list: newest first, the id breaking ties. */
  const expected = (match: (deployment: Seeded) => boolean): string[] =>
    seeded
      .filter(match)
      .sort((a, b) => b.queuedAt.getTime() - a.queuedAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((deployment) => deployment.id);

  describe('visibility', () => {
    it('shows a project-scoped token its projects and deployments only', async () => {
      const projects = await graphql<{ projects: Array<{ name: string }> }>(
        'shopViewer',
        '{ projects { name } }',
      );
      expect(projects.data?.projects).toEqual([{ name: 'shop' }]);
      const all = await graphql<{ projects: Array<{ name: string }> }>('root', '{ projects { name } }');
      expect(all.data?.projects).toEqual([{ name: 'blog' }, { name: 'shop' }]);

      const { ids } = await allPages('shopViewer', {}, 100);
      expect(ids).toEqual(expected((deployment) => deployment.project === 'shop'));
      const asked = await graphql<{ deployments: Page }>('shopViewer', PAGE, {
        filter: { project: 'blog' },
        first: 10,
      });
      expect(asked.data?.deployments).toEqual({
        nodes: [],
        pageInfo: { endCursor: null, hasNextPage: false },
      });
    });

    it('answers a deployment of a hidden project as if it did not exist', async () => {
      const one = (id: string) =>
        graphql<{ deployment: { id: string } | null }>(
          'shopViewer',
          'query ($id: ID!) { deployment(id: $id) { id } }',
          {
            id,
          },
        );
      expect((await one(blogDeployment.id)).data?.deployment).toBeNull();
      expect((await one(developmentLatest.id)).data?.deployment).toEqual({ id: developmentLatest.id });

      const logs = (id: string) =>
        graphql('shopViewer', 'query ($id: ID!) { stepLogs(deploymentId: $id) { id } }', { id });
      const hidden = await logs(blogDeployment.id);
      const missing = await logs(randomUUID());
      expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect((await logs(developmentLatest.id)).errors).toBeUndefined();
    });

    it('refuses to follow the events of a hidden deployment over graphql-ws, as for a missing one', async () => {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${tokens.shopViewer}` },
        retryAttempts: 0,
      });
      const subscribe = (query: string, id: string) =>
        new Promise<{ errors: readonly GraphQLError[]; types: string[] }>((resolve) => {
          const types: string[] = [];
          client.subscribe<{ deploymentEvents?: { type: string } }>(
            { query, variables: { id } },
            {
              next: (message) => {
                if (message.data?.deploymentEvents) types.push(message.data.deploymentEvents.type);
                if (message.errors) resolve({ errors: message.errors, types });
              },
              error: (error) => resolve({ errors: error as GraphQLError[], types }),
              complete: () => resolve({ errors: [], types }),
            },
          );
        });
      try {
        const events = 'subscription ($id: ID!) { deploymentEvents(id: $id) { type } }';
        const hidden = await subscribe(events, blogWaiting.id);
        expect(hidden.errors[0]).toMatchObject({ message: `deployment ${blogWaiting.id} does not exist` });
        expect(hidden.errors[0]?.extensions?.code).toBe('NOT_FOUND');
        expect(hidden.types).toEqual([]);
        const logs = await subscribe(
          'subscription ($id: ID!) { deploymentLogs(id: $id) { line } }',
          blogDeployment.id,
        );
        expect(logs.errors[0]?.extensions?.code).toBe('NOT_FOUND');
      } finally {
        await client.dispose();
      }
    });

    it('lists releases and environments of a hidden project as of one that does not exist', async () => {
      const releases = await graphql<{ releases: unknown[] }>(
        'shopViewer',
        '{ releases(project: "blog") { commitSha } }',
      );
      expect(releases.data?.releases).toEqual([]);
      const hidden = await graphql('shopViewer', '{ environments(project: "blog") { name } }');
      const unknown = await graphql('shopViewer', '{ environments(project: "nope") { name } }');
      expect(hidden.errors?.[0]).toMatchObject({
        message: 'project "blog" does not exist',
        extensions: { code: 'NOT_FOUND', field: 'project' },
      });
      expect(unknown.errors?.[0]).toMatchObject({
        message: 'project "nope" does not exist',
        extensions: { code: 'NOT_FOUND' },
      });
      const shop = await graphql<{ releases: Array<{ commitSha: string }> }>(
        'shopViewer',
        '{ releases(project: "shop") { commitSha } }',
      );
      expect(shop.data?.releases).toEqual([{ commitSha: SHA.three }]);
    });
  });

  describe('deployments', () => {
    it('pages through every deployment newest first with no gap and no duplicate, ties included', async () => {
      const { ids, pages } = await allPages('root', { project: 'shop' }, 7);
      const shop = expected((deployment) => deployment.project === 'shop');
      expect(ids).toEqual(shop);
      expect(pages).toBe(Math.ceil(shop.length / 7));
    });

    it('keeps its place when a deployment is queued while a client pages', async () => {
      const first = await graphql<{ deployments: Page }>('root', PAGE, {
        filter: { project: 'blog' },
        first: 1,
      });
      const cursor = first.data!.deployments.pageInfo.endCursor;
      expect(first.data!.deployments.nodes.map((node) => node.id)).toEqual([blogWaiting.id]);
      const newer = await seed({
        project: 'blog',
        environment: 'staging',
        status: 'QUEUED',
        queuedAt: at(200),
      });
      const second = await graphql<{ deployments: Page }>('root', PAGE, {
        filter: { project: 'blog' },
        first: 5,
        after: cursor,
      });
      expect(second.data!.deployments.nodes.map((node) => node.id)).toEqual([blogDeployment.id]);
      expect(second.data!.deployments.pageInfo.hasNextPage).toBe(false);
      const again = await graphql<{ deployments: Page }>('root', PAGE, {
        filter: { project: 'blog' },
        first: 1,
      });
      expect(again.data!.deployments.nodes[0]!.id).toBe(newer.id);
    });

    it('filters by environment, statuses, actor and the time they were queued', async () => {
      const filter = {
        project: 'shop',
        environment: 'development',
        status: ['SUCCEEDED', 'CANCELLED'],
        actor: 'bo',
        queuedFrom: at(3).toISOString(),
        queuedTo: at(150, 1).toISOString(),
      };
      const { ids } = await allPages('root', filter, 3);
      const wanted = expected(
        (deployment) =>
          deployment.project === 'shop' &&
          deployment.environment === 'development' &&
          ['SUCCEEDED', 'CANCELLED'].includes(deployment.status) &&
          deployment.actor === 'bo' &&
          deployment.queuedAt >= at(3) &&
          deployment.queuedAt < at(150, 1),
      );
      expect(wanted.length).toBeGreaterThan(2);
      expect(wanted[0]).toBe(developmentLatest.id);
      expect(ids).toEqual(wanted);
    });

    it('resolves the steps of every deployment of a page, each its own in order', async () => {
      const result = await graphql<{
        deployments: { nodes: Array<{ id: string; steps: Array<{ name: string; position: number }> }> };
      }>('root', '{ deployments(first: 100) { nodes { id steps { name position } } } }');
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.deployments.nodes;
      expect(nodes.length).toBeGreaterThan(20);
      expect(nodes.find((node) => node.id === developmentLatest.id)?.steps).toEqual([
        { name: 'release', position: 0 },
        { name: 'health-check', position: 1 },
      ]);
      expect(nodes.filter((node) => node.steps.length > 0)).toHaveLength(1);
    });

    it('finds deployments by a commit prefix in either case, and by words of the message or the reason', async () => {
      const { ids: byCommit } = await allPages('root', { project: 'shop', commit: 'BBBB' }, 10);
      expect(byCommit).toEqual([stagingRolledBack.id, developmentLatest.id]);
      const { ids: byMessage } = await allPages('root', { search: 'cart' }, 10);
      expect(byMessage).toEqual([developmentLatest.id]);
      const { ids: byReason } = await allPages('root', { search: '"check failed" -cart' }, 10);
      expect(byReason).toEqual([stagingRolledBack.id]);
      const hidden = await allPages('shopViewer', { search: 'cart', project: 'blog' }, 10);
      expect(hidden.ids).toEqual([]);
    });

    it.each([
      [{ after: 'not-a-cursor' }, 'after', 'after must be an endCursor this API returned'],
      [
        { after: Buffer.from('2026|x').toString('base64url') },
        'after',
        'after must be an endCursor this API returned',
      ],
      [{ first: 0 }, 'first', 'first must be between 1 and 100'],
      [{ first: 101 }, 'first', 'first must be between 1 and 100'],
      [
        { filter: { project: 'Shop!' } },
        'project',
        'project must be a lowercase name of letters, digits and dashes',
      ],
      [{ filter: { status: [] } }, 'status', 'status must name at least one status; leave it out for all'],
      [
        { filter: { queuedFrom: at(5).toISOString(), queuedTo: at(4).toISOString() } },
        'queuedTo',
        'queuedTo must be later than queuedFrom',
      ],
      [{ filter: { commit: 'abc' } }, 'commit', 'commit must be 4 to 40 hex characters'],
      [{ filter: { commit: 'main' } }, 'commit', 'commit must be 4 to 40 hex characters'],
      [{ filter: { search: '  ' } }, 'search', 'search must be 1 to 200 characters'],
      [{ filter: { search: 'x'.repeat(201) } }, 'search', 'search must be 1 to 200 characters'],
    ])('refuses %j, naming the field', async (variables, field, message) => {
      const result = await graphql('root', PAGE, { first: 10, ...variables });
      expect(result.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field } });
    });
  });

  describe('environments', () => {
    it('shows what runs in each environment, what moves, and how it stands', async () => {
      const result = await graphql<{
        environments: Array<{
          name: string;
          health: string;
          current: Record<string, unknown> | null;
          previous: Record<string, unknown> | null;
          latest: { id: string; status: string };
        }>;
      }>(
        'shopViewer',
        `
          {
            environments(project: "shop") {
              name
              health
              latest {
                id
                status
              }
              current {
                deploymentId
                commitSha
                commitMessage
                ref
                deployedBy
                deployedAt
              }
              previous {
                deploymentId
                commitSha
                deployedAt
              }
            }
          }
        `,
      );
      expect(result.errors).toBeUndefined();
      const byName = Object.fromEntries(
        result.data!.environments.map((environment) => [environment.name, environment]),
      );
      // In the order shop first deployed to them: development and staging in January, the others in June.
      expect(result.data!.environments.map((environment) => environment.name)).toEqual([
        'development',
        'staging',
        'qa',
        'production',
        'canary',
      ]);
      expect(byName.development).toEqual({
        name: 'development',
        health: 'HEALTHY',
        latest: { id: developmentLatest.id, status: 'SUCCEEDED' },
        current: {
          deploymentId: developmentLatest.id,
          commitSha: SHA.two,
          commitMessage: 'Add the cart',
          ref: 'v2',
          deployedBy: 'bo',
          deployedAt: at(150, 3).toISOString(),
        },
        previous: { deploymentId: seeded[18]!.id, commitSha: SHA.one, deployedAt: at(20, 23).toISOString() },
      });
      // The rolled-back attempt is the latest; the release before it still runs, its message from the release.
      expect(byName.staging).toMatchObject({
        health: 'DEGRADED',
        latest: { status: 'ROLLED_BACK' },
        current: {
          deploymentId: stagingGood.id,
          commitSha: SHA.three,
          commitMessage: 'Faster checkout',
          deployedBy: 'cy',
        },
      });
      expect(byName.production).toMatchObject({
        health: 'DEPLOYING',
        latest: { id: waitingForAdmin.id, status: 'WAITING_APPROVAL' },
        current: null,
        previous: null,
      });
      expect(byName.qa).toMatchObject({ health: 'UNKNOWN', latest: { status: 'FAILED' }, current: null });
    });

    const FIELDS = `name health latest { id status }
      current { deploymentId commitSha commitMessage ref deployedBy deployedAt }
      previous { deploymentId commitSha deployedAt }`;
    type Matrix = { projects: Array<{ name: string; environments: Array<{ name: string }> }> };

    it('lists each project with its environments, as environments(project) answers for each', async () => {
      const matrix = await graphql<Matrix>('twoProjects', `{ projects { name environments { ${FIELDS} } } }`);
      expect(matrix.errors).toBeUndefined();
      expect(matrix.data!.projects.map((project) => project.name)).toEqual(['blog', 'shop']);
      for (const project of matrix.data!.projects) {
        const alone = await graphql<{ environments: unknown[] }>(
          'twoProjects',
          `query ($project: String!) { environments(project: $project) { ${FIELDS} } }`,
          { project: project.name },
        );
        expect(alone.errors).toBeUndefined();
        expect(project.environments).toEqual(alone.data!.environments);
      }
      const shop = matrix.data!.projects.find((project) => project.name === 'shop')!;
      expect(shop.environments.map((environment) => environment.name)).toEqual([
        'development',
        'staging',
        'qa',
        'production',
        'canary',
      ]);
      expect(matrix.data!.projects[0]!.environments).toContainEqual(
        expect.objectContaining({
          name: 'production',
          latest: { id: blogWaiting.id, status: 'WAITING_APPROVAL' },
        }),
      );
    });

    it('reads the environments of six projects in as many SQL queries as of two', async () => {
      await database.dataSource
        .getRepository(ProjectEntity)
        .insert(FLEET.map((name) => ({ name, repositoryUrl: `/srv/git/${name}` })));
      for (const [index, project] of FLEET.entries()) {
        await seed({ project, environment: 'staging', status: 'SUCCEEDED', queuedAt: at(160 + index) });
        await seed({ project, environment: 'production', status: 'RUNNING', queuedAt: at(170 + index) });
      }
      /** The gateway's SQL round trips for one request; the first of a pair also records the token's use. */
      const queriesFor = async (as: keyof typeof tokens, query: string) => {
        await graphql(as, query);
        const before = relay.queries();
        const result = await graphql<Matrix>(as, query);
        expect(result.errors).toBeUndefined();
        return { projects: result.data!.projects, queries: relay.queries() - before };
      };
      const MATRIX =
        '{ projects { name environments { name health current { commitSha } latest { status } } } }';
      const two = await queriesFor('twoProjects', MATRIX);
      const six = await queriesFor('sixProjects', MATRIX);
      expect(two.projects).toHaveLength(2);
      expect(six.projects.map((project) => project.name)).toEqual(['blog', ...FLEET, 'shop']);
      for (const project of six.projects) expect(project.environments.length).toBeGreaterThan(0);
      expect(six.queries).toBe(two.queries);
      // Every project's environments together: the latest deployments and the releases running there.
      const listOnly = await queriesFor('sixProjects', '{ projects { name } }');
      expect(six.queries - listOnly.queries).toBe(2);
    });

    it('refuses a project name that cannot be one', async () => {
      const result = await graphql('root', '{ environments(project: "Not A Name") { name } }');
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'project' } });
    });
  });

  describe('pendingApprovals', () => {
    const PENDING = '{ pendingApprovals { deployment { id } roles approvers approvedBy requestedByYou } }';
    type Pending = {
      pendingApprovals: Array<{
        deployment: { id: string };
        roles: string[];
        approvers: number;
        approvedBy: string[];
        requestedByYou: boolean;
      }>;
    };
    const ids = (result: GraphQLResponse<Pending>) =>
      result.data?.pendingApprovals.map((pending) => pending.deployment.id);

    it('shows an admin every deployment waiting for approval, the longest waiting first', async () => {
      const result = await graphql<Pending>('root', PENDING);
      expect(ids(result)).toEqual([
        waitingForAdmin.id,
        waitingForDeployers.id,
        blogWaiting.id,
        waitingForOthers.id,
      ]);
      expect(result.data?.pendingApprovals[1]).toEqual({
        deployment: { id: waitingForDeployers.id },
        roles: ['deployer'],
        approvers: 2,
        approvedBy: ['cy'],
        requestedByYou: false,
      });
    });

    it('shows a deployer only what asks for their role, in projects they see, not approved by them yet', async () => {
      // cy may approve anywhere but has approved the first canary one already; production wants an admin.
      expect(ids(await graphql<Pending>('cy', PENDING))).toEqual([blogWaiting.id, waitingForOthers.id]);
      // bo asked for both canary ones: the first allows self-approval, the second does not.
      const bo = await graphql<Pending>('bo', PENDING);
      expect(bo.data?.pendingApprovals).toEqual([
        expect.objectContaining({ deployment: { id: waitingForDeployers.id }, requestedByYou: true }),
      ]);
      expect(ids(await graphql<Pending>('shopViewer', PENDING))).toEqual([]);
    });
  });

  describe('projects', () => {
    const CREATE =
      'mutation ($input: CreateProjectInput!) { createProject(input: $input) { name repositoryUrl specPath } }';
    const UPDATE =
      'mutation ($name: String!, $input: UpdateProjectInput!) { updateProject(name: $name, input: $input) { name repositoryUrl specPath } }';

    it('registers a project with the default spec path, and refuses the same name twice', async () => {
      const created = await graphql<{ createProject: unknown }>('root', CREATE, {
        input: { name: 'docs', repositoryUrl: 'git@github.com:acme/docs.git' },
      });
      expect(created.errors).toBeUndefined();
      expect(created.data?.createProject).toEqual({
        name: 'docs',
        repositoryUrl: 'git@github.com:acme/docs.git',
        specPath: '.slipway.yml',
      });
      const again = await graphql('root', CREATE, {
        input: { name: 'docs', repositoryUrl: '/srv/git/docs' },
      });
      expect(again.errors?.[0]).toMatchObject({
        message: 'project "docs" already exists',
        extensions: { code: 'CONFLICT', field: 'name' },
      });
    });

    it("changes a project's repository and spec path, which deployments then read", async () => {
      await graphql('root', CREATE, {
        input: { name: 'api', repositoryUrl: 'https://git.example.com/api.git' },
      });
      const updated = await graphql<{ updateProject: unknown }>('root', UPDATE, {
        name: 'api',
        input: { specPath: 'deploy/slipway.yml' },
      });
      expect(updated.data?.updateProject).toEqual({
        name: 'api',
        repositoryUrl: 'https://git.example.com/api.git',
        specPath: 'deploy/slipway.yml',
      });
      const stored = await database.dataSource.getRepository(ProjectEntity).findOneByOrFail({ name: 'api' });
      expect(stored.specPath).toBe('deploy/slipway.yml');
      const missing = await graphql('root', UPDATE, { name: 'nope', input: { specPath: 'x.yml' } });
      expect(missing.errors?.[0]).toMatchObject({
        message: 'project "nope" does not exist',
        extensions: { code: 'NOT_FOUND' },
      });
    });

    it('lets only an admin of the project register or change it', async () => {
      const asViewer = await graphql('shopViewer', CREATE, { input: { name: 'x', repositoryUrl: '/srv/x' } });
      expect(asViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const elsewhere = await graphql('shopAdmin', CREATE, {
        input: { name: 'other', repositoryUrl: '/srv/other' },
      });
      expect(elsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const own = await graphql<{ updateProject: { specPath: string } }>('shopAdmin', UPDATE, {
        name: 'shop',
        input: { specPath: 'ops/slipway.yml' },
      });
      expect(own.data?.updateProject.specPath).toBe('ops/slipway.yml');
    });

    it.each([
      [
        { name: 'Docs Site', repositoryUrl: '/srv/git/docs' },
        'name',
        'name must be a lowercase name of letters, digits and dashes',
      ],
      [
        { name: 'web', repositoryUrl: 'ftp://example.com/web.git' },
        'repositoryUrl',
        'repositoryUrl must be an http(s), ssh, git or file URL, user@host:path, or an absolute path',
      ],
      [
        { name: 'web', repositoryUrl: 'relative/web' },
        'repositoryUrl',
        'repositoryUrl must be an http(s), ssh, git or file URL, user@host:path, or an absolute path',
      ],
      [
        { name: 'web', repositoryUrl: '--upload-pack=touch' },
        'repositoryUrl',
        'repositoryUrl must not start with a dash or hold control characters',
      ],
      [
        { name: 'web', repositoryUrl: '/srv/web', specPath: '../outside.yml' },
        'specPath',
        "specPath must be a relative path inside the repository, without '..'",
      ],
      [
        { name: 'web', repositoryUrl: '/srv/web', specPath: '/etc/slipway.yml' },
        'specPath',
        "specPath must be a relative path inside the repository, without '..'",
      ],
    ])('refuses %j, naming the field', async (input, field, message) => {
      const result = await graphql('root', CREATE, { input });
      expect(result.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field } });
    });
  });

  describe('query limits', () => {
    it('refuses a query nested too deep, naming the depth and the limit', async () => {
      // Introspection is cyclic: type → fields → type … (13 levels with the last `name`).
      const result = await graphql(
        'root',
        '{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } } } }',
      );
      // graphql-js's own introspection guard may add its error after ours.
      expect(result.errors?.[0]).toEqual({
        message: 'The operation is nested 13 fields deep; the limit is 12.',
        locations: [{ line: 1, column: 1 }],
        extensions: { code: 'BAD_USER_INPUT', depth: 13, limit: 12 },
      });
    });

    it('refuses a query that would cost too much, and serves a large one within the limit', async () => {
      const page =
        'deployments(first: 100) { nodes { steps { name status output error startedAt finishedAt position } } }';
      const costly = await graphql('root', `query Everything { a: ${page} b: ${page} c: ${page} }`);
      expect(costly.data).toBeUndefined();
      expect(costly.errors?.[0]?.message).toMatch(
        /^Operation Everything would cost about \d+ .*the limit is 20000\./,
      );
      expect(costly.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 20000 });
      expect(costly.errors?.[0]?.extensions?.cost).toBeGreaterThan(20000);
      const within = await graphql('root', `{ ${page} }`);
      expect(within.errors).toBeUndefined();
    });
  });
});
