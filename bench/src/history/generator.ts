/**
 * Two years of deployment history for 50 projects × 3 environments, as the audit service would have
 * stored it: each deployment's events (a sequence applyDeploymentEvent accepts) and the read models
 * those events produce. Pure and deterministic: the same shape (seed, size, end) gives the same rows,
 * one deployment at a time, in the order they were queued, never the whole history at once.
 *
 * The shape of it: more deployments in development than in production, weekday and office-hour peaks,
 * a little more traffic each month; ~88% succeed, the rest fail before or during their steps (most
 * roll back), are cancelled, superseded or blocked by a freeze, and in production are rejected or
 * expire waiting for approval. Every environment runs one deployment at a time. Commits arrive with
 * development deployments, staging deploys what succeeded in development, production 1 to 5 commits
 * more than it runs, as far as staging has gone (with its release diff: the commits it brings), and now
 * and then someone rolls production or staging back by hand, which marks the replaced commit bad.
 */
import {
  applyDeploymentEvent,
  type DeploymentEventBody,
  type DeploymentEventEnvelope,
  type DeploymentState,
  type DeploymentTrigger,
  type ReleaseDiff,
  type ReleaseDiffCommit,
  type ReleaseDiffDirection,
} from '@slipway/domain';
import { SeededRandom } from './random';

/** Bump whenever the same seed would generate different rows: the kept database is named after it. */
export const GENERATOR_VERSION = 2;
export const HISTORY_DAYS = 730;
export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** A release diff lists at most this many commits (the newest); `truncated` says when more differ. */
const DIFF_COMMITS = 5;
const APPROVAL_TIMEOUT_MS = DAY_MS;

export const PROJECT_NAMES: readonly string[] = [
  'billing',
  'checkout',
  'search',
  'identity',
  'inventory',
  'payments',
  'notifications',
  'catalog',
  'shipping',
  'analytics',
].flatMap((domain) => ['api', 'web', 'worker', 'gateway', 'jobs'].map((part) => `${domain}-${part}`));

/** Words the commit messages and failure reasons are made of; the bench searches for some of them. */
const TOPICS = [
  'checkout flow',
  'invoice export',
  'payment retry',
  'login timeout',
  'cache invalidation',
  'rate limiter',
  'search ranking',
  'webhook signature check',
  'database pool size',
  'feature flag cleanup',
  'email templates',
  'audit logging',
  'health endpoint',
  'dependency bumps',
  'onboarding wizard',
  'csv import',
  'currency rounding',
  'session expiry',
  'image resizing',
  'retry backoff',
];
const VERBS = ['Fix', 'Add', 'Update', 'Remove', 'Refactor', 'Speed up', 'Simplify', 'Handle', 'Log', 'Test'];
const STEP_ERRORS = [
  'health check timed out after 30s',
  'expected HTTP 200 from /health, got 503',
  'connection refused by db-primary:5432',
  'column "region" already exists',
  'exit code 137 (out of memory)',
  'rate limited by the container registry',
  'TLS handshake timeout',
  'no space left on device',
];
const BUILD_ERRORS = [
  'npm ci exited with code 1',
  'docker build failed: no space left on device',
  'test suite failed: 3 failing',
];
const REJECTIONS = ['not during the sale', 'wait for the incident review', 'missing changelog', ''];
const PEOPLE = [
  'alice',
  'bruno',
  'chloe',
  'dmitri',
  'emma',
  'farid',
  'grace',
  'hugo',
  'ines',
  'jonas',
  'keiko',
  'liam',
  'maya',
  'nadia',
  'omar',
  'priya',
  'quentin',
  'rosa',
  'sven',
  'tara',
].flatMap((first) => ['martin', 'okafor', 'tanaka'].map((last) => `${first}.${last}`));
const PIPELINES = [
  ['build', 'migrate', 'deploy', 'health-check'],
  ['deploy', 'smoke-test'],
  ['render-config', 'deploy', 'health-check'],
  ['migrate', 'deploy', 'warm-cache', 'smoke-test', 'health-check'],
];
const STEP_MEDIAN_MS: Record<string, number> = {
  build: 90_000,
  migrate: 20_000,
  deploy: 45_000,
  'health-check': 15_000,
  'smoke-test': 30_000,
  'render-config': 3_000,
  'warm-cache': 25_000,
};
const ENVIRONMENT_SHARE: Record<Environment, number> = { development: 0.55, staging: 0.28, production: 0.17 };
/** UTC hours 0–23 and their weights: office hours busy, nights quiet. */
const HOURS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 16, 16, 15, 10, 14, 16, 16, 14, 10, 6, 4, 3, 2, 1, 1].map(
  (weight, hour) => [hour, weight] as const,
);

