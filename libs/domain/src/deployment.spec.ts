import { applyDeploymentEvent, DeploymentEventOrderError, type DeploymentState } from './deployment';
import type { DeploymentEventBody, DeploymentEventEnvelope } from './events';
import { IllegalTransitionError } from './status';

const ID = '7f3c2a8e-5b1d-4c9e-8f00-0123456789ab';

function replay([first, ...rest]: [DeploymentEventBody, ...DeploymentEventBody[]]): DeploymentState {
  return rest.reduce(
    (state, body, index) => applyDeploymentEvent(state, envelope(index + 2, body)),
    applyDeploymentEvent(null, envelope(1, first)),
  );
}

function envelope(sequence: number, body: DeploymentEventBody): DeploymentEventEnvelope {
  return {
    eventId: `event-${sequence}`,
    deploymentId: ID,
    sequence,
    occurredAt: new Date(Date.UTC(2026, 10, 26, 9, 0, sequence)).toISOString(),
    body,
  };
}

const queued: DeploymentEventBody = {
  type: 'DEPLOYMENT_QUEUED',
  project: 'hello',
  environment: 'production',
  ref: 'main',
  actor: 'alex',
  trigger: { type: 'manual' },
};
const started: DeploymentEventBody = {
  type: 'DEPLOYMENT_STARTED',
  commitSha: 'a'.repeat(40),
  commitMessage: 'Ship it',
  steps: ['migrate', 'release'],
};

