import type { ReleaseDiffDirection } from './release-diff';
import type { DeploymentStatus } from './status';

/**
 * Success rates and the DORA metrics of one environment over a window, from plain facts. The
 * definitions are the README's ("Metrics"): change one, change both.
 */

/** The deployments that changed the environment, once they started running: they count in the rates. */
export const COUNTED_STATUSES = ['SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'ROLLBACK_FAILED'] as const;
const FAILURE_STATUSES: readonly DeploymentStatus[] = ['FAILED', 'ROLLED_BACK', 'ROLLBACK_FAILED'];
const ROLLBACK_STATUSES: readonly DeploymentStatus[] = ['ROLLED_BACK', 'ROLLBACK_FAILED'];

/** A diff that adds commits to the environment: only those commits have a lead time. */
export const LEAD_TIME_DIRECTIONS: readonly ReleaseDiffDirection[] = ['FIRST', 'FORWARD'];

export const METRICS_BUCKETS = ['DAY', 'WEEK'] as const;
export type MetricsBucket = (typeof METRICS_BUCKETS)[number];

/** What one metrics query may ask for: two years, cut in at most 400 buckets. */
export const MAX_METRICS_WINDOW_DAYS = 730;
export const MAX_METRICS_BUCKETS = 400;

const DAY_MS = 86_400_000;
const BUCKET_MS: Record<MetricsBucket, number> = { DAY: DAY_MS, WEEK: 7 * DAY_MS };

/** [since, until): a deployment belongs to it when it finished at or after `since` and before `until`. */
export interface MetricsWindow {
  since: Date;
  until: Date;
}

/** One deployment of the environment, as the metrics need it. */
export interface DeploymentFact {
  status: DeploymentStatus;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** When each commit its release diff newly brings (FIRST or FORWARD) was made; empty without a diff. */
  commitTimes: Date[];
  /** Its commit was marked bad in the environment after it finished: a later rollback took it out. */
  rolledBackLater: boolean;
}

export interface DurationStats {
  meanMs: number | null;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface LeadTimeStats {
  /** How many commits were measured. */
  commits: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface TimeToRestoreStats {
  /** Incidents that started in the window and were restored, possibly after it. */
  restored: number;
  /** Incidents that started in the window and are not restored yet. */
  unrestored: number;
  medianMs: number | null;
  meanMs: number | null;
}

/** One bucket of the time series: what finished in [start, start + bucket). */
export interface MetricsPoint {
  start: Date;
  counted: number;
  succeeded: number;
  /** FAILED, ROLLED_BACK and ROLLBACK_FAILED. */
  failed: number;
  /** ROLLED_BACK and ROLLBACK_FAILED. */
  rolledBack: number;
  changeFailures: number;
  medianDurationMs: number | null;
  medianLeadTimeMs: number | null;
  /** Incidents that started in the bucket and were restored. */
  restored: number;
  medianRestoreMs: number | null;
}

export interface DeploymentMetrics {
  counted: number;
  succeeded: number;
  failed: number;
  rolledBack: number;
  /** Ended in the window without changing the environment: cancelled, rejected, expired, superseded… */
  notRun: number;
  successRate: number | null;
  failureRate: number | null;
  rollbackRate: number | null;
  duration: DurationStats;
  /** SUCCEEDED deployments, and how many per day of the window. */
  deploymentFrequency: { deployments: number; perDay: number };
  leadTime: LeadTimeStats;
  /** Counted deployments that failed, or succeeded and were rolled back later. */
  changeFailures: number;
  changeFailureRate: number | null;
  timeToRestore: TimeToRestoreStats;
  series: MetricsPoint[];
}

/** A run of consecutive failures, from the first one's end to the success that ended it. */
interface Incident {
  startedAt: number;
  restoredAt: number | null;
}

/** A counted deployment of the window, reduced to numbers. */
interface Counted {
  finishedAt: number;
  succeeded: boolean;
  failed: boolean;
  rolledBack: boolean;
  changeFailure: boolean;
  durationMs: number;
  leadTimesMs: number[];
}

/**
 * The metrics of one environment over the window. `facts` holds every deployment that ended in the
 * window; for time to restore it must also hold the last counted deployment that ended before it (an
 * incident may have started earlier) and the first success after it (it may restore an incident of
 * the window). Anything more is ignored, so the environment's whole history is fine too.
 */
export function deploymentMetrics(
  facts: readonly DeploymentFact[],
  window: MetricsWindow,
  bucket: MetricsBucket,
): DeploymentMetrics {
  const since = window.since.getTime();
  const until = window.until.getTime();
  if (!(until > since)) throw new RangeError('until must be after since');
  const inWindow = (time: number) => time >= since && time < until;

  const ended = facts.filter(
    (fact): fact is DeploymentFact & { finishedAt: Date } =>
      fact.finishedAt !== null && inWindow(fact.finishedAt.getTime()),
  );
  const counted = ended.filter(isCounted).map(toCounted);
  const incidents = incidentsOf(facts).filter((incident) => inWindow(incident.startedAt));
  const restores = incidents.flatMap((incident) =>
    incident.restoredAt === null
      ? []
      : [{ startedAt: incident.startedAt, ms: incident.restoredAt - incident.startedAt }],
  );
  const restoreTimes = restores.map((restore) => restore.ms);
  const durations = counted.map((deployment) => deployment.durationMs);
  const leadTimes = counted.flatMap((deployment) => deployment.leadTimesMs);
  const tally = tallyOf(counted);
  const share = (part: number) => (counted.length === 0 ? null : part / counted.length);
  return {
    ...tally,
    notRun: ended.length - counted.length,
    successRate: share(tally.succeeded),
    failureRate: share(tally.failed),
    rollbackRate: share(tally.rolledBack),
    duration: {
      meanMs: mean(durations),
      medianMs: percentile(durations, 0.5),
      p90Ms: percentile(durations, 0.9),
    },
    deploymentFrequency: {
      deployments: tally.succeeded,
      perDay: tally.succeeded / ((until - since) / DAY_MS),
    },
    leadTime: {
      commits: leadTimes.length,
      medianMs: percentile(leadTimes, 0.5),
      p90Ms: percentile(leadTimes, 0.9),
    },
    changeFailureRate: share(tally.changeFailures),
    timeToRestore: {
      restored: restores.length,
      unrestored: incidents.length - restores.length,
      medianMs: percentile(restoreTimes, 0.5),
      meanMs: mean(restoreTimes),
    },
    series: seriesOf(window, bucket, counted, restores),
  };
}

/** Each bucket's deployments (by when they finished) and restored incidents (by when they started). */
function seriesOf(
  window: MetricsWindow,
  bucket: MetricsBucket,
  counted: readonly Counted[],
  restores: ReadonlyArray<{ startedAt: number; ms: number }>,
): MetricsPoint[] {
  const first = bucketStart(window.since.getTime(), bucket);
  const index = (time: number) => Math.floor((time - first) / BUCKET_MS[bucket]);
  return Array.from({ length: metricsBucketCount(window, bucket) }, (_, position) => {
    const deployments = counted.filter((deployment) => index(deployment.finishedAt) === position);
    const restoreTimes = restores
      .filter((restore) => index(restore.startedAt) === position)
      .map((restore) => restore.ms);
    return {
      start: new Date(first + position * BUCKET_MS[bucket]),
      ...tallyOf(deployments),
      medianDurationMs: percentile(
        deployments.map((deployment) => deployment.durationMs),
        0.5,
      ),
      medianLeadTimeMs: percentile(
        deployments.flatMap((deployment) => deployment.leadTimesMs),
        0.5,
      ),
      restored: restoreTimes.length,
      medianRestoreMs: percentile(restoreTimes, 0.5),
    };
  });
}

/** How many buckets cover the window: the first starts at or before `since`, the last ends at or after. */
export function metricsBucketCount(window: MetricsWindow, bucket: MetricsBucket): number {
  return Math.ceil(
    (window.until.getTime() - bucketStart(window.since.getTime(), bucket)) / BUCKET_MS[bucket],
  );
}

/** UTC midnight of the day, or of the Monday that starts the week (ISO weeks). */
function bucketStart(time: number, bucket: MetricsBucket): number {
  const day = Math.floor(time / DAY_MS);
  // 1970-01-01, day 0, was a Thursday: three days after a Monday.
  const sinceMonday = bucket === 'WEEK' ? (((day + 3) % 7) + 7) % 7 : 0;
  return (day - sinceMonday) * DAY_MS;
}

function isCounted(fact: DeploymentFact): fact is DeploymentFact & { startedAt: Date; finishedAt: Date } {
  return (
    fact.startedAt !== null &&
    fact.finishedAt !== null &&
    (COUNTED_STATUSES as readonly DeploymentStatus[]).includes(fact.status)
  );
}

function toCounted(fact: DeploymentFact & { startedAt: Date; finishedAt: Date }): Counted {
  const finishedAt = fact.finishedAt.getTime();
  const succeeded = fact.status === 'SUCCEEDED';
  const failed = FAILURE_STATUSES.includes(fact.status);
  return {
    finishedAt,
    succeeded,
    failed,
    rolledBack: ROLLBACK_STATUSES.includes(fact.status),
    changeFailure: failed || (succeeded && fact.rolledBackLater),
    durationMs: finishedAt - fact.startedAt.getTime(),
    leadTimesMs: succeeded ? fact.commitTimes.map((committedAt) => finishedAt - committedAt.getTime()) : [],
  };
}

function tallyOf(
  counted: readonly Counted[],
): Pick<MetricsPoint, 'counted' | 'succeeded' | 'failed' | 'rolledBack' | 'changeFailures'> {
  const count = (test: (deployment: Counted) => boolean) => counted.filter(test).length;
  return {
    counted: counted.length,
    succeeded: count((deployment) => deployment.succeeded),
    failed: count((deployment) => deployment.failed),
    rolledBack: count((deployment) => deployment.rolledBack),
    changeFailures: count((deployment) => deployment.changeFailure),
  };
}

/**
 * The environment's incidents in finishing order: a failure after a success (or as the first counted
 * deployment) opens one, further failures belong to it, the next success restores it.
 */
function incidentsOf(facts: readonly DeploymentFact[]): Incident[] {
  const ordered = facts
    .filter(isCounted)
    .map((fact) => ({ finishedAt: fact.finishedAt.getTime(), succeeded: fact.status === 'SUCCEEDED' }))
    .sort((a, b) => a.finishedAt - b.finishedAt);
  const incidents: Incident[] = [];
  let open: Incident | null = null;
  for (const deployment of ordered) {
    if (!deployment.succeeded && open === null) {
      open = { startedAt: deployment.finishedAt, restoredAt: null };
      incidents.push(open);
    } else if (deployment.succeeded && open !== null) {
      open.restoredAt = deployment.finishedAt;
      open = null;
    }
  }
  return incidents;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Linear interpolation between the closest ranks, as PostgreSQL's percentile_cont; null when empty. */
function percentile(values: readonly number[], fraction: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = fraction * (sorted.length - 1);
  const below = sorted[Math.floor(rank)]!;
  const above = sorted[Math.ceil(rank)]!;
  return below + (above - below) * (rank - Math.floor(rank));
}