/** How a deployment ends; picked first, then its events are written to get there. */
type Outcome =
  | 'SUCCEEDED'
  | 'BUILD_FAILED'
  | 'STEP_FAILED'
  | 'ROLLED_BACK'
  | 'ROLLBACK_FAILED'
  | 'CANCELLED_QUEUED'
  | 'CANCELLED_RUNNING'
  | 'SUPERSEDED'
  | 'BLOCKED'
  | 'REJECTED'
  | 'EXPIRED';

const OUTCOMES: Record<Environment, ReadonlyArray<readonly [Outcome, number]>> = {
  development: [
    ['SUCCEEDED', 0.885],
    ['BUILD_FAILED', 0.02],
    ['STEP_FAILED', 0.025],
    ['ROLLED_BACK', 0.035],
    ['ROLLBACK_FAILED', 0.003],
    ['CANCELLED_QUEUED', 0.007],
    ['CANCELLED_RUNNING', 0.01],
    ['SUPERSEDED', 0.015],
  ],
  staging: [
    ['SUCCEEDED', 0.885],
    ['STEP_FAILED', 0.03],
    ['ROLLED_BACK', 0.045],
    ['ROLLBACK_FAILED', 0.003],
    ['CANCELLED_QUEUED', 0.007],
    ['CANCELLED_RUNNING', 0.008],
    ['SUPERSEDED', 0.015],
    ['BLOCKED', 0.007],
  ],
  production: [
    ['SUCCEEDED', 0.87],
    ['STEP_FAILED', 0.025],
    ['ROLLED_BACK', 0.04],
    ['ROLLBACK_FAILED', 0.004],
    ['CANCELLED_QUEUED', 0.006],
    ['CANCELLED_RUNNING', 0.005],
    ['SUPERSEDED', 0.01],
    ['BLOCKED', 0.008],
    ['REJECTED', 0.02],
    ['EXPIRED', 0.012],
  ],
};
/** A hand-made rollback puts back a release that ran before: it rarely fails. */
const ROLLBACK_OUTCOMES: ReadonlyArray<readonly [Outcome, number]> = [
  ['SUCCEEDED', 0.96],
  ['STEP_FAILED', 0.04],
];
/** After a success, how likely the next deployment there is someone rolling it back by hand. */
const MANUAL_ROLLBACK_CHANCE: Record<Environment, number> = {
  development: 0,
  staging: 0.01,
  production: 0.03,
};

export interface HistoryShape {
  seed: number;
  deployments: number;
  /** The history covers the HISTORY_DAYS before this moment (best a UTC midnight). */
  end: Date;
}

/** An event as stored: the envelope, and when the audit service recorded it. */
export interface GeneratedEvent extends DeploymentEventEnvelope {
  recordedAt: string;
}

export interface ReleaseRow {
  project: string;
  commitSha: string;
  commitMessage: string;
  artifactDigest: string;
  artifactSize: number;
  createdAt: string;
}

export interface BadCommitRow {
  project: string;
  environment: string;
  commitSha: string;
  deploymentId: string;
  reason: string;
  markedAt: string;
}

export interface ReleaseDiffRow extends ReleaseDiff {
  deploymentId: string;
}

