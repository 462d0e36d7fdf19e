import type { DeploymentStatus, ReleaseDiffDirection } from '@slipway/domain';
import { createTestDatabase, type TestDatabase } from '@slipway/testing';
import { randomUUID } from 'node:crypto';
import { loadDeploymentMetrics } from './metrics';

/** A moment of 2026, UTC: `at('03-02 09:00')`. 2026-03-02 is a Monday. */
const at = (moment: string): Date => new Date(`2026-${moment.replace(' ', 'T')}:00Z`);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Row {
  project: string;
  environment: string;
  status: DeploymentStatus;
  started: string | null;
  finished: string;
  sha: string;
  diff: { direction: ReleaseDiffDirection; committed: string[] } | null;
}

/** A deployment of shop / production; `elsewhere` moves it. */
function row(
  status: DeploymentStatus,
  started: string | null,
  finished: string,
  sha: string,
  diff: Row['diff'] = null,
): Row {
  return { project: 'shop', environment: 'production', status, started, finished, sha, diff };
}

const diff = (direction: ReleaseDiffDirection, ...committed: string[]): Row['diff'] => ({
  direction,
  committed,
});

const elsewhere = (project: string, environment: string, deployment: Row): Row => ({
  ...deployment,
  project,
  environment,
});

/** One week, Monday to Monday. */
const WINDOW = { since: at('03-02 00:00'), until: at('03-09 00:00') };

/*
 * shop / production. Counted = started and ended SUCCEEDED / FAILED / ROLLED_BACK / ROLLBACK_FAILED
 * in [03-02 00:00, 03-09 00:00).
 *
 *  #   status       started      finished     took    sha  release diff (commit times)
 *  P1  SUCCEEDED    02-20 10:00  02-20 10:10  —       a0   FIRST 02-19 10:10          before the window
 *  P2  FAILED       02-27 10:00  02-27 10:20  —       a1   —                          before: incident open
 *  P3  CANCELLED    02-28 09:00  02-28 09:05  —       a1   —                          not counted: skipped
 *  W1  FAILED       03-02 09:00  03-02 09:10  10 min  a1   —                          same open incident
 *  W2  SUCCEEDED    03-02 12:00  03-02 12:20  20 min  a2   FORWARD 03-01 12:20 (24 h), 03-02 10:20 (2 h)
 *  W3  SUCCEEDED    03-03 10:00  03-03 10:30  30 min  a3   FORWARD 03-03 04:30 (6 h)
 *  W4  ROLLED_BACK  03-04 08:00  03-04 08:40  40 min  a4   FORWARD 03-04 07:00        failed: not measured
 *  W5  SUCCEEDED    03-04 09:00  03-04 09:20  20 min  a2   BACKWARD 03-03 04:30       goes away: not measured
 *  W6  REJECTED     —            03-05 10:00  —       a5   —                          not run
 *  W7  FAILED       03-06 10:00  03-06 10:06  6 min   a6   —
 *  X1  FAILED       03-09 09:00  03-09 09:10  —       a6   —                          after the window
 *  X2  SUCCEEDED    03-09 10:00  03-09 10:06  —       a7   FORWARD 03-09 08:00        after the window
 *  X3  SUCCEEDED    03-10 10:00  03-10 10:06  —       a8   —                          after the window
 *
 * bad_commits: a4 marked 03-04 08:40 (W4's own rollback); a3 marked 03-04 09:00 (W5, a manual rollback
 * replacing it), after W3 finished: W3 was rolled back later.
 * Incidents: the one open since P2 goes on through W1 and ends with W2, but did not start in the
 * window; A = W4, restored by W5 (40 min); B = W7, restored by X2 after the window (72 h).
 *
 * Rows of other places that must not leak in: shop / staging and blog / production deployments in
 * and around the window, and a2 marked bad in staging.
 */
const SHOP_PRODUCTION: Row[] = [
  row('SUCCEEDED', '02-20 10:00', '02-20 10:10', 'a0', diff('FIRST', '02-19 10:10')),
  row('FAILED', '02-27 10:00', '02-27 10:20', 'a1'),
  row('CANCELLED', '02-28 09:00', '02-28 09:05', 'a1'),
  row('FAILED', '03-02 09:00', '03-02 09:10', 'a1'),
  row('SUCCEEDED', '03-02 12:00', '03-02 12:20', 'a2', diff('FORWARD', '03-01 12:20', '03-02 10:20')),
  row('SUCCEEDED', '03-03 10:00', '03-03 10:30', 'a3', diff('FORWARD', '03-03 04:30')),
  row('ROLLED_BACK', '03-04 08:00', '03-04 08:40', 'a4', diff('FORWARD', '03-04 07:00')),
  row('SUCCEEDED', '03-04 09:00', '03-04 09:20', 'a2', diff('BACKWARD', '03-03 04:30')),
  row('REJECTED', null, '03-05 10:00', 'a5'),
  row('FAILED', '03-06 10:00', '03-06 10:06', 'a6'),
  row('FAILED', '03-09 09:00', '03-09 09:10', 'a6'),
  row('SUCCEEDED', '03-09 10:00', '03-09 10:06', 'a7', diff('FORWARD', '03-09 08:00')),
  row('SUCCEEDED', '03-10 10:00', '03-10 10:06', 'a8'),
];

