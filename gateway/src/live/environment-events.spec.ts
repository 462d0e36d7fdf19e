import { ENVIRONMENT_EVENT_TYPES } from './environment-events';

describe('the events an environment view follows', () => {
  it.each([
    'DEPLOYMENT_QUEUED',
    'ARTIFACT_READY',
    'APPROVAL_REQUESTED',
    'APPROVAL_GIVEN',
    'APPROVAL_REJECTED',
    'APPROVAL_EXPIRED',
    'DEPLOYMENT_SUPERSEDED',
    'DEPLOYMENT_BLOCKED',
    'DEPLOYMENT_STARTED',
    'ROLLBACK_STARTED',
    'DEPLOYMENT_SUCCEEDED',
    'DEPLOYMENT_FAILED',
    'DEPLOYMENT_ROLLED_BACK',
    'DEPLOYMENT_ROLLBACK_FAILED',
    'DEPLOYMENT_CANCELLED',
  ])('include %s, which changes what runs or waits there', (type) => {
    expect(ENVIRONMENT_EVENT_TYPES).toContain(type);
  });

  it.each([
    'STEP_STARTED',
    'STEP_SUCCEEDED',
    'STEP_FAILED',
    'STEP_CANCELLED',
    'STEP_ROLLBACK_STARTED',
    'STEP_ROLLED_BACK',
    'STEP_ROLLBACK_FAILED',
    'FREEZE_OVERRIDDEN',
    'RELEASE_DIFF_READY',
  ])('leave out %s, which changes no deployment status', (type) => {
    expect(ENVIRONMENT_EVENT_TYPES).not.toContain(type);
  });
});