export interface EnvironmentReleaseRow {
  project: string;
  environment: string;
  deploymentId: string;
  ref: string;
  commitSha: string | null;
  commitMessage: string | null;
  artifactDigest: string | null;
  actor: string;
  deployedAt: string;
  previousDeploymentId: string | null;
  previousCommitSha: string | null;
  previousDeployedAt: string | null;
}

/** One deployment: its events, and every read-model row they add (deployment_steps are in `deployment`). */
export interface GeneratedDeployment {
  deployment: DeploymentState;
  events: GeneratedEvent[];
  release: ReleaseRow | null;
  badCommits: BadCommitRow[];
  diff: ReleaseDiffRow | null;
}

export interface Project {
  index: number;
  name: string;
  repositoryUrl: string;
}

export function projectsOf(): Project[] {
  return PROJECT_NAMES.map((name, index) => ({
    index,
    name,
    repositoryUrl: `https://git.example.com/acme/${name}`,
  }));
}

/**
 * The deployments, oldest queued first; when they are all out, the generator returns what runs in each
 * environment at the end (environment_releases).
 */
export function* generateHistory(
  shape: HistoryShape,
): Generator<GeneratedDeployment, EnvironmentReleaseRow[]> {
  if (!Number.isInteger(shape.deployments) || shape.deployments < 1) {
    throw new Error(`deployments must be a whole number above 0, not ${shape.deployments}`);
  }
  const history = new History(shape);
  const start = shape.end.getTime() - HISTORY_DAYS * DAY_MS;
  const perDay = dailyCounts(history.random, start, shape.deployments);
  for (const [day, count] of perDay.entries()) {
    const dayStart = start + day * DAY_MS;
    const arrivals = Array.from({ length: count }, () => ({
      at: dayStart + timeOfDay(history.random),
      lane: history.pickLane(),
    })).sort((a, b) => a.at - b.at);
    for (const { at, lane } of arrivals) yield history.deploy(lane, at);
  }
  return history.environmentReleases();
}

/** Deployments per day: weekdays busy, weekends quiet, a little more each month; exactly `total` in all. */
function dailyCounts(random: SeededRandom, start: number, total: number): number[] {
  const weights = Array.from({ length: HISTORY_DAYS }, (_, day) => {
    const weekday = new Date(start + day * DAY_MS).getUTCDay();
    const week = weekday === 0 ? 0.12 : weekday === 6 ? 0.18 : 1;
    const growth = 0.75 + 0.5 * (day / HISTORY_DAYS);
    return week * growth * random.between(0.85, 1.15);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (weight / sum) * total);
  const counts = exact.map(Math.floor);
  // Largest remainders first, until the days add up to the total.
  const byRemainder = exact.map((value, day) => ({ day, remainder: value - Math.floor(value) }));
  byRemainder.sort((a, b) => b.remainder - a.remainder || a.day - b.day);
  let missing = total - counts.reduce((a, b) => a + b, 0);
  for (const { day } of byRemainder) {
    if (missing === 0) break;
    counts[day]! += 1;
    missing -= 1;
  }
  return counts;
}

function timeOfDay(random: SeededRandom): number {
  const hour = pickWeighted(random, HOURS);
  return hour * 3_600_000 + Math.floor(random.next() * 3_600_000);
}

function pickWeighted<T>(random: SeededRandom, choices: ReadonlyArray<readonly [T, number]>): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random.next() * total;
  for (const [choice, weight] of choices) {
    point -= weight;
    if (point < 0) return choice;
  }
  return choices.at(-1)![0];
}

interface Commit {
  sha: string;
  message: string;
  author: string;
  committedAt: number;
  pullRequest: number | null;
  artifactDigest: string;
  artifactSize: number;
}

/** A success in an environment: what environment_releases and later deployments need of it. */
interface Success {
  id: string;
  commit: number;
  finishedAt: number;
  ref: string;
  actor: string;
  commitSha: string | null;
  commitMessage: string | null;
  artifactDigest: string | null;
}

