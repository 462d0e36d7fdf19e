import type { DeploymentEventBody, DeploymentEventEnvelope, DeploymentTrigger } from '@slipway/domain';
import { currentReleases } from '@slipway/history';
import type { AuditActivities } from '@slipway/temporal';
import { createTestDatabase, type TestDatabase } from '@slipway/testing';
import { randomUUID } from 'node:crypto';
import { createAuditActivities } from './deployment-events.activities';
import { READ_MODELS } from './read-models';
import { rebuildReadModels } from './rebuild-read-models';

const sha = (digit: string) => digit.repeat(40);
const STEPS = ['release', 'health-check'];

/** One deployment as its workflow reports it: batches of events, sent one at a time. */
interface Deployment {
  id: string;
  batches: DeploymentEventBody[][];
  sent: number;
}

function queued(
  project: string,
  environment: string,
  trigger: DeploymentTrigger = { type: 'manual' },
  actor = 'ada',
): DeploymentEventBody {
  return { type: 'DEPLOYMENT_QUEUED', project, environment, ref: 'main', actor, trigger };
}

function artifact(commitSha: string, commitMessage: string): DeploymentEventBody {
  return {
    type: 'ARTIFACT_READY',
    commitSha,
    commitMessage,
    artifactDigest: commitSha.slice(0, 1).repeat(64),
    artifactSize: 2048,
    built: true,
  };
}

function diff(from: string | null, commitSha: string, message: string): DeploymentEventBody {
  return {
    type: 'RELEASE_DIFF_READY',
    from,
    direction: from === null ? 'FIRST' : 'FORWARD',
    truncated: false,
    commits: [
      {
        sha: commitSha,
        message,
        author: 'Ada <ada@example.com>',
        committedAt: '2026-10-31T12:00:00Z',
        pullRequest: 7,
      },
    ],
  };
}

const started = (commitSha: string, message: string): DeploymentEventBody => ({
  type: 'DEPLOYMENT_STARTED',
  commitSha,
  commitMessage: message,
  steps: STEPS,
});
const stepDone = (step: number): DeploymentEventBody[] => [
  { type: 'STEP_STARTED', step },
  { type: 'STEP_SUCCEEDED', step, output: `${STEPS[step]} ok` },
];

/** Queued, built, run: both steps succeed. */
function succeeding(
  first: DeploymentEventBody,
  commitSha: string,
  message: string,
  before: DeploymentEventBody[] = [],
): Deployment {
  return deployment(
    [first, artifact(commitSha, message)],
    ...(before.length > 0 ? [before] : []),
    [started(commitSha, message), ...stepDone(0)],
    [...stepDone(1), { type: 'DEPLOYMENT_SUCCEEDED' }],
  );
}

function deployment(...batches: DeploymentEventBody[][]): Deployment {
  return { id: randomUUID(), batches, sent: 0 };
}

/**
 * The read models as the live append path builds them, then rebuilt from the log alone. Deployments
 * are sent interleaved, batch by batch, across projects and environments, as running workflows do.
 */