describe('applyDeploymentEvent', () => {
  it('follows a successful deployment from QUEUED to SUCCEEDED with step timings', () => {
    const state = replay([
      queued,
      started,
      { type: 'STEP_STARTED', step: 0 },
      { type: 'STEP_SUCCEEDED', step: 0, output: 'migrated' },
      { type: 'STEP_STARTED', step: 1 },
      { type: 'STEP_SUCCEEDED', step: 1, output: 'released' },
      { type: 'DEPLOYMENT_SUCCEEDED' },
    ]);
    expect(state).toMatchObject({
      status: 'SUCCEEDED',
      commitSha: 'a'.repeat(40),
      actor: 'alex',
      queuedAt: '2026-11-26T09:00:01.000Z',
      startedAt: '2026-11-26T09:00:02.000Z',
      finishedAt: '2026-11-26T09:00:07.000Z',
      lastSequence: 7,
    });
    expect(state.steps.map((step) => [step.name, step.status, step.output])).toEqual([
      ['migrate', 'SUCCEEDED', 'migrated'],
      ['release', 'SUCCEEDED', 'released'],
    ]);
  });

  it('keeps the failing output and the rollback output of each step', () => {
    const state = replay([
      queued,
      started,
      { type: 'STEP_STARTED', step: 0 },
      { type: 'STEP_SUCCEEDED', step: 0, output: 'migrated' },
      { type: 'STEP_STARTED', step: 1 },
      { type: 'STEP_FAILED', step: 1, output: 'port in use', error: 'exited with code 1' },
      { type: 'ROLLBACK_STARTED', reason: 'release failed' },
      { type: 'STEP_ROLLBACK_STARTED', step: 0 },
      { type: 'STEP_ROLLED_BACK', step: 0, output: 'reverted' },
      { type: 'DEPLOYMENT_ROLLED_BACK', reason: 'release failed' },
    ]);
    expect(state.status).toBe('ROLLED_BACK');
    expect(state.reason).toBe('release failed');
    expect(state.steps[0]).toMatchObject({
      status: 'ROLLED_BACK',
      output: 'migrated\n--- rollback ---\nreverted',
    });
    expect(state.steps[1]).toMatchObject({
      status: 'FAILED',
      output: 'port in use',
      error: 'exited with code 1',
    });
  });

  it('refuses an event out of sequence, so a gap in the log is never papered over', () => {
    const state = replay([queued]);
    expect(() => applyDeploymentEvent(state, envelope(3, started))).toThrow(DeploymentEventOrderError);
  });

  it('refuses an illegal move, such as succeeding a deployment that never ran', () => {
    const state = replay([queued]);
    expect(() => applyDeploymentEvent(state, envelope(2, { type: 'DEPLOYMENT_SUCCEEDED' }))).toThrow(
      new IllegalTransitionError('A deployment', 'QUEUED', 'SUCCEEDED'),
    );
  });

  it('refuses an event about a deployment that was never queued', () => {
    expect(() => applyDeploymentEvent(null, envelope(1, started))).toThrow(/was never queued/);
  });

  it('refuses a step that does not exist', () => {
    const state = replay([queued, started]);
    expect(() => applyDeploymentEvent(state, envelope(3, { type: 'STEP_STARTED', step: 5 }))).toThrow(
      /has no step 5/,
    );
  });

  it('waits for approval, counts approvals down, and is queued again once approved', () => {
    const requested: DeploymentEventBody = {
      type: 'APPROVAL_REQUESTED',
      roles: ['admin'],
      approvers: 2,
      expiresAt: '2026-11-27T09:00:00.000Z',
    };
    const waiting = replay([queued, requested]);
    expect(waiting).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRemaining: 2 });
    const once = replay([
      queued,
      requested,
      { type: 'APPROVAL_GIVEN', actor: 'root', comment: '', remaining: 1 },
    ]);
    expect(once).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRemaining: 1 });
    const approved = replay([
      queued,
      requested,
      { type: 'APPROVAL_GIVEN', actor: 'root', comment: '', remaining: 1 },
      { type: 'APPROVAL_GIVEN', actor: 'sam', comment: 'ok', remaining: 0 },
      started,
    ]);
    expect(approved).toMatchObject({ status: 'RUNNING', approvalsRemaining: 0 });
  });

  it.each([
    [
      { type: 'APPROVAL_REJECTED', actor: 'root', comment: 'not today' },
      'REJECTED',
      'rejected by root: not today',
    ],
    [{ type: 'APPROVAL_EXPIRED', reason: 'not approved within 1d' }, 'EXPIRED', 'not approved within 1d'],
  ] as const)('ends a deployment waiting for approval with %o', (event, status, reason) => {
    const requested: DeploymentEventBody = {
      type: 'APPROVAL_REQUESTED',
      roles: ['admin'],
      approvers: 1,
      expiresAt: '2026-11-27T09:00:00.000Z',
    };
    const state = replay([queued, requested, event]);
    expect(state).toMatchObject({ status, reason, finishedAt: '2026-11-26T09:00:03.000Z' });
  });

  it('waits for CI, is queued again once it passes, and records a CI green at the first look', () => {
    const waiting: DeploymentEventBody = { type: 'CI_WAITING', checks: ['test', 'lint'] };
    expect(replay([queued, waiting])).toMatchObject({ status: 'WAITING_CI', finishedAt: null });
    expect(replay([queued, waiting, { type: 'CI_PASSED' }, started])).toMatchObject({ status: 'RUNNING' });
    expect(replay([queued, { type: 'CI_PASSED' }])).toMatchObject({ status: 'QUEUED' });
  });

  it('ends a deployment FAILED with the reason when a check of its commit fails', () => {
    const failed: DeploymentEventBody = {
      type: 'CI_FAILED',
      check: 'test',
      url: 'https://ci.example.com/runs/4',
      reason: 'CI failed: test (https://ci.example.com/runs/4)',
    };
    expect(replay([queued, { type: 'CI_WAITING', checks: ['test'] }, failed])).toMatchObject({
      status: 'FAILED',
      reason: 'CI failed: test (https://ci.example.com/runs/4)',
      finishedAt: '2026-11-26T09:00:03.000Z',
    });
    expect(replay([queued, failed])).toMatchObject({ status: 'FAILED' });
  });

  it('ends a queued deployment SUPERSEDED or BLOCKED, and keeps the artifact it would have deployed', () => {
    const ready: DeploymentEventBody = {
      type: 'ARTIFACT_READY',
      commitSha: 'b'.repeat(40),
      commitMessage: 'Fix',
      artifactDigest: 'd'.repeat(64),
      artifactSize: 10,
      built: true,
    };
    expect(replay([queued, ready, { type: 'DEPLOYMENT_SUPERSEDED', reason: 'newer', by: ID }])).toMatchObject(
      {
        status: 'SUPERSEDED',
        commitSha: 'b'.repeat(40),
        artifactDigest: 'd'.repeat(64),
      },
    );
    expect(replay([queued, ready, { type: 'DEPLOYMENT_BLOCKED', reason: 'frozen' }])).toMatchObject({
      status: 'BLOCKED',
      reason: 'frozen',
    });
    expect(() => replay([queued, started, { type: 'DEPLOYMENT_BLOCKED', reason: 'frozen' }])).toThrow(
      IllegalTransitionError,
    );
  });
});