interface ProjectState extends Project {
  team: string[];
  steps: string[];
  /** When each commit on main was made, by its position; the rest of a commit is derived from it. */
  commitTimes: number[];
}

/** One environment of one project: one deployment runs there at a time. */
interface Lane {
  project: ProjectState;
  environment: Environment;
  weight: number;
  /** Chosen ahead, so a superseded deployment can name the one that took its place. */
  nextId: string;
  busyUntil: number;
  /** The newest success by finish time (then id), and the one before it. */
  current: Success | null;
  previous: Success | null;
  rollbackDue: boolean;
}

interface Plan {
  id: string;
  queuedAt: number;
  ref: string;
  actor: string;
  trigger: DeploymentTrigger;
  commit: number;
  outcome: Outcome;
  diff: ReleaseDiff | null;
}

class History {
  readonly random: SeededRandom;
  private readonly seed: number;
  private readonly end: number;
  private readonly projects: ProjectState[];
  private readonly lanes: Lane[];
  private readonly cumulativeWeights: number[];
  private readonly releases = new Set<string>();
  private readonly badCommits = new Set<string>();

  constructor(shape: HistoryShape) {
    this.seed = shape.seed;
    this.end = shape.end.getTime();
    this.random = new SeededRandom(shape.seed);
    this.projects = projectsOf().map((project) => ({
      ...project,
      team: Array.from({ length: 6 }, () => this.random.pick(PEOPLE)),
      steps: PIPELINES[project.index % PIPELINES.length]!,
      commitTimes: [],
    }));
    const busyness = this.projects.map(() => this.random.logNormal(1, 0.5));
    this.lanes = this.projects.flatMap((project) =>
      ENVIRONMENTS.map((environment) => ({
        project,
        environment,
        weight: busyness[project.index]! * ENVIRONMENT_SHARE[environment],
        nextId: this.random.uuid(),
        busyUntil: 0,
        current: null,
        previous: null,
        rollbackDue: false,
      })),
    );
    let sum = 0;
    this.cumulativeWeights = this.lanes.map((lane) => (sum += lane.weight));
  }

