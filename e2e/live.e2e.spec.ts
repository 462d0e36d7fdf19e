import { createApiToken, ProjectEntity } from '@slipway/db';
import type { DeploymentEventBody, DeploymentEventEnvelope } from '@slipway/domain';
import {
  createTestDatabase,
  freePort,
  scratchDir,
  startService,
  testTemporalAddress,
  type ServiceProcess,
  type TestDatabase,
} from '@slipway/testing';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { createAuditActivities } from '../services/audit/src/deployment-events.activities';

interface LiveEvent {
  id: string;
  deploymentId: string;
  type: string;
  deployment: { project: string; environment: string; status: string };
}

interface GraphQLError {
  message: string;
  extensions?: { code?: string; field?: string };
}

const FIELDS = 'id deploymentId type deployment { project environment status }';
const DASHBOARD = `subscription Dashboard($after: ID) { dashboard(after: $after) { ${FIELDS} } }`;
const ENVIRONMENT_CHANGED = `subscription Environment($project: String!, $after: ID) {
  environmentChanged(project: $project, after: $after) { ${FIELDS} } }`;

/** Long enough for any healthy gateway; only bounds how long a failing test waits to say what it got. */
const PATIENCE_MS = 30_000;

/** One deployment's events, numbered as its workflow numbers them. */
class Deployment {
  readonly id = randomUUID();
  private sequence = 0;

  constructor(
    readonly project: string,
    readonly environment: string,
  ) {}

  queued(): DeploymentEventBody {
    const { project, environment } = this;
    return {
      type: 'DEPLOYMENT_QUEUED',
      project,
      environment,
      ref: 'main',
      actor: 'e2e',
      trigger: { type: 'manual' },
    };
  }

  batch(...bodies: DeploymentEventBody[]): DeploymentEventEnvelope[] {
    return bodies.map((body) => ({
      eventId: randomUUID(),
      deploymentId: this.id,
      sequence: (this.sequence += 1),
      occurredAt: new Date().toISOString(),
      body,
    }));
  }
}

const started: DeploymentEventBody = {
  type: 'DEPLOYMENT_STARTED',
  commitSha: 'c0ffee',
  commitMessage: 'ship it',
  steps: ['release', 'health-check'],
};

/** A subscription over graphql-ws, collecting what it receives. */
class Subscriber {
  readonly events: LiveEvent[] = [];
  private failure: unknown = null;
  private readonly client: WsClient;
  private readonly changed = new Set<() => void>();

  constructor(url: string, token: string, query: string, variables: Record<string, unknown>) {
    this.client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    this.client.subscribe<Record<string, LiveEvent>>(
      { query, variables },
      {
        next: (message) => {
          if (message.errors) this.failure = message.errors;
          else if (message.data) this.events.push(...Object.values(message.data));
          this.notify();
        },
        error: (error) => {
          this.failure = error;
          this.notify();
        },
        complete: () => {
          this.failure ??= new Error('the subscription completed');
          this.notify();
        },
      },
    );
  }

  ids(): string[] {
    return this.events.map((event) => event.id);
  }

  /** Waits until the received events satisfy `done`. */
  until(done: (events: LiveEvent[]) => boolean, patienceMs = PATIENCE_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.changed.delete(check);
        reject(new Error(`gave up waiting; received ${JSON.stringify(this.events)}`));
      }, patienceMs);
      const check = (): void => {
        if (this.failure !== null || done(this.events)) {
          clearTimeout(timer);
          this.changed.delete(check);
          if (this.failure !== null)
            reject(new Error(`subscription failed: ${JSON.stringify(this.failure)}`));
          else resolve();
        }
      };
      this.changed.add(check);
      check();
    });
  }

  /** Waits until it has received the event `id` (and, events coming in order, every one before it). */
  reached(id: string): Promise<void> {
    return this.until((events) => events.some((event) => BigInt(event.id) >= BigInt(id)));
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private notify(): void {
    for (const check of [...this.changed]) check();
  }
}

