import { DeploymentCommitEntity, ReleaseDiffEntity } from '@slipway/db';
import type { DeploymentEventBody, DeploymentEventEnvelope } from '@slipway/domain';
import type { AuditActivities } from '@slipway/temporal';
import { createTestDatabase, type TestDatabase } from '@slipway/testing';
import { randomUUID } from 'node:crypto';
import { createAuditActivities } from './deployment-events.activities';

/** The audit service's side of release diffs, against a real PostgreSQL database. */
describe('release diffs in the audit service', () => {
  let database: TestDatabase;
  let audit: AuditActivities;

  beforeAll(async () => {
    database = await createTestDatabase();
    audit = createAuditActivities(database.dataSource);
  });

  afterAll(() => database.close());

  const sha = (digit: string) => digit.repeat(40);
  let clock = 0;

  /** One deployment's events, numbered from 1, as the workflow sends them. */
  function deployment(environment: string, commitSha: string, ...rest: DeploymentEventBody[]) {
    const id = randomUUID();
    const bodies: DeploymentEventBody[] = [
      {
        type: 'DEPLOYMENT_QUEUED',
        project: 'shop',
        environment,
        ref: 'main',
        actor: 'ada',
        trigger: { type: 'manual' },
      },
      {
        type: 'ARTIFACT_READY',
        commitSha,
        commitMessage: 'Ship it',
        artifactDigest: 'd'.repeat(64),
        artifactSize: 10,
        built: true,
      },
      ...rest,
    ];
    const events = bodies.map((body, index): DeploymentEventEnvelope => ({
      eventId: randomUUID(),
      deploymentId: id,
      sequence: index + 1,
      // A second after the event before, across deployments: a later deployment ends later.
      occurredAt: new Date(Date.UTC(2026, 10, 26, 8, 0, (clock += 1))).toISOString(),
      body,
    }));
    return { id, events };
  }

  const succeeded: DeploymentEventBody[] = [
    { type: 'DEPLOYMENT_STARTED', commitSha: '', commitMessage: 'Ship it', steps: [] },
    { type: 'DEPLOYMENT_SUCCEEDED' },
  ];

  it('names the commit of the newest successful deployment in the environment, null before any', async () => {
    await expect(audit.currentRelease('shop', 'staging')).resolves.toBeNull();
    const older = deployment('staging', sha('1'), ...succeeded.map((body) => withCommit(body, sha('1'))));
    await audit.recordDeploymentEvents(older.events);
    const newer = deployment('staging', sha('2'), ...succeeded.map((body) => withCommit(body, sha('2'))));
    await audit.recordDeploymentEvents(newer.events);
    const failed = deployment('staging', sha('3'), { type: 'DEPLOYMENT_FAILED', reason: 'build failed' });
    await audit.recordDeploymentEvents(failed.events);
    const elsewhere = deployment('qa', sha('4'), ...succeeded.map((body) => withCommit(body, sha('4'))));
    await audit.recordDeploymentEvents(elsewhere.events);

    await expect(audit.currentRelease('shop', 'staging')).resolves.toBe(sha('2'));
    await expect(audit.currentRelease('shop', 'production')).resolves.toBeNull();
  });

  it('stores a release diff with its commits in order, once, however often the batch is retried', async () => {
    const { id, events } = deployment('production', sha('6'), {
      type: 'RELEASE_DIFF_READY',
      from: sha('5'),
      direction: 'FORWARD',
      truncated: true,
      commits: [
        {
          sha: sha('6'),
          message: 'Version two',
          author: 'Ada Tester <ada@example.com>',
          committedAt: '2026-11-26T08:00:00+01:00',
          pullRequest: null,
        },
        {
          sha: sha('7'),
          message: 'Add login (#12)',
          author: 'Grace <grace@example.com>',
          committedAt: '2026-11-25T18:30:00Z',
          pullRequest: 12,
        },
      ],
    });
    await audit.recordDeploymentEvents(events);
    await audit.recordDeploymentEvents(events);

    const diffs = await database.dataSource.getRepository(ReleaseDiffEntity).findBy({ deploymentId: id });
    expect(diffs).toEqual([{ deploymentId: id, fromSha: sha('5'), direction: 'FORWARD', truncated: true }]);
    const commits = await database.dataSource
      .getRepository(DeploymentCommitEntity)
      .find({ where: { deploymentId: id }, order: { position: 'ASC' } });
    expect(commits).toEqual([
      {
        deploymentId: id,
        position: 0,
        sha: sha('6'),
        message: 'Version two',
        author: 'Ada Tester <ada@example.com>',
        committedAt: new Date('2026-11-26T07:00:00Z'),
        pullRequest: null,
      },
      {
        deploymentId: id,
        position: 1,
        sha: sha('7'),
        message: 'Add login (#12)',
        author: 'Grace <grace@example.com>',
        committedAt: new Date('2026-11-25T18:30:00Z'),
        pullRequest: 12,
      },
    ]);
  });
});

function withCommit(body: DeploymentEventBody, commitSha: string): DeploymentEventBody {
  return body.type === 'DEPLOYMENT_STARTED' ? { ...body, commitSha } : body;
}
