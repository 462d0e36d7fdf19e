import { deploymentMetrics, metricsBucketCount, type DeploymentFact, type MetricsWindow } from './metrics';
import type { DeploymentStatus } from './status';

/** A moment of March 2026, UTC: `at('03-04 12:00')`. 2026-03-02 is a Monday. */
const at = (moment: string): Date => new Date(`2026-${moment.replace(' ', 'T')}:00Z`);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function fact(
  status: DeploymentStatus,
  started: string | null,
  finished: string,
  { commits = [], rolledBackLater = false }: { commits?: string[]; rolledBackLater?: boolean } = {},
): DeploymentFact {
  return {
    status,
    startedAt: started === null ? null : at(started),
    finishedAt: at(finished),
    commitTimes: commits.map(at),
    rolledBackLater,
  };
}

/** Two weeks from a Wednesday noon to a Wednesday noon: 14 days, cut in 3 weeks or 15 days. */
const WINDOW: MetricsWindow = { since: at('03-04 12:00'), until: at('03-18 12:00') };

/*
 * One production environment. "counted" = started and ended SUCCEEDED / FAILED / ROLLED_BACK /
 * ROLLBACK_FAILED in [03-04 12:00, 03-18 12:00).
 *
 *  #   status           started      finished     took    lead-time commits
 *  B   FAILED           03-03 10:00  03-03 10:10  —       —                        before the window
 *  1   FAILED           03-04 11:55  03-04 12:00  5 min   —                        ends at since: in
 *  2   SUCCEEDED        03-05 09:00  03-05 09:10  10 min  03-04 09:10 (24 h), 03-05 07:10 (2 h)
 *  3   CANCELLED        03-05 11:00  03-05 11:01  —       —                        not run
 *  4   REJECTED         —            03-06 08:00  —       —                        not run
 *  5   FAILED           03-08 12:00  03-08 12:10  10 min  —
 *  6   SUCCEEDED        03-08 23:50  03-09 00:10  20 min  03-08 12:10 (12 h)       rolled back later
 *  7   ROLLED_BACK      03-10 10:00  03-10 10:30  30 min  (not a success)
 *  8   FAILED           03-10 11:00  03-10 11:02  2 min   —
 *  9   FAILED           —            03-10 11:30  —       —                        CI failed: not run
 * 10   SUCCEEDED        03-10 12:46  03-10 13:30  44 min  — (no diff)
 * 11   ROLLBACK_FAILED  03-15 23:45  03-16 00:00  15 min  —                        on a week boundary
 * 12   SUCCEEDED        03-18 11:50  03-18 12:00  —       —                        ends at until: out
 *
 * Incidents: the one open since B goes on through #1 and ends with #2, but did not start in the
 * window; I1 = #5, restored by #6 (12 h); A = #7 and #8 (one incident: #9 never ran), restored by
 * #10 (3 h); B = #11, restored by #12 after the window (60 h).
 */
const HISTORY: DeploymentFact[] = [
  fact('FAILED', '03-03 10:00', '03-03 10:10'),
  fact('FAILED', '03-04 11:55', '03-04 12:00'),
  fact('SUCCEEDED', '03-05 09:00', '03-05 09:10', { commits: ['03-04 09:10', '03-05 07:10'] }),
  fact('CANCELLED', '03-05 11:00', '03-05 11:01'),
  fact('REJECTED', null, '03-06 08:00'),
  fact('FAILED', '03-08 12:00', '03-08 12:10'),
  fact('SUCCEEDED', '03-08 23:50', '03-09 00:10', { commits: ['03-08 12:10'], rolledBackLater: true }),
  fact('ROLLED_BACK', '03-10 10:00', '03-10 10:30', { commits: ['03-10 08:00'] }),
  fact('FAILED', '03-10 11:00', '03-10 11:02'),
  fact('FAILED', null, '03-10 11:30'),
  fact('SUCCEEDED', '03-10 12:46', '03-10 13:30'),
  fact('ROLLBACK_FAILED', '03-15 23:45', '03-16 00:00'),
  fact('SUCCEEDED', '03-18 11:50', '03-18 12:00'),
];

