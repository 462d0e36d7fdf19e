import {
  createApiToken,
  DeploymentEntity,
  DeploymentEventEntity,
  EnvironmentReleaseEntity,
  ProjectEntity,
} from '@slipway/db';
import type { DeploymentEventBody, DeploymentStatus } from '@slipway/domain';
import {
  createTestDatabase,
  graphqlData,
  startGateway,
  type TestDatabase,
  type TestGateway,
} from '@slipway/testing';
import { createClient } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

interface Permissions {
  approve: boolean;
  reject: boolean;
  cancel: boolean;
  rollback: boolean;
  redeploy: boolean;
}

const NOTHING: Permissions = {
  approve: false,
  reject: false,
  cancel: false,
  rollback: false,
  redeploy: false,
};
const SHA = { before: 'a'.repeat(40), now: 'b'.repeat(40) };
const VIEWER_CAN = 'viewerCan { approve reject cancel rollback redeploy }';

/**
 * Deployment.viewerCan over the real gateway, on read models seeded row by row: an admin is offered
 * what each deployment's state allows, a viewer nothing, a deployer what the environment's approval rule
 * leaves them; the same answer reaches a live view through the deploymentEvents subscription.
 */
describe('what the API says a caller may do to a deployment', () => {
  let database: TestDatabase;
  let gateway: TestGateway;
  const tokens = { admin: '', viewer: '', deployer: '' };
  const ids = { waiting: '', running: '', live: '', replaced: '' };

  async function seed(
    status: DeploymentStatus,
    changes: Partial<DeploymentEntity> = {},
    events: DeploymentEventBody[] = [],
  ): Promise<string> {
    const id = randomUUID();
    await database.dataSource.getRepository(DeploymentEntity).insert({
      id,
      project: 'shop',
      environment: 'production',
      ref: 'main',
      actor: 'ada',
      trigger: { type: 'manual' },
      status,
      commitSha: SHA.now,
      commitMessage: 'Faster checkout',
      artifactDigest: null,
      approvalsRemaining: null,
      reason: null,
      queuedAt: new Date('2026-11-20T08:00:00Z'),
      startedAt: null,
      finishedAt: null,
      lastSequence: events.length,
      ...changes,
    });
    await database.dataSource.getRepository(DeploymentEventEntity).insert(
      events.map((body, index) => ({
        eventId: randomUUID(),
        deploymentId: id,
        sequence: index + 1,
        type: body.type,
        body,
        occurredAt: new Date('2026-11-20T08:00:00Z'),
      })),
    );
    return id;
  }

  const queued: DeploymentEventBody = {
    type: 'DEPLOYMENT_QUEUED',
    project: 'shop',
    environment: 'production',
    ref: 'main',
    actor: 'ada',
    trigger: { type: 'manual' },
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.dataSource
      .getRepository(ProjectEntity)
      .insert({ name: 'shop', repositoryUrl: '/srv/git/shop' });
    tokens.admin = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    tokens.viewer = (await createApiToken(database.dataSource, 'watcher', ['viewer'])).token;
    tokens.deployer = (
      await createApiToken(database.dataSource, 'dee', ['deployer'], { projects: ['shop'] })
    ).token;

    ids.waiting = await seed('WAITING_APPROVAL', { approvalsRemaining: 1 }, [
      queued,
      { type: 'APPROVAL_REQUESTED', roles: ['admin'], approvers: 1, expiresAt: '2026-11-21T08:00:00.000Z' },
    ]);
    ids.running = await seed('RUNNING', { startedAt: new Date('2026-11-20T08:01:00Z') }, [queued]);
    ids.replaced = await seed('SUCCEEDED', {
      commitSha: SHA.before,
      finishedAt: new Date('2026-11-19T08:05:00Z'),
    });
    ids.live = await seed(
      'SUCCEEDED',
      { startedAt: new Date('2026-11-20T08:01:00Z'), finishedAt: new Date('2026-11-20T08:05:00Z') },
      [queued, { type: 'DEPLOYMENT_SUCCEEDED' }],
    );
    // What runs in production: the live deployment, after the release it replaced.
    await database.dataSource.getRepository(EnvironmentReleaseEntity).insert({
      project: 'shop',
      environment: 'production',
      deploymentId: ids.live,
      ref: 'main',
      commitSha: SHA.now,
      commitMessage: 'Faster checkout',
      artifactDigest: null,
      actor: 'ada',
      deployedAt: new Date('2026-11-20T08:05:00Z'),
      previousDeploymentId: ids.replaced,
      previousCommitSha: SHA.before,
      previousDeployedAt: new Date('2026-11-19T08:05:00Z'),
    });
    gateway = await startGateway(database.url);
  });

  afterAll(async () => {
    await gateway.stop();
    await database.close();
  });

  async function viewerCan(token: string, id: string): Promise<Permissions> {
    const { deployment } = await graphqlData<{ deployment: { viewerCan: Permissions } }>(
      gateway.graphqlUrl,
      token,
      `query ($id: ID!) { deployment(id: $id) { ${VIEWER_CAN} } }`,
      { id },
    );
    return deployment.viewerCan;
  }

  it('offers an admin what each deployment’s state allows', async () => {
    expect(await viewerCan(tokens.admin, ids.waiting)).toEqual({
      ...NOTHING,
      approve: true,
      reject: true,
      cancel: true,
    });
    expect(await viewerCan(tokens.admin, ids.running)).toEqual({ ...NOTHING, cancel: true });
    expect(await viewerCan(tokens.admin, ids.live)).toEqual({ ...NOTHING, rollback: true, redeploy: true });
    // Replaced since: it can be deployed again, but it is not what a rollback would undo.
    expect(await viewerCan(tokens.admin, ids.replaced)).toEqual({ ...NOTHING, redeploy: true });
  });

  it('offers a viewer nothing, while the same deployments are visible to them', async () => {
    for (const id of Object.values(ids)) {
      expect(await viewerCan(tokens.viewer, id)).toEqual(NOTHING);
    }
  });

  it('offers a deployer no decision on an approval that asks for admins, but the rest of their role', async () => {
    expect(await viewerCan(tokens.deployer, ids.waiting)).toEqual({ ...NOTHING, cancel: true });
    expect(await viewerCan(tokens.deployer, ids.live)).toEqual({
      ...NOTHING,
      rollback: true,
      redeploy: true,
    });
  });

  it('answers per caller in every event of the deploymentEvents subscription', async () => {
    const permissionsOverWebSocket = async (token: string) => {
      const client = createClient({
        url: gateway.graphqlUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
      });
      try {
        const seen: Permissions[] = [];
        await new Promise<void>((resolve, reject) => {
          client.subscribe<{ deploymentEvents: { deployment: { viewerCan: Permissions } } }>(
            {
              query: `subscription ($id: ID!) { deploymentEvents(id: $id) { deployment { ${VIEWER_CAN} } } }`,
              variables: { id: ids.live },
            },
            {
              next: ({ data, errors }) => {
                if (errors) reject(new Error(JSON.stringify(errors)));
                if (data) seen.push(data.deploymentEvents.deployment.viewerCan);
              },
              error: reject,
              complete: resolve,
            },
          );
        });
        return seen;
      } finally {
        await client.dispose();
      }
    };
    const live = { ...NOTHING, rollback: true, redeploy: true };
    expect(await permissionsOverWebSocket(tokens.admin)).toEqual([live, live]);
    expect(await permissionsOverWebSocket(tokens.viewer)).toEqual([NOTHING, NOTHING]);
  });
});