  pickLane(): Lane {
    const point = this.random.next() * this.cumulativeWeights.at(-1)!;
    let low = 0;
    let high = this.cumulativeWeights.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulativeWeights[middle]! > point) high = middle;
      else low = middle + 1;
    }
    return this.lanes[low]!;
  }

  deploy(lane: Lane, queuedAt: number): GeneratedDeployment {
    const plan = this.plan(lane, queuedAt);
    const events = this.events(lane, plan);
    const deployment = events.reduce<DeploymentState | null>(applyDeploymentEvent, null)!;
    if (deployment.status === 'SUCCEEDED') this.succeeded(lane, plan, deployment);
    if (deployment.startedAt !== null) lane.busyUntil = Date.parse(deployment.finishedAt!);
    return { deployment, events, ...this.sideReadModels(deployment, events) };
  }

  environmentReleases(): EnvironmentReleaseRow[] {
    return this.lanes.flatMap(({ project, environment, current, previous }) =>
      current === null
        ? []
        : [
            {
              project: project.name,
              environment,
              deploymentId: current.id,
              ref: current.ref,
              commitSha: current.commitSha,
              commitMessage: current.commitMessage,
              artifactDigest: current.artifactDigest,
              actor: current.actor,
              deployedAt: iso(current.finishedAt),
              previousDeploymentId: previous?.id ?? null,
              previousCommitSha: previous?.commitSha ?? null,
              previousDeployedAt: previous === null ? null : iso(previous.finishedAt),
            },
          ],
    );
  }

  /** Who deploys what, why, and how it will end. */
  private plan(lane: Lane, queuedAt: number): Plan {
    const { random } = this;
    const { project, environment } = lane;
    const id = lane.nextId;
    lane.nextId = random.uuid();
    const person = random.pick(project.team);
    const base = { id, queuedAt, diff: null };

    // A rollback puts back the release that ran before, when that was another commit.
    if (
      lane.rollbackDue &&
      lane.current !== null &&
      lane.previous !== null &&
      lane.previous.commit !== lane.current.commit
    ) {
      lane.rollbackDue = false;
      const commit = lane.previous.commit;
      const sha = this.commit(project, commit).sha;
      return {
        ...base,
        ref: sha,
        actor: person,
        trigger: { type: 'rollback', replacing: lane.current.commitSha },
        commit,
        outcome: pickWeighted(random, ROLLBACK_OUTCOMES),
        diff: environment === 'production' ? this.diff(project, lane.current.commit, commit) : null,
      };
    }
    let outcome = pickWeighted(random, OUTCOMES[environment]);
    // Nothing expires after the end of the history.
    if (outcome === 'EXPIRED' && queuedAt + APPROVAL_TIMEOUT_MS > this.end) outcome = 'SUCCEEDED';
    const upstream = (from: Environment): Lane =>
      this.lanes[project.index * ENVIRONMENTS.length + ENVIRONMENTS.indexOf(from)]!;

    if (environment === 'development') {
      const fresh =
        project.commitTimes.length === 0 ? 1 : random.chance(0.45) ? 1 : random.chance(0.18) ? 2 : 0;
      for (let index = 0; index < fresh; index += 1) this.addCommit(project, queuedAt);
      const commit = project.commitTimes.length - 1;
      const pushed = random.chance(0.8);
      return {
        ...base,
        ref: 'main',
        actor: pushed ? this.commit(project, commit).author : person,
        trigger: pushed ? { type: 'push', ref: 'main' } : { type: 'manual' },
        commit,
        outcome,
      };
    }
    const source = upstream(environment === 'staging' ? 'development' : 'staging').current;
    if (project.commitTimes.length === 0) this.addCommit(project, queuedAt);
    const commit =
      environment === 'production'
        ? this.productionCommit(project, lane.current?.commit ?? -1, source?.commit ?? -1, queuedAt)
        : (source?.commit ?? project.commitTimes.length - 1);
    const promoted = source?.commit === commit && random.chance(environment === 'staging' ? 0.65 : 0.45);
    return {
      ...base,
      ref: 'main',
      actor: person,
      trigger: promoted
        ? {
            type: 'promotion',
            after: environment === 'staging' ? 'development' : 'staging',
            deploymentId: source.id,
          }
        : { type: 'manual' },
      commit,
      outcome,
      diff: environment === 'production' ? this.diff(project, lane.current?.commit ?? null, commit) : null,
    };
  }

  /**
   * What production deploys: 1 to 5 commits beyond what runs there, up to what staging has run; when
   * staging has nothing newer, from main; when main has nothing newer either, a fix committed just now.
   */
  private productionCommit(project: ProjectState, running: number, staged: number, queuedAt: number): number {
    const wanted = running + this.random.int(1, DIFF_COMMITS);
    if (staged > running) return Math.min(staged, wanted);
    while (project.commitTimes.length - 1 < wanted) this.addCommit(project, queuedAt);
    return wanted;
  }

  /** The events of one deployment, as the deployment workflow would have recorded them. */
  private events(lane: Lane, plan: Plan): GeneratedEvent[] {
    const { random } = this;
    const { project, environment } = lane;
    const events: GeneratedEvent[] = [];
    let at = plan.queuedAt;
    const after = (ms: number): void => {
      at += Math.max(1, Math.round(ms));
    };
    const record = (body: DeploymentEventBody): void => {
      events.push({
        eventId: random.uuid(),
        deploymentId: plan.id,
        sequence: events.length + 1,
        occurredAt: iso(at),
        recordedAt: iso(at + random.int(2, 40)),
        body,
      });
    };
    const { outcome } = plan;

    record({
      type: 'DEPLOYMENT_QUEUED',
      project: project.name,
      environment,
      ref: plan.ref,
      actor: plan.actor,
      trigger: plan.trigger,
    });
    if (outcome === 'BUILD_FAILED') {
      after(random.logNormal(60_000, 0.6));
      record({ type: 'DEPLOYMENT_FAILED', reason: `build failed: ${random.pick(BUILD_ERRORS)}` });
      return events;
    }
    const commit = this.commit(project, plan.commit);
    const built = !this.releases.has(releaseKey(project.name, commit.sha));
    after(built ? random.logNormal(90_000, 0.5) : random.between(500, 3000));
    record({
      type: 'ARTIFACT_READY',
      commitSha: commit.sha,
      commitMessage: commit.message,
      artifactDigest: commit.artifactDigest,
      artifactSize: commit.artifactSize,
      built,
      commitAuthor: commit.author,
    });
    if (plan.diff !== null) {
      after(random.between(300, 2000));
      record({ type: 'RELEASE_DIFF_READY', ...plan.diff });
    }
    if (environment === 'production') {
      after(random.between(100, 500));
      const requestedAt = at;
      record({
        type: 'APPROVAL_REQUESTED',
        roles: ['release-manager'],
        approvers: 1,
        expiresAt: iso(requestedAt + APPROVAL_TIMEOUT_MS),
        allowSelfApproval: false,
      });
      const approver = random.pick(PEOPLE.filter((person) => person !== plan.actor));
      if (outcome === 'EXPIRED') {
        at = requestedAt + APPROVAL_TIMEOUT_MS;
        record({ type: 'APPROVAL_EXPIRED', reason: 'not approved within 1d' });
        return events;
      }
      after(Math.min(random.logNormal(20 * MINUTE_MS, 1.1), 20 * 3_600_000));
      if (outcome === 'REJECTED') {
        record({ type: 'APPROVAL_REJECTED', actor: approver, comment: random.pick(REJECTIONS) });
        return events;
      }
      record({
        type: 'APPROVAL_GIVEN',
        actor: approver,
        comment: random.chance(0.5) ? 'lgtm' : '',
        remaining: 0,
      });
    }
    if (outcome === 'SUPERSEDED') {
      after(random.between(5_000, 10 * MINUTE_MS));
      record({
        type: 'DEPLOYMENT_SUPERSEDED',
        reason: `superseded by the newer deployment ${lane.nextId}`,
        by: lane.nextId,
      });
      return events;
    }
    if (outcome === 'BLOCKED') {
      after(random.between(1_000, 5_000));
      record({
        type: 'DEPLOYMENT_BLOCKED',
        reason: `${environment} is frozen (release freeze) until ${iso(at + random.int(1, 48) * 3_600_000)}; deploy with a freeze override and a reason to go ahead`,
      });
      return events;
    }
    if (outcome === 'CANCELLED_QUEUED') {
      after(random.between(5_000, 5 * MINUTE_MS));
      record({ type: 'DEPLOYMENT_CANCELLED', reason: 'cancelled before any step ran' });
      return events;
    }

    // The environment runs one deployment at a time: this one starts when the one before has ended.
    at = Math.max(at + Math.round(random.between(300, 4000)), lane.busyUntil + random.int(200, 2000));
    record({
      type: 'DEPLOYMENT_STARTED',
      commitSha: commit.sha,
      commitMessage: commit.message,
      steps: project.steps,
    });
    const steps = project.steps;
    const failing =
      outcome === 'STEP_FAILED'
        ? 0
        : outcome === 'ROLLED_BACK' || outcome === 'ROLLBACK_FAILED'
          ? random.int(1, steps.length - 1)
          : outcome === 'CANCELLED_RUNNING'
            ? random.int(0, steps.length - 1)
            : -1;
    let reason = '';
    for (const [step, name] of steps.entries()) {
      record({ type: 'STEP_STARTED', step });
      const duration = Math.min(
        Math.max(random.logNormal(STEP_MEDIAN_MS[name] ?? 20_000, 0.7), 1_000),
        15 * MINUTE_MS,
      );
      if (step === failing) {
        after(Math.max(1_000, duration * random.between(0.2, 1)));
        if (outcome === 'CANCELLED_RUNNING') {
          reason = `cancelled during ${name}`;
          record({ type: 'STEP_CANCELLED', step, output: `${name}: interrupted` });
        } else {
          const error = random.pick(STEP_ERRORS);
          reason = `${name} failed: ${error}`;
          record({ type: 'STEP_FAILED', step, output: `${name}: ${error}`, error });
        }
        break;
      }
      after(duration);
      record({ type: 'STEP_SUCCEEDED', step, output: `${name}: done in ${(duration / 1000).toFixed(1)}s` });
      after(random.between(50, 400));
    }
    if (failing < 0) {
      record({ type: 'DEPLOYMENT_SUCCEEDED' });
      return events;
    }
    const cancelled = outcome === 'CANCELLED_RUNNING';
    if (failing === 0) {
      after(random.between(50, 400));
      record(cancelled ? { type: 'DEPLOYMENT_CANCELLED', reason } : { type: 'DEPLOYMENT_FAILED', reason });
      return events;
    }
    // Compensations run newest first, for every step that had succeeded.
    record({ type: 'ROLLBACK_STARTED', reason });
    const failedRollback = outcome === 'ROLLBACK_FAILED' ? random.int(0, failing - 1) : -1;
    for (let step = failing - 1; step >= 0; step -= 1) {
      const name = steps[step]!;
      record({ type: 'STEP_ROLLBACK_STARTED', step });
      after(random.logNormal(10_000, 0.6));
      if (step === failedRollback) {
        const error = random.pick(STEP_ERRORS);
        record({ type: 'STEP_ROLLBACK_FAILED', step, output: `${name}: ${error}`, error });
      } else {
        record({ type: 'STEP_ROLLED_BACK', step, output: `${name}: restored the previous release` });
      }
    }
    after(random.between(50, 400));
    if (failedRollback >= 0) {
      record({
        type: 'DEPLOYMENT_ROLLBACK_FAILED',
        reason: `${reason}; rollback of ${steps[failedRollback]!} failed`,
      });
    } else if (cancelled) {
      record({ type: 'DEPLOYMENT_CANCELLED', reason });
    } else {
      record({ type: 'DEPLOYMENT_ROLLED_BACK', reason });
    }
    return events;
  }

  /** What a success changes in its environment: what runs there, and maybe a hand-made rollback next. */
  private succeeded(lane: Lane, plan: Plan, deployment: DeploymentState): void {
    const success: Success = {
      id: deployment.id,
      commit: plan.commit,
      finishedAt: Date.parse(deployment.finishedAt!),
      ref: deployment.ref,
      actor: deployment.actor,
      commitSha: deployment.commitSha,
      commitMessage: deployment.commitMessage,
      artifactDigest: deployment.artifactDigest,
    };
    // The rule of environment_releases: the newest success by the moment it succeeded, then by id.
    const newer = (a: Success, b: Success): boolean =>
      a.finishedAt > b.finishedAt || (a.finishedAt === b.finishedAt && a.id > b.id);
    if (lane.current === null || newer(success, lane.current)) {
      lane.previous = lane.current;
      lane.current = success;
    } else if (lane.previous === null || newer(success, lane.previous)) {
      lane.previous = success;
    }
    lane.rollbackDue =
      plan.trigger.type !== 'rollback' && this.random.chance(MANUAL_ROLLBACK_CHANCE[lane.environment]);
  }

  /**
   * The other read models the audit service keeps from these events (its recordReleasesAndBadCommits
   * and recordReleaseDiff): a commit's first artifact is its release; a commit replaced by a hand-made
   * rollback, or rolled back by the saga, is bad for the environment (the first mark stays).
   */
  private sideReadModels(
    deployment: DeploymentState,
    events: GeneratedEvent[],
  ): Pick<GeneratedDeployment, 'release' | 'badCommits' | 'diff'> {
    let release: ReleaseRow | null = null;
    let diff: ReleaseDiffRow | null = null;
    const badCommits: BadCommitRow[] = [];
    const markBad = (commitSha: string, reason: string, markedAt: string): void => {
      const key = `${deployment.project}\u0000${deployment.environment}\u0000${commitSha}`;
      if (this.badCommits.has(key)) return;
      this.badCommits.add(key);
      badCommits.push({
        project: deployment.project,
        environment: deployment.environment,
        commitSha,
        deploymentId: deployment.id,
        reason,
        markedAt,
      });
    };
    for (const { body, occurredAt } of events) {
      if (body.type === 'ARTIFACT_READY') {
        const key = releaseKey(deployment.project, body.commitSha);
        if (this.releases.has(key)) continue;
        this.releases.add(key);
        release = {
          project: deployment.project,
          commitSha: body.commitSha,
          commitMessage: body.commitMessage,
          artifactDigest: body.artifactDigest,
          artifactSize: body.artifactSize,
          createdAt: occurredAt,
        };
      } else if (body.type === 'RELEASE_DIFF_READY') {
        diff = {
          deploymentId: deployment.id,
          from: body.from,
          direction: body.direction,
          commits: body.commits,
          truncated: body.truncated,
        };
      } else if (body.type === 'DEPLOYMENT_QUEUED') {
        if (body.trigger.type === 'rollback' && body.trigger.replacing !== null) {
          markBad(body.trigger.replacing, `rolled back by ${body.actor}`, occurredAt);
        }
      } else if (body.type === 'DEPLOYMENT_ROLLED_BACK' || body.type === 'DEPLOYMENT_ROLLBACK_FAILED') {
        if (deployment.commitSha !== null) markBad(deployment.commitSha, body.reason, occurredAt);
      }
    }
    return { release, badCommits, diff };
  }

  /**
   * The diff between the commit running in production (`from`, a position on main) and the one going
   * out: the newest DIFF_COMMITS commits that arrive (FIRST, FORWARD) or leave (BACKWARD).
   */
  private diff(project: ProjectState, from: number | null, to: number): ReleaseDiff {
    const direction: ReleaseDiffDirection = from === null ? 'FIRST' : from <= to ? 'FORWARD' : 'BACKWARD';
    const [oldest, newest] = from === null ? [-1, to] : from <= to ? [from, to] : [to, from];
    const commits: ReleaseDiffCommit[] = [];
    for (let position = newest; position > oldest && commits.length < DIFF_COMMITS; position -= 1) {
      const { sha, message, author, committedAt, pullRequest } = this.commit(project, position);
      commits.push({ sha, message, author, committedAt: iso(committedAt), pullRequest });
    }
    return {
      from: from === null ? null : this.commit(project, from).sha,
      direction,
      commits,
      truncated: newest - oldest > DIFF_COMMITS,
    };
  }

  /** A new commit on main, made a few minutes to hours before the deployment that brings it. */
  private addCommit(project: ProjectState, deployedAt: number): void {
    const last = project.commitTimes.at(-1) ?? -Infinity;
    const wanted = deployedAt - Math.min(this.random.logNormal(40 * MINUTE_MS, 1), 12 * 3_600_000);
    project.commitTimes.push(Math.round(Math.min(deployedAt - 30_000, Math.max(last + 1_000, wanted))));
  }

  /** Everything about a commit but its time comes from its own seed: no commit is kept in memory. */
  private commit(project: ProjectState, position: number): Commit {
    const random = new SeededRandom(this.seed, project.index, position);
    const pullRequest = random.chance(0.7) ? random.int(100, 9999) : null;
    const message = `${random.pick(VERBS)} ${random.pick(TOPICS)}${pullRequest === null ? '' : ` (#${pullRequest})`}`;
    return {
      sha: random.hex(40),
      message,
      author: random.pick(project.team),
      committedAt: project.commitTimes[position]!,
      pullRequest,
      artifactDigest: `sha256:${random.hex(64)}`,
      artifactSize: random.int(20_000_000, 400_000_000),
    };
  }
}

function releaseKey(project: string, commitSha: string): string {
  return `${project}\u0000${commitSha}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
