import type { DeploymentEventType } from '@slipway/domain';

/**
 * Whether an event changes what an environment shows: which deployment runs there, what waits and in
 * what state, which commit it carries, and what holds it (an approval). A step's progress does not:
 * it belongs to the deployment's own view. Every event type must be listed, so a new one is decided here.
 */
const CHANGES_ENVIRONMENT: Record<DeploymentEventType, boolean> = {
  DEPLOYMENT_QUEUED: true,
  ARTIFACT_READY: true,
  // What the deployment brings is part of the deployment's own view, not a change of the environment.
  RELEASE_DIFF_READY: false,
  CI_WAITING: true,
  CI_PASSED: true,
  CI_FAILED: true,
  APPROVAL_REQUESTED: true,
  APPROVAL_GIVEN: true,
  APPROVAL_REJECTED: true,
  APPROVAL_EXPIRED: true,
  DEPLOYMENT_SUPERSEDED: true,
  DEPLOYMENT_BLOCKED: true,
  FREEZE_OVERRIDDEN: false,
  QUEUED_BEHIND: true,
  DEPLOYMENT_STARTED: true,
  STEP_STARTED: false,
  STEP_SUCCEEDED: false,
  STEP_FAILED: false,
  STEP_CANCELLED: false,
  ROLLBACK_STARTED: true,
  STEP_ROLLBACK_STARTED: false,
  STEP_ROLLED_BACK: false,
  STEP_ROLLBACK_FAILED: false,
  DEPLOYMENT_SUCCEEDED: true,
  DEPLOYMENT_FAILED: true,
  DEPLOYMENT_ROLLED_BACK: true,
  DEPLOYMENT_ROLLBACK_FAILED: true,
  DEPLOYMENT_CANCELLED: true,
};

/** The event types an environment's live view follows. */
export const ENVIRONMENT_EVENT_TYPES: readonly DeploymentEventType[] = Object.entries(CHANGES_ENVIRONMENT)
  .filter(([, changes]) => changes)
  .map(([type]) => type as DeploymentEventType);