describe('rebuilding the read models from the event log', () => {
  let database: TestDatabase;
  let audit: AuditActivities;
  let clock = Date.UTC(2026, 10, 1, 8);
  let live: Record<string, string[]>;

  beforeAll(async () => {
    database = await createTestDatabase();
    audit = createAuditActivities(database.dataSource);
  });

  afterAll(() => database.close());

  async function send(target: Deployment): Promise<void> {
    const batch = target.batches.shift();
    if (!batch) return;
    const events = batch.map((body, index): DeploymentEventEnvelope => ({
      eventId: randomUUID(),
      deploymentId: target.id,
      sequence: target.sent + index + 1,
      occurredAt: new Date((clock += 1000)).toISOString(),
      body,
    }));
    target.sent += events.length;
    await audit.recordDeploymentEvents(events);
  }

  /** Sends one batch of each deployment in turn until all are sent: their events interleave in the log. */
  async function interleave(...deployments: Deployment[]): Promise<void> {
    while (deployments.some((target) => target.batches.length > 0)) {
      for (const target of deployments) await send(target);
    }
  }

  /** Every row of every read model, every column, in a stable order. */
  async function snapshot(): Promise<Record<string, string[]>> {
    const tables: Record<string, string[]> = {};
    for (const table of READ_MODELS) {
      const rows = await database.dataSource.query<Array<{ row: string }>>(
        `SELECT row_to_json(t)::text AS row FROM ${table} t ORDER BY 1`,
      );
      tables[table] = rows.map(({ row }) => row);
    }
    return tables;
  }

  const running = async (project: string, environment: string) => {
    const releases = await currentReleases(database.dataSource, [project]);
    const found = releases.find((release) => release.environment === environment);
    return found && { current: found.current.deploymentId, previous: found.previous?.deploymentId ?? null };
  };

  it('keeps what runs in each environment as deployments succeed, fail and are rolled back', async () => {
    // development: two successes, each with its release diff.
    const devFirst = succeeding(queued('shop', 'development'), sha('a'), 'Add the cart', [
      diff(null, sha('a'), 'Add the cart'),
    ]);
    const devSecond = succeeding(
      queued('shop', 'development', { type: 'push', ref: 'main' }),
      sha('b'),
      'Faster checkout',
      [diff(sha('a'), sha('b'), 'Faster checkout')],
    );
    // production: approved by two people, waited for CI, then ran.
    const production = succeeding(queued('shop', 'production'), sha('a'), 'Add the cart', [
      { type: 'CI_WAITING', checks: ['build'] },
      { type: 'CI_PASSED' },
      {
        type: 'APPROVAL_REQUESTED',
        roles: ['admin'],
        approvers: 2,
        expiresAt: '2026-11-02T08:00:00Z',
      },
      { type: 'APPROVAL_GIVEN', actor: 'bo', comment: 'yes', remaining: 1 },
      { type: 'APPROVAL_GIVEN', actor: 'cy', comment: '', remaining: 0 },
    ]);
    // blog: one rejected, one cancelled before it ran.
    const rejected = deployment(
      [queued('blog', 'production'), artifact(sha('c'), 'New theme')],
      [{ type: 'APPROVAL_REQUESTED', roles: ['admin'], approvers: 1, expiresAt: '2026-11-02T08:00:00Z' }],
      [{ type: 'APPROVAL_REJECTED', actor: 'bo', comment: 'not on a Friday' }],
    );
    const cancelled = deployment(
      [queued('blog', 'staging'), artifact(sha('c'), 'New theme')],
      [{ type: 'DEPLOYMENT_CANCELLED', reason: 'cancelled by ada' }],
    );
    await interleave(devFirst, production, rejected, devSecond, cancelled);
    await expect(running('shop', 'development')).resolves.toEqual({
      current: devSecond.id,
      previous: devFirst.id,
    });
    await expect(running('shop', 'production')).resolves.toEqual({ current: production.id, previous: null });
    await expect(running('blog', 'production')).resolves.toBeUndefined();

    // staging: a success, then a failure the saga rolls back: what ran before still runs.
    const stagingGood = succeeding(
      queued('shop', 'staging', { type: 'promotion', after: 'development', deploymentId: devFirst.id }),
      sha('a'),
      'Add the cart',
    );
    const stagingBad = deployment(
      [queued('shop', 'staging'), artifact(sha('b'), 'Faster checkout')],
      [started(sha('b'), 'Faster checkout'), ...stepDone(0)],
      [{ type: 'STEP_STARTED', step: 1 }],
      [
        { type: 'STEP_FAILED', step: 1, output: 'probing', error: 'health check timed out' },
        { type: 'ROLLBACK_STARTED', reason: 'health check timed out after 30 s' },
        { type: 'STEP_ROLLBACK_STARTED', step: 0 },
        { type: 'STEP_ROLLED_BACK', step: 0, output: 'restored' },
        { type: 'DEPLOYMENT_ROLLED_BACK', reason: 'health check timed out after 30 s' },
      ],
    );
    await interleave(stagingGood);
    await interleave(stagingBad);
    await expect(running('shop', 'staging')).resolves.toEqual({ current: stagingGood.id, previous: null });

    // production: a newer release, then a person rolls back to the first: the newer one is bad there.
    const productionNext = succeeding(queued('shop', 'production'), sha('b'), 'Faster checkout');
    await interleave(productionNext);
    const rollback = succeeding(
      queued('shop', 'production', { type: 'rollback', replacing: sha('b') }, 'bo'),
      sha('a'),
      'Add the cart',
    );
    // The rollback is queued first but held back; a hotfix queued after it succeeds first. The rollback,
    // succeeding last, is what runs: the newest success wins, not the newest queued.
    const hotfix = succeeding(queued('shop', 'production'), sha('e'), 'Hotfix');
    await send(rollback);
    await interleave(hotfix);
    await interleave(rollback);
    await expect(running('shop', 'production')).resolves.toEqual({
      current: rollback.id,
      previous: hotfix.id,
    });

    live = await snapshot();
    expect(live.bad_commits).toEqual([
      expect.stringContaining(`"environment":"production","commit_sha":"${sha('b')}"`),
      expect.stringContaining(`"environment":"staging","commit_sha":"${sha('b')}"`),
    ]);
    for (const table of READ_MODELS) expect(live[table]!.length).toBeGreaterThan(0);
  });

  it('gives back exactly the read models the live path built', async () => {
    const summary = await rebuildReadModels(database.dataSource);
    expect(await snapshot()).toEqual(live);
    const [{ count }] = await database.dataSource.query<[{ count: number }]>(
      'SELECT count(*)::int AS count FROM deployment_events',
    );
    expect(summary).toMatchObject({ events: count, deployments: 10 });
  });

  it('gives back the same when a small batch cuts deployments apart', async () => {
    await rebuildReadModels(database.dataSource, { batchSize: 3 });
    expect(await snapshot()).toEqual(live);
  });

  it('puts back the truth after the read models were changed by hand', async () => {
    await database.dataSource.query(`UPDATE deployments SET status = 'FAILED', reason = 'edited'`);
    await database.dataSource.query('DELETE FROM environment_releases');
    await database.dataSource.query(`DELETE FROM bad_commits WHERE environment = 'staging'`);
    await database.dataSource.query(`UPDATE deployment_steps SET output = ''`);
    await database.dataSource.query('DELETE FROM releases');
    expect(await snapshot()).not.toEqual(live);

    await rebuildReadModels(database.dataSource);
    expect(await snapshot()).toEqual(live);
  });

  it('refuses a log its rules refuse, naming where, and leaves the read models as they were', async () => {
    await database.dataSource.query(`UPDATE deployments SET actor = 'edited by hand'`);
    const before = await snapshot();
    const stray = randomUUID();
    // An event of a deployment that was never queued: the log takes any append.
    await database.dataSource.query(
      `INSERT INTO deployment_events (event_id, deployment_id, sequence, type, body, occurred_at)
       VALUES ($1, $2, 1, 'DEPLOYMENT_SUCCEEDED', '{"type":"DEPLOYMENT_SUCCEEDED"}', now())`,
      [randomUUID(), stray],
    );
    await expect(rebuildReadModels(database.dataSource)).rejects.toThrow(
      `could not replay deployment ${stray} from event`,
    );
    // Not half rebuilt: every deployment before the stray event would have been replayed.
    expect(await snapshot()).toEqual(before);
  });
});
