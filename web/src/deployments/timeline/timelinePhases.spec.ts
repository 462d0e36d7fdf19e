import { describe, expect, it } from '@jest/globals';
import { timelinePhases, type TimelineEvent } from './timelinePhases';

const at = (minute: number) => `2026-11-27T12:${String(minute).padStart(2, '0')}:00.000Z`;

/** An event without its time: the list gives each the next minute, from 12:00. */
const event = (type: string, detail: string | null = null) => ({ type, detail });

const timeline = (events: ReadonlyArray<Omit<TimelineEvent, 'occurredAt'>>) =>
  timelinePhases(events.map((each, index) => ({ ...each, occurredAt: at(index) })));

const summary = (phases: ReturnType<typeof timelinePhases>['beforeSteps']) =>
  phases.map(({ label, state, startedAt, finishedAt }) => [label, state, startedAt, finishedAt]);

describe('timelinePhases', () => {
  it('lays out the waits before the steps in order, each from its start to the next', () => {
    const { beforeSteps, afterSteps } = timeline([
      event('DEPLOYMENT_QUEUED'),
      event('ARTIFACT_READY', 'built sha256:abc'),
      event('RELEASE_DIFF_READY', '2 commits forward from abc'),
      event('CI_WAITING', 'waiting for test'),
      event('CI_PASSED'),
      event('APPROVAL_REQUESTED', '2 of admin, deployer until 2026-11-28T12:00:00.000Z'),
      event('APPROVAL_GIVEN', 'ada: looks good'),
      event('APPROVAL_GIVEN', 'bo'),
      event('QUEUED_BEHIND', 'waiting for deployment d-0 to finish'),
      event('DEPLOYMENT_STARTED'),
      event('STEP_STARTED'),
      event('DEPLOYMENT_SUCCEEDED'),
    ]);
    expect(summary(beforeSteps)).toEqual([
      ['Queued', 'done', at(0), at(0)],
      ['Build', 'done', at(0), at(1)],
      ['CI', 'done', at(3), at(4)],
      ['Approval', 'done', at(5), at(8)],
      ['Waiting for the environment', 'done', at(8), at(9)],
    ]);
    expect(beforeSteps.map((phase) => phase.detail)).toEqual([
      null,
      'Built the artifact',
      'Passed',
      'Approved by ada: looks good; bo',
      'Waiting for deployment d-0 to finish',
    ]);
    expect(afterSteps).toEqual([]);
  });

  it('says what an approval asks for and until when', () => {
    const { beforeSteps } = timeline([
      event('DEPLOYMENT_QUEUED'),
      event('ARTIFACT_READY', 'reused sha256:abc'),
      event('APPROVAL_REQUESTED', '1 of admin until 2026-11-28T12:00:00.000Z'),
    ]);
    expect(beforeSteps[1]?.detail).toBe('Reused the artifact built before');
    expect(beforeSteps[2]).toMatchObject({
      label: 'Approval',
      state: 'active',
      finishedAt: null,
      detail: 'Needs one approval (admin)',
      until: '2026-11-28T12:00:00.000Z',
    });
  });

  it('keeps the current wait open while the deployment waits', () => {
    const { beforeSteps } = timeline([event('DEPLOYMENT_QUEUED')]);
    expect(summary(beforeSteps)).toEqual([
      ['Queued', 'done', at(0), at(0)],
      ['Build', 'active', at(0), null],
    ]);
  });

  it('marks a failed build, a failed CI check and a rejection as failures', () => {
    const build = timeline([event('DEPLOYMENT_QUEUED'), event('DEPLOYMENT_FAILED', 'npm ci failed')]);
    expect(build.beforeSteps[1]).toMatchObject({ label: 'Build', state: 'failed', finishedAt: at(1) });

    const ci = timeline([
      event('DEPLOYMENT_QUEUED'),
      event('ARTIFACT_READY', 'built sha256:abc'),
      event('CI_WAITING', 'waiting for test'),
      event('CI_FAILED', 'test failed'),
      event('DEPLOYMENT_FAILED', 'CI failed'),
    ]);
    expect(ci.beforeSteps[2]).toMatchObject({ label: 'CI', state: 'failed', detail: 'Test failed' });

    const rejected = timeline([
      event('DEPLOYMENT_QUEUED'),
      event('ARTIFACT_READY', 'built sha256:abc'),
      event('APPROVAL_REQUESTED', '1 of admin until 2026-11-28T12:00:00.000Z'),
      event('APPROVAL_REJECTED', 'ada: not today'),
    ]);
    expect(rejected.beforeSteps[2]).toMatchObject({ state: 'failed', detail: 'Rejected by ada: not today' });
  });

  it('stops a wait that a cancel, a newer deployment or a freeze ended', () => {
    const cancelled = timeline([
      event('DEPLOYMENT_QUEUED'),
      event('ARTIFACT_READY', 'built sha256:abc'),
      event('APPROVAL_REQUESTED', '1 of admin until 2026-11-28T12:00:00.000Z'),
      event('DEPLOYMENT_CANCELLED', 'cancelled before any step ran'),
    ]);
    expect(cancelled.beforeSteps[2]).toMatchObject({ label: 'Approval', state: 'stopped' });

    const superseded = timeline([
      event('DEPLOYMENT_QUEUED'),
      event('ARTIFACT_READY', 'built sha256:abc'),
      event('QUEUED_BEHIND', 'waiting for deployment d-0 to finish'),
      event('DEPLOYMENT_SUPERSEDED', 'superseded by the newer deployment d-2'),
    ]);
    expect(summary(superseded.beforeSteps).slice(2)).toEqual([
      ['Waiting for the environment', 'stopped', at(2), at(3)],
      ['Superseded', 'stopped', at(3), at(3)],
    ]);

    const blocked = timeline([event('DEPLOYMENT_QUEUED'), event('DEPLOYMENT_BLOCKED', 'frozen')]);
    expect(blocked.beforeSteps.at(-1)).toMatchObject({
      label: 'Blocked by a freeze',
      state: 'failed',
      detail: 'frozen',
    });
  });

  it('puts a rollback after the steps, done or failed as it ended', () => {
    const start = [
      event('DEPLOYMENT_QUEUED'),
      event('ARTIFACT_READY', 'built sha256:abc'),
      event('DEPLOYMENT_STARTED'),
      event('ROLLBACK_STARTED', 'health-check failed: exit 1'),
    ];
    const rolledBack = timeline([...start, event('DEPLOYMENT_ROLLED_BACK', 'health-check failed')]);
    expect(summary(rolledBack.afterSteps)).toEqual([['Rollback', 'done', at(3), at(4)]]);
    expect(rolledBack.afterSteps[0]?.detail).toBe('Health-check failed: exit 1');

    const broken = timeline([...start, event('DEPLOYMENT_ROLLBACK_FAILED', 'rollback of release failed')]);
    expect(broken.afterSteps[0]).toMatchObject({ state: 'failed' });

    const running = timeline(start);
    expect(running.afterSteps[0]).toMatchObject({ state: 'active', finishedAt: null });
  });

  it('shows an overridden freeze as a moment before the steps', () => {
    const { beforeSteps } = timeline([
      event('DEPLOYMENT_QUEUED'),
      event('ARTIFACT_READY', 'built sha256:abc'),
      event('FREEZE_OVERRIDDEN', 'ada overrode weekend: hotfix'),
      event('DEPLOYMENT_STARTED'),
    ]);
    expect(beforeSteps.at(-1)).toMatchObject({
      label: 'Freeze overridden',
      state: 'done',
      detail: 'ada overrode weekend: hotfix',
    });
  });
});