describe('deploymentMetrics on a hand-computed history', () => {
  const metrics = deploymentMetrics(HISTORY, WINDOW, 'WEEK');

  it('counts what ran and ended in the window, and what never changed the environment apart', () => {
    // Counted: #1 #2 #5 #6 #7 #8 #10 #11 = 8; B ended before, #12 at until (excluded).
    expect(metrics.counted).toBe(8);
    // #2 #6 #10.
    expect(metrics.succeeded).toBe(3);
    // #1 #5 #7 #8 #11.
    expect(metrics.failed).toBe(5);
    // #7 ROLLED_BACK, #11 ROLLBACK_FAILED.
    expect(metrics.rolledBack).toBe(2);
    // #3 cancelled while running, #4 rejected, #9 failed in CI.
    expect(metrics.notRun).toBe(3);
  });

  it('gives success, failure and rollback rates over the counted deployments', () => {
    // 3 of 8 → 0.375; 5 of 8 → 0.625; 2 of 8 → 0.25.
    expect(metrics.successRate).toBe(0.375);
    expect(metrics.failureRate).toBe(0.625);
    expect(metrics.rollbackRate).toBe(0.25);
  });

  it('gives mean, median and p90 durations with linear interpolation', () => {
    // Minutes, sorted: 2 5 10 10 15 20 30 44 (sum 136).
    // mean 136 / 8 = 17; median: rank 3.5 → (10 + 15) / 2 = 12.5; p90: rank 6.3 → 30 + 0.3 × 14 = 34.2.
    expect(metrics.duration).toMatchObject({ meanMs: 17 * MINUTE, medianMs: 12.5 * MINUTE });
    expect(metrics.duration.p90Ms).toBeCloseTo(34.2 * MINUTE, 6);
  });

  it('gives the deployment frequency per day of the window', () => {
    // 3 successes over 14 days.
    expect(metrics.deploymentFrequency).toEqual({ deployments: 3, perDay: 3 / 14 });
  });

  it('gives the lead time of the commits successful deployments brought', () => {
    // #2: 24 h and 2 h; #6: 12 h; #7 failed and #10 had no diff: not measured.
    // Sorted 2 12 24: median 12 h; p90: rank 1.8 → 12 + 0.8 × 12 = 21.6 h.
    expect(metrics.leadTime.commits).toBe(3);
    expect(metrics.leadTime.medianMs).toBe(12 * HOUR);
    expect(metrics.leadTime.p90Ms).toBeCloseTo(21.6 * HOUR, 6);
  });

  it('counts a success that was rolled back later as a change failure', () => {
    // The 5 failures + #6 → 6 of 8 = 0.75.
    expect(metrics.changeFailures).toBe(6);
    expect(metrics.changeFailureRate).toBe(0.75);
  });

  it('measures incidents that started in the window, to the next success even after it', () => {
    // I1 12 h, A 3 h, B 60 h. Sorted 3 12 60: median 12 h; mean 75 / 3 = 25 h.
    expect(metrics.timeToRestore).toEqual({
      restored: 3,
      unrestored: 0,
      medianMs: 12 * HOUR,
      meanMs: 25 * HOUR,
    });
  });

  it('leaves an incident with no success after it unrestored', () => {
    const withoutRestore = deploymentMetrics(HISTORY.slice(0, -1), WINDOW, 'WEEK');
    // I1 12 h and A 3 h: median and mean (12 + 3) / 2 = 7.5 h; B still open.
    expect(withoutRestore.timeToRestore).toEqual({
      restored: 2,
      unrestored: 1,
      medianMs: 7.5 * HOUR,
      meanMs: 7.5 * HOUR,
    });
  });

  it('starts an incident at the first failure in the window when nothing failed before it', () => {
    const withoutBefore = deploymentMetrics(HISTORY.slice(1), WINDOW, 'WEEK');
    // #1 now opens an incident, restored by #2 after 21 h 10 min: 4 incidents.
    expect(withoutBefore.timeToRestore.restored).toBe(4);
    // Sorted 3 h, 12 h, 21 h 10 min, 60 h: median (12 h + 21 h 10 min) / 2.
    expect(withoutBefore.timeToRestore.medianMs).toBe((12 * HOUR + 21 * HOUR + 10 * MINUTE) / 2);
    // Its week now has two: #1's and I1.
    expect(withoutBefore.series[0]).toMatchObject({
      restored: 2,
      medianRestoreMs: (12 * HOUR + 21 * HOUR + 10 * MINUTE) / 2,
    });
  });

  it('cuts the window in UTC weeks from Monday, the partial first and last included', () => {
    expect(metrics.series).toEqual([
      {
        // #1 F 5 min, #2 S 10 min (lead 24 h, 2 h), #5 F 10 min; I1 starts here.
        start: at('03-02 00:00'),
        counted: 3,
        succeeded: 1,
        failed: 2,
        rolledBack: 0,
        changeFailures: 2,
        medianDurationMs: 10 * MINUTE,
        // (2 h + 24 h) / 2.
        medianLeadTimeMs: 13 * HOUR,
        restored: 1,
        medianRestoreMs: 12 * HOUR,
      },
      {
        // #6 S 20 min (rolled back later, lead 12 h) finished Monday 00:10; #7 RB 30; #8 F 2; #10 S 44; A.
        start: at('03-09 00:00'),
        counted: 4,
        succeeded: 2,
        failed: 2,
        rolledBack: 1,
        changeFailures: 3,
        // Sorted 2 20 30 44 → (20 + 30) / 2.
        medianDurationMs: 25 * MINUTE,
        medianLeadTimeMs: 12 * HOUR,
        restored: 1,
        medianRestoreMs: 3 * HOUR,
      },
      {
        // #11 finished at Monday 00:00 exactly: this week. B starts here, restored after the window.
        start: at('03-16 00:00'),
        counted: 1,
        succeeded: 0,
        failed: 1,
        rolledBack: 1,
        changeFailures: 1,
        medianDurationMs: 15 * MINUTE,
        medianLeadTimeMs: null,
        restored: 1,
        medianRestoreMs: 60 * HOUR,
      },
    ]);
  });

  it('cuts the window in UTC days, empty days included with zeros and nulls', () => {
    const daily = deploymentMetrics(HISTORY, WINDOW, 'DAY').series;
    // 03-04 … 03-18: 15 days, the first and the last partial.
    expect(daily.map((point) => point.start.toISOString().slice(5, 10))).toEqual(
      Array.from({ length: 15 }, (_, index) => `03-${String(4 + index).padStart(2, '0')}`),
    );
    expect(daily.map((point) => point.counted)).toEqual([1, 1, 0, 0, 1, 1, 3, 0, 0, 0, 0, 0, 1, 0, 0]);
    // 03-07: nothing happened.
    expect(daily[3]).toEqual({
      start: at('03-07 00:00'),
      counted: 0,
      succeeded: 0,
      failed: 0,
      rolledBack: 0,
      changeFailures: 0,
      medianDurationMs: null,
      medianLeadTimeMs: null,
      restored: 0,
      medianRestoreMs: null,
    });
    // 03-10: #7 RB 30, #8 F 2, #10 S 44 → median 30 min; A started and was restored that day.
    expect(daily[6]).toMatchObject({ counted: 3, succeeded: 1, failed: 2, medianDurationMs: 30 * MINUTE });
    expect(daily[6]).toMatchObject({ restored: 1, medianRestoreMs: 3 * HOUR });
  });
});