/** The first error a subscription answers with. */
function subscriptionError(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLError | undefined> {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  return new Promise<GraphQLError | undefined>((resolve) => {
    client.subscribe(
      { query, variables },
      {
        next: (message) => resolve(message.errors?.[0]),
        error: (error) => resolve((error as GraphQLError[])[0]),
        complete: () => resolve(undefined),
      },
    );
  }).finally(() => client.dispose());
}

/**
 * Live views across deployments (issue 4): `dashboard` and `environmentChanged`, served by two
 * gateways on one database while the audit service's own append path records events concurrently.
 */
describe('live dashboard and environment subscriptions', () => {
  let database: TestDatabase;
  let gateways: ServiceProcess[];
  let urls: [string, string];
  let admin: string;
  let shopViewer: string;
  let audit: ReturnType<typeof createAuditActivities>;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.dataSource.getRepository(ProjectEntity).insert([
      { name: 'shop', repositoryUrl: 'https://git.example/shop.git' },
      { name: 'blog', repositoryUrl: 'https://git.example/blog.git' },
    ]);
    admin = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    shopViewer = (
      await createApiToken(database.dataSource, 'shop-viewer', ['viewer'], { projects: ['shop'] })
    ).token;
    audit = createAuditActivities(database.dataSource);
    const ports = [String(await freePort()), String(await freePort())];
    gateways = await Promise.all(
      ports.map((port) =>
        startService('gateway', {
          TEMPORAL_ADDRESS: testTemporalAddress(),
          DATABASE_URL: database.url,
          SLIPWAY_HOME: scratchDir('live-home'),
          SLIPWAY_MODE: 'development',
          PORT: port,
        }),
      ),
    );
    urls = [`ws://127.0.0.1:${ports[0]}/graphql`, `ws://127.0.0.1:${ports[1]}/graphql`];
  });

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await database.close();
  });

  /** Records batches the way the deployment workflow does: one at a time per deployment. */
  async function record(...batches: DeploymentEventEnvelope[][]): Promise<void> {
    for (const batch of batches) await audit.recordDeploymentEvents(batch);
  }

  /** A whole successful deployment, batch by batch. */
  function succeed(deployment: Deployment): Promise<void> {
    return record(
      deployment.batch(deployment.queued()),
      deployment.batch(started, { type: 'STEP_STARTED', step: 0 }),
      deployment.batch({ type: 'STEP_SUCCEEDED', step: 0, output: 'released' }),
      deployment.batch({ type: 'STEP_STARTED', step: 1 }, { type: 'STEP_SUCCEEDED', step: 1, output: 'ok' }),
      deployment.batch({ type: 'DEPLOYMENT_SUCCEEDED' }),
    );
  }

  /** The newest event id: a subscription after it sees exactly what is recorded next. */
  async function latestId(): Promise<string> {
    const [row] = await database.dataSource.query<Array<{ id: string }>>(
      'SELECT COALESCE(MAX(id), 0)::text AS id FROM deployment_events',
    );
    return row!.id;
  }

  /** What the log holds after `after`, in id order: what a subscriber must have received. */
  async function logAfter(
    after: string,
    filter: { projects?: string[]; types?: string[] } = {},
  ): Promise<Array<Pick<LiveEvent, 'id' | 'deploymentId' | 'type'>>> {
    const rows = await database.dataSource.query<
      Array<{ id: string; deployment_id: string; type: string; project: string }>
    >(
      `SELECT e.id::text AS id, e.deployment_id, e.type, d.project
         FROM deployment_events e JOIN deployments d ON d.id = e.deployment_id
        WHERE e.id > $1 ORDER BY e.id`,
      [after],
    );
    return rows
      .filter((row) => !filter.projects || filter.projects.includes(row.project))
      .filter((row) => !filter.types || filter.types.includes(row.type))
      .map((row) => ({ id: row.id, deploymentId: row.deployment_id, type: row.type }));
  }

  const summary = (events: LiveEvent[]) =>
    events.map(({ id, deploymentId, type }) => ({ id, deploymentId, type }));

  it('streams every event of every deployment, in log order, to subscribers on both gateways', async () => {
    const after = await latestId();
    const subscribers = urls.map((url) => new Subscriber(url, admin, DASHBOARD, { after }));
    try {
      const deployments = [
        new Deployment('shop', 'staging'),
        new Deployment('blog', 'production'),
        new Deployment('shop', 'production'),
      ];
      // Appends of different deployments run at once, as audit workers do.
      await Promise.all(deployments.map(succeed));
      const expected = await logAfter(after);
      expect(expected).toHaveLength(deployments.length * 7);
      for (const subscriber of subscribers) {
        await subscriber.reached(expected.at(-1)!.id);
        expect(summary(subscriber.events)).toEqual(expected);
        // Each event reads its deployment as it is now: these all ended well.
        for (const deployment of deployments) {
          const last = subscriber.events.filter((event) => event.deploymentId === deployment.id).at(-1);
          expect(last?.deployment).toEqual({
            project: deployment.project,
            environment: deployment.environment,
            status: 'SUCCEEDED',
          });
        }
      }
    } finally {
      await Promise.all(subscribers.map((subscriber) => subscriber.close()));
    }
  });

  it('gives a client that resubscribes with the last id it saw exactly what it missed, on any gateway', async () => {
    const start = await latestId();
    const before = new Subscriber(urls[0], admin, DASHBOARD, { after: start });
    const slow = new Deployment('blog', 'staging');
    await record(slow.batch(slow.queued()), slow.batch(started));
    const seenBeforeLeaving = await logAfter(start);
    await before.reached(seenBeforeLeaving.at(-1)!.id);
    await before.close();
    const lastSeen = before.ids().at(-1)!;

    // Recorded while the client is away.
    const other = new Deployment('shop', 'staging');
    await Promise.all([
      record(
        slow.batch({ type: 'STEP_STARTED', step: 0 }),
        slow.batch({ type: 'DEPLOYMENT_FAILED', reason: 'boom' }),
      ),
      succeed(other),
    ]);

    const after = new Subscriber(urls[1], admin, DASHBOARD, { after: lastSeen });
    try {
      const missed = await logAfter(lastSeen);
      await after.reached(missed.at(-1)!.id);
      expect(summary(after.events)).toEqual(missed);
      // Then it is live again.
      const next = new Deployment('blog', 'production');
      await record(next.batch(next.queued()));
      const [queued] = await logAfter(missed.at(-1)!.id);
      await after.reached(queued!.id);
      expect(summary(after.events)).toEqual([...missed, queued]);
      // Across both connections: every event once, none skipped.
      expect([...before.ids(), ...after.ids()]).toEqual((await logAfter(start)).map((event) => event.id));
    } finally {
      await after.close();
    }
  });

  it('never shows a project-scoped token another project’s events', async () => {
    const after = await latestId();
    const dashboard = new Subscriber(urls[1], shopViewer, DASHBOARD, { after });
    const environment = new Subscriber(urls[0], shopViewer, ENVIRONMENT_CHANGED, { project: 'shop', after });
    try {
      await Promise.all([
        succeed(new Deployment('blog', 'production')),
        succeed(new Deployment('shop', 'production')),
        succeed(new Deployment('blog', 'staging')),
      ]);
      // Recorded last, so any event of blog leaked to the token would have arrived before it.
      const last = new Deployment('shop', 'staging');
      await record(last.batch(last.queued()));
      const shop = await logAfter(after, { projects: ['shop'] });
      await dashboard.reached(shop.at(-1)!.id);
      await environment.reached(shop.at(-1)!.id);
      expect(summary(dashboard.events)).toEqual(shop);
      expect(environment.events.map((event) => event.deployment.project)).not.toContain('blog');
      expect(environment.events.length).toBeGreaterThan(0);

      const refused = await subscriptionError(urls[0], shopViewer, ENVIRONMENT_CHANGED, { project: 'blog' });
      expect(refused).toMatchObject({
        message: 'project "blog" does not exist',
        extensions: { code: 'NOT_FOUND', field: 'project' },
      });
    } finally {
      await Promise.all([dashboard.close(), environment.close()]);
    }
  });

  it('follows the status changes of one project’s deployments, not their steps nor other projects', async () => {
    const after = await latestId();
    const subscriber = new Subscriber(urls[0], admin, ENVIRONMENT_CHANGED, { project: 'shop', after });
    try {
      const approved = new Deployment('shop', 'production');
      const rolledBack = new Deployment('shop', 'staging');
      const elsewhere = new Deployment('blog', 'staging');
      await Promise.all([
        record(
          approved.batch(approved.queued()),
          approved.batch({
            type: 'APPROVAL_REQUESTED',
            roles: ['deployer'],
            approvers: 1,
            expiresAt: '2099-01-01T00:00:00Z',
          }),
          approved.batch({ type: 'APPROVAL_GIVEN', actor: 'ada', comment: '', remaining: 0 }),
          approved.batch(started, { type: 'STEP_STARTED', step: 0 }),
        ),
        record(
          rolledBack.batch(rolledBack.queued()),
          rolledBack.batch(started, { type: 'STEP_STARTED', step: 0 }),
          rolledBack.batch(
            { type: 'STEP_SUCCEEDED', step: 0, output: '' },
            { type: 'STEP_STARTED', step: 1 },
          ),
          rolledBack.batch({ type: 'STEP_FAILED', step: 1, output: '', error: 'unhealthy' }),
          rolledBack.batch({ type: 'ROLLBACK_STARTED', reason: 'health-check failed' }),
          rolledBack.batch(
            { type: 'STEP_ROLLBACK_STARTED', step: 0 },
            { type: 'STEP_ROLLED_BACK', step: 0, output: '' },
          ),
          rolledBack.batch({ type: 'DEPLOYMENT_ROLLED_BACK', reason: 'health-check failed' }),
        ),
        succeed(elsewhere),
      ]);
      await record(approved.batch({ type: 'DEPLOYMENT_SUCCEEDED' }));
      const expected = await logAfter(after, {
        projects: ['shop'],
        types: [
          'DEPLOYMENT_QUEUED',
          'APPROVAL_REQUESTED',
          'APPROVAL_GIVEN',
          'DEPLOYMENT_STARTED',
          'ROLLBACK_STARTED',
          'DEPLOYMENT_ROLLED_BACK',
          'DEPLOYMENT_SUCCEEDED',
        ],
      });
      expect(expected).toHaveLength(9);
      await subscriber.reached(expected.at(-1)!.id);
      expect(summary(subscriber.events)).toEqual(expected);
      expect(
        subscriber.events.filter((event) => event.deploymentId === rolledBack.id).at(-1)?.deployment,
      ).toEqual({
        project: 'shop',
        environment: 'staging',
        status: 'ROLLED_BACK',
      });
    } finally {
      await subscriber.close();
    }
  });

  it('without `after`, sends only what happens from the moment it subscribed', async () => {
    const before = new Deployment('shop', 'staging');
    await succeed(before);
    const subscriber = new Subscriber(urls[1], admin, DASHBOARD, {});
    try {
      // The server picks its starting point once the subscription is set up: record until one arrives.
      const probes: string[] = [];
      for (let tries = 0; tries < 20 && subscriber.events.length === 0; tries += 1) {
        const probe = new Deployment('blog', 'staging');
        probes.push(probe.id);
        await record(probe.batch(probe.queued()));
        await subscriber.until((events) => events.length > 0, 500).catch(() => undefined);
      }
      expect(subscriber.events.map((event) => event.deploymentId)).not.toContain(before.id);
      expect(probes).toContain(subscriber.events[0]!.deploymentId);
    } finally {
      await subscriber.close();
    }
  });

  it('keeps streaming after PostgreSQL drops the gateways’ LISTEN connections', async () => {
    const after = await latestId();
    const subscribers = urls.map((url) => new Subscriber(url, admin, DASHBOARD, { after }));
    try {
      await database.dataSource.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'slipway-listener' AND datname = current_database()`,
      );
      const deployment = new Deployment('shop', 'production');
      await succeed(deployment);
      const expected = await logAfter(after);
      for (const subscriber of subscribers) {
        await subscriber.reached(expected.at(-1)!.id);
        expect(summary(subscriber.events)).toEqual(expected);
      }
    } finally {
      await Promise.all(subscribers.map((subscriber) => subscriber.close()));
    }
  });

  it.each([
    ['environmentChanged', { project: 'Not A Name' }, 'BAD_USER_INPUT', 'project'],
    ['environmentChanged', { project: 'shop', after: 'yesterday' }, 'BAD_USER_INPUT', 'after'],
    ['dashboard', { after: '-1' }, 'BAD_USER_INPUT', 'after'],
    ['dashboard', { after: '99999999999999999999' }, 'BAD_USER_INPUT', 'after'],
    ['environmentChanged', { project: 'nowhere' }, 'NOT_FOUND', 'project'],
  ])('%s refuses %j with %s, naming the field %s', async (field, variables, code, named) => {
    const query = field === 'dashboard' ? DASHBOARD : ENVIRONMENT_CHANGED;
    const error = await subscriptionError(urls[0], admin, query, variables);
    expect(error?.extensions).toMatchObject({ code, field: named });
    expect(error?.message).toBe(
      named === 'after'
        ? 'after must be the id of a DeploymentEvent you received'
        : code === 'NOT_FOUND'
          ? 'project "nowhere" does not exist'
          : 'project must be a lowercase name of letters, digits and dashes',
    );
  });
});
