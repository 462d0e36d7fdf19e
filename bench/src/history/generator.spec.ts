import {
  ENVIRONMENTS,
  generateHistory,
  HISTORY_DAYS,
  type EnvironmentReleaseRow,
  type GeneratedDeployment,
  type HistoryShape,
} from './generator';

const END = new Date('2026-06-01T00:00:00.000Z');
const SHAPE: HistoryShape = { seed: 7, deployments: 30_000, end: END };
const DAY_MS = 86_400_000;

function generate(shape: HistoryShape): {
  deployments: GeneratedDeployment[];
  releases: EnvironmentReleaseRow[];
} {
  const deployments: GeneratedDeployment[] = [];
  const history = generateHistory(shape);
  for (let next = history.next(); ; next = history.next()) {
    if (next.done === true) return { deployments, releases: next.value };
    deployments.push(next.value);
  }
}

const { deployments, releases } = generate(SHAPE);
const states = deployments.map(({ deployment }) => deployment);
const share = (count: number): number => count / states.length;
const inEnvironment = (environment: string) => states.filter((state) => state.environment === environment);

describe('the generated deployment history', () => {
  it('holds exactly the deployments asked for, queued over the two years before its end, oldest first', () => {
    expect(states).toHaveLength(SHAPE.deployments);
    const queued = states.map((state) => Date.parse(state.queuedAt));
    expect(Math.min(...queued)).toBeGreaterThanOrEqual(END.getTime() - HISTORY_DAYS * DAY_MS);
    expect(Math.max(...queued)).toBeLessThan(END.getTime());
    expect(queued.every((at, index) => index === 0 || at >= queued[index - 1]!)).toBe(true);
  });

  it('is the same for the same seed and end, and different for another seed', () => {
    const fingerprint = (history: GeneratedDeployment[]): string =>
      history
        .slice(0, 500)
        .map(({ deployment, events }) => `${deployment.id} ${deployment.status} ${events.at(-1)!.eventId}`)
        .join('\n');
    const small = { ...SHAPE, deployments: 500 };
    const first = generate(small).deployments;
    expect(fingerprint(generate(small).deployments)).toBe(fingerprint(first));
    expect(fingerprint(generate({ ...small, seed: 8 }).deployments)).not.toBe(fingerprint(first));
  });

  it('numbers each deployment’s events from 1, in time order, each recorded just after it occurred', () => {
    const wellFormed = ({ deployment, events }: GeneratedDeployment): boolean =>
      deployment.lastSequence === events.length &&
      events.every(
        (event, index) =>
          event.sequence === index + 1 &&
          event.deploymentId === deployment.id &&
          event.recordedAt > event.occurredAt &&
          (index === 0 || event.occurredAt >= events[index - 1]!.occurredAt),
      );
    expect(
      deployments.filter((generated) => !wellFormed(generated)).map(({ deployment }) => deployment.id),
    ).toEqual([]);
  });

  it('runs one deployment at a time in each environment', () => {
    const busyUntil = new Map<string, number>();
    for (const state of [...states].filter((s) => s.startedAt !== null).sort(byStart)) {
      const lane = `${state.project} ${state.environment}`;
      expect(Date.parse(state.startedAt!)).toBeGreaterThan(busyUntil.get(lane) ?? -Infinity);
      busyUntil.set(lane, Date.parse(state.finishedAt!));
    }
  });

  it('looks like real traffic: busier in development, on weekdays, and mostly successful', () => {
    const [development, staging, production] = ENVIRONMENTS.map((name) => inEnvironment(name).length);
    expect(development).toBeGreaterThan(staging!);
    expect(staging).toBeGreaterThan(production!);
    const succeeded = share(states.filter((state) => state.status === 'SUCCEEDED').length);
    expect(succeeded).toBeGreaterThan(0.85);
    expect(succeeded).toBeLessThan(0.9);
    for (const status of ['FAILED', 'ROLLED_BACK', 'CANCELLED'] as const) {
      expect(states.some((state) => state.status === status)).toBe(true);
    }
    const weekend = states.filter((state) => [0, 6].includes(new Date(state.queuedAt).getUTCDay())).length;
    expect(weekend / states.length).toBeLessThan(0.1);
    const durations = states
      .filter((state) => state.startedAt !== null)
      .map((state) => Date.parse(state.finishedAt!) - Date.parse(state.startedAt!));
    expect(Math.min(...durations)).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...durations)).toBeLessThan(3_600_000);
  });

  it('asks approval in production only, where some deployments are rejected or expire', () => {
    const waited = (state: { approvalsRemaining: number | null }) => state.approvalsRemaining !== null;
    expect(inEnvironment('production').every(waited)).toBe(true);
    expect(states.filter((state) => state.environment !== 'production').some(waited)).toBe(false);
    for (const status of ['REJECTED', 'EXPIRED'] as const) {
      expect(inEnvironment('production').some((state) => state.status === status)).toBe(true);
      expect(states.some((state) => state.status === status && state.environment !== 'production')).toBe(
        false,
      );
    }
  });

  it('gives each production deployment a release diff of 1 to 5 commits, made before it was queued', () => {
    const production = deployments.filter(({ deployment }) => deployment.environment === 'production');
    expect(production.every(({ diff }) => diff !== null)).toBe(true);
    expect(
      deployments.some(({ deployment, diff }) => diff !== null && deployment.environment !== 'production'),
    ).toBe(false);
    for (const { deployment, diff } of production) {
      expect(diff!.commits.length).toBeGreaterThanOrEqual(1);
      expect(diff!.commits.length).toBeLessThanOrEqual(5);
      for (const commit of diff!.commits) expect(commit.committedAt < deployment.queuedAt).toBe(true);
    }
    const forward = production.filter(({ diff }) => diff!.direction === 'FORWARD');
    expect(forward.length / production.length).toBeGreaterThan(0.9);
    expect(forward.every(({ diff }) => !diff!.truncated)).toBe(true);
  });

  it('marks bad the commit a hand-made rollback replaces, and the commit a failed deployment rolled back', () => {
    const rollbacks = states.filter((state) => state.trigger.type === 'rollback');
    expect(rollbacks.length).toBeGreaterThan(0);
    const bad = new Map(
      deployments.flatMap(({ badCommits }) =>
        badCommits.map((row) => [`${row.project} ${row.environment} ${row.commitSha}`, row] as const),
      ),
    );
    for (const rollback of rollbacks) {
      if (rollback.trigger.type !== 'rollback' || rollback.trigger.replacing === null) continue;
      expect(bad.has(`${rollback.project} ${rollback.environment} ${rollback.trigger.replacing}`)).toBe(true);
    }
    for (const state of states.filter((s) => s.status === 'ROLLED_BACK' && s.commitSha !== null)) {
      expect(bad.has(`${state.project} ${state.environment} ${state.commitSha!}`)).toBe(true);
    }
  });

  it('names as each environment’s release its newest success by finish time, and the one before it', () => {
    expect(releases).toHaveLength(50 * ENVIRONMENTS.length);
    for (const release of releases) {
      const successes = states
        .filter(
          (state) =>
            state.project === release.project &&
            state.environment === release.environment &&
            state.status === 'SUCCEEDED',
        )
        .sort((a, b) => b.finishedAt!.localeCompare(a.finishedAt!) || b.id.localeCompare(a.id));
      expect([release.deploymentId, release.previousDeploymentId]).toEqual([
        successes[0]?.id,
        successes[1]?.id ?? null,
      ]);
      expect(release.deployedAt).toBe(successes[0]?.finishedAt);
    }
  });
});

function byStart(a: { startedAt: string | null }, b: { startedAt: string | null }): number {
  return a.startedAt!.localeCompare(b.startedAt!);
}