const ELSEWHERE: Row[] = [
  // shop / staging: two successes (one with a commit) around a failure; a2 is bad there.
  elsewhere(
    'shop',
    'staging',
    row('SUCCEEDED', '03-02 11:00', '03-02 11:10', 'a2', diff('FORWARD', '03-02 11:00')),
  ),
  elsewhere('shop', 'staging', row('FAILED', '03-05 11:00', '03-05 11:10', 'a4')),
  elsewhere('shop', 'staging', row('SUCCEEDED', '03-07 11:00', '03-07 11:10', 'a5')),
  // blog / production: a success that would restore B early, a failure, a cancellation.
  elsewhere(
    'blog',
    'production',
    row('SUCCEEDED', '03-07 10:00', '03-07 10:06', 'a6', diff('FORWARD', '03-07 09:00')),
  ),
  elsewhere('blog', 'production', row('FAILED', '03-03 10:00', '03-03 10:06', 'b1')),
  elsewhere('blog', 'production', row('CANCELLED', null, '03-03 11:00', 'b2')),
];

describe('loadDeploymentMetrics', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const row of [...SHOP_PRODUCTION, ...ELSEWHERE]) await insert(row);
    await database.dataSource.query(
      `INSERT INTO bad_commits (project, environment, commit_sha, deployment_id, reason, marked_at)
       VALUES ('shop', 'production', 'a3', $1, 'rolled back by dana', $2),
              ('shop', 'production', 'a4', $1, 'health check failed', $3),
              ('shop', 'staging', 'a2', $1, 'rolled back by dana', $4)`,
      [randomUUID(), at('03-04 09:00'), at('03-04 08:40'), at('03-05 09:00')],
    );
  });

  afterAll(async () => {
    await database.close();
  });

  /** A deployment row as the audit service keeps it, with its release diff when it has one. */
  async function insert(row: Row): Promise<void> {
    const id = randomUUID();
    const finished = at(row.finished);
    await database.dataSource.query(
      `INSERT INTO deployments (id, project, environment, ref, actor, status, commit_sha, queued_at,
         started_at, finished_at, last_sequence)
       VALUES ($1, $2, $3, 'main', 'ada', $4, $5, $6, $7, $6, 1)`,
      [
        id,
        row.project,
        row.environment,
        row.status,
        row.sha,
        finished,
        row.started === null ? null : at(row.started),
      ],
    );
    if (!row.diff) return;
    await database.dataSource.query(
      `INSERT INTO release_diffs (deployment_id, from_sha, direction, truncated) VALUES ($1, NULL, $2, false)`,
      [id, row.diff.direction],
    );
    for (const [position, committed] of row.diff.committed.entries()) {
      await database.dataSource.query(
        `INSERT INTO deployment_commits (deployment_id, position, sha, message, author, committed_at)
         VALUES ($1, $2, $3, 'a change', 'Ada <ada@example.com>', $4)`,
        [id, position, `${row.sha}-${position}`, at(committed)],
      );
    }
  }

  it('gives the hand-computed numbers of shop / production, nothing of other places', async () => {
    const metrics = await loadDeploymentMetrics(database.dataSource, {
      project: 'shop',
      environment: 'production',
      ...WINDOW,
      bucket: 'DAY',
    });
    // Counted: W1 W2 W3 W4 W5 W7 = 6; succeeded W2 W3 W5; failed W1 W4 W7; rolled back W4; W6 not run.
    expect(metrics).toMatchObject({ counted: 6, succeeded: 3, failed: 3, rolledBack: 1, notRun: 1 });
    // 3 of 6 → 0.5; 3 of 6 → 0.5; 1 of 6.
    expect(metrics).toMatchObject({ successRate: 0.5, failureRate: 0.5, rollbackRate: 1 / 6 });
    // Minutes sorted 6 10 20 20 30 40: mean 126 / 6 = 21; median (20 + 20) / 2; p90 rank 4.5 → (30 + 40) / 2.
    expect(metrics.duration).toEqual({ meanMs: 21 * MINUTE, medianMs: 20 * MINUTE, p90Ms: 35 * MINUTE });
    // 3 successes in 7 days.
    expect(metrics.deploymentFrequency).toEqual({ deployments: 3, perDay: 3 / 7 });
    // W2 24 h and 2 h, W3 6 h (W4 failed, W5 went BACKWARD): sorted 2 6 24, median 6 h,
    // p90 rank 1.8 → 6 + 0.8 × 18 = 20.4 h.
    expect(metrics.leadTime.commits).toBe(3);
    expect(metrics.leadTime.medianMs).toBe(6 * HOUR);
    expect(metrics.leadTime.p90Ms).toBeCloseTo(20.4 * HOUR, 6);
    // W1 W4 W7 failed, W3 was rolled back later (a3 marked after it finished) → 4 of 6.
    expect(metrics.changeFailures).toBe(4);
    expect(metrics.changeFailureRate).toBeCloseTo(4 / 6, 12);
    // A: 08:40 → 09:20 = 40 min; B: 03-06 10:06 → X2 03-09 10:06 = 72 h, after the window. The
    // incident open since P2 (P3 cancelled in between does not close it) did not start in the window.
    expect(metrics.timeToRestore).toEqual({
      restored: 2,
      unrestored: 0,
      medianMs: (40 * MINUTE + 72 * HOUR) / 2,
      meanMs: (40 * MINUTE + 72 * HOUR) / 2,
    });
    const point = (start: string, counts: number[], medians: Array<number | null>, restored = 0) => {
      const [counted, succeeded, failed, rolledBack, changeFailures] = counts;
      const [medianDurationMs, medianLeadTimeMs, medianRestoreMs] = medians;
      return {
        start: at(start),
        ...{ counted, succeeded, failed, rolledBack, changeFailures },
        ...{ medianDurationMs, medianLeadTimeMs, restored, medianRestoreMs: medianRestoreMs ?? null },
      };
    };
    // Per day: counted, succeeded, failed, rolledBack, changeFailures; median duration, lead time, restore.
    expect(metrics.series).toEqual([
      // W1, W2: durations 10 and 20 min; W2's commits 24 h and 2 h.
      point('03-02 00:00', [2, 1, 1, 0, 1], [15 * MINUTE, 13 * HOUR]),
      // W3, rolled back later.
      point('03-03 00:00', [1, 1, 0, 0, 1], [30 * MINUTE, 6 * HOUR]),
      // W4 40 min and W5 20 min; A starts and is restored.
      point('03-04 00:00', [2, 1, 1, 1, 1], [30 * MINUTE, null, 40 * MINUTE], 1),
      // W6 only, which never ran.
      point('03-05 00:00', [0, 0, 0, 0, 0], [null, null]),
      // W7; B starts (restored after the window).
      point('03-06 00:00', [1, 0, 1, 0, 1], [6 * MINUTE, null, 72 * HOUR], 1),
      point('03-07 00:00', [0, 0, 0, 0, 0], [null, null]),
      point('03-08 00:00', [0, 0, 0, 0, 0], [null, null]),
    ]);
  });

  it('reads another environment of the project on its own', async () => {
    const staging = await loadDeploymentMetrics(database.dataSource, {
      project: 'shop',
      environment: 'staging',
      ...WINDOW,
      bucket: 'WEEK',
    });
    // 2 of 3 succeeded; a2 is bad in staging but was marked 03-05, after its success: a change failure.
    expect(staging).toMatchObject({ counted: 3, succeeded: 2, failed: 1, changeFailures: 2, notRun: 0 });
    // The failure of 03-05 11:10 was restored 03-07 11:10.
    expect(staging.timeToRestore).toMatchObject({ restored: 1, medianMs: 48 * HOUR });
    expect(staging.leadTime).toEqual({ commits: 1, medianMs: 10 * MINUTE, p90Ms: 10 * MINUTE });
  });

  it('gives zeros and nulls for an environment without deployments', async () => {
    const none = await loadDeploymentMetrics(database.dataSource, {
      project: 'shop',
      environment: 'qa',
      ...WINDOW,
      bucket: 'WEEK',
    });
    expect(none).toMatchObject({ counted: 0, notRun: 0, successRate: null, changeFailureRate: null });
    expect(none.series).toEqual([
      {
        start: at('03-02 00:00'),
        counted: 0,
        succeeded: 0,
        failed: 0,
        rolledBack: 0,
        changeFailures: 0,
        medianDurationMs: null,
        medianLeadTimeMs: null,
        restored: 0,
        medianRestoreMs: null,
      },
    ]);
  });
});