describe('deploymentMetrics on an empty window', () => {
  it('gives zeros, and nulls where there is nothing to divide or rank, never NaN', () => {
    // Only deployments that never ran, and one outside the window.
    const metrics = deploymentMetrics(
      [fact('CANCELLED', null, '03-05 10:00'), fact('SUCCEEDED', '03-01 10:00', '03-01 10:05')],
      WINDOW,
      'WEEK',
    );
    expect(metrics).toEqual({
      counted: 0,
      succeeded: 0,
      failed: 0,
      rolledBack: 0,
      notRun: 1,
      successRate: null,
      failureRate: null,
      rollbackRate: null,
      duration: { meanMs: null, medianMs: null, p90Ms: null },
      deploymentFrequency: { deployments: 0, perDay: 0 },
      leadTime: { commits: 0, medianMs: null, p90Ms: null },
      changeFailures: 0,
      changeFailureRate: null,
      timeToRestore: { restored: 0, unrestored: 0, medianMs: null, meanMs: null },
      series: [at('03-02 00:00'), at('03-09 00:00'), at('03-16 00:00')].map((start) => ({
        start,
        counted: 0,
        succeeded: 0,
        failed: 0,
        rolledBack: 0,
        changeFailures: 0,
        medianDurationMs: null,
        medianLeadTimeMs: null,
        restored: 0,
        medianRestoreMs: null,
      })),
    });
  });

  it('refuses a window that does not move forward', () => {
    expect(() => deploymentMetrics([], { since: WINDOW.until, until: WINDOW.since }, 'DAY')).toThrow(
      'until must be after since',
    );
  });
});

describe('metricsBucketCount', () => {
  it('counts the buckets that cover the window, aligned to UTC midnight or Monday', () => {
    expect(metricsBucketCount(WINDOW, 'DAY')).toBe(15);
    expect(metricsBucketCount(WINDOW, 'WEEK')).toBe(3);
    // Exactly aligned: Monday to Monday is one week, seven days.
    const week = { since: at('03-02 00:00'), until: at('03-09 00:00') };
    expect(metricsBucketCount(week, 'WEEK')).toBe(1);
    expect(metricsBucketCount(week, 'DAY')).toBe(7);
  });
});
