import type { DeploymentEventBody, DeploymentEventEnvelope, DeploymentTrigger } from './events';
import {
  assertDeploymentTransition,
  assertStepTransition,
  type DeploymentStatus,
  type StepStatus,
} from './status';

export interface DeploymentStepState {
  position: number;
  name: string;
  status: StepStatus;
  startedAt: string | null;
  finishedAt: string | null;
  output: string;
  error: string | null;
}

export interface DeploymentState {
  id: string;
  project: string;
  environment: string;
  ref: string;
  actor: string;
  trigger: DeploymentTrigger;
  status: DeploymentStatus;
  commitSha: string | null;
  commitMessage: string | null;
  artifactDigest: string | null;
  /** Distinct people still needed to approve, while it waits for approval. */
  approvalsRemaining: number | null;
  reason: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  lastSequence: number;
  steps: DeploymentStepState[];
}

export class DeploymentEventOrderError extends Error {}

/** The events that end a deployment with a reason, and the status each leaves it in. */
const ENDED_WITH_REASON = {
  DEPLOYMENT_FAILED: 'FAILED',
  DEPLOYMENT_ROLLED_BACK: 'ROLLED_BACK',
  DEPLOYMENT_ROLLBACK_FAILED: 'ROLLBACK_FAILED',
  DEPLOYMENT_CANCELLED: 'CANCELLED',
  APPROVAL_EXPIRED: 'EXPIRED',
  DEPLOYMENT_SUPERSEDED: 'SUPERSEDED',
  DEPLOYMENT_BLOCKED: 'BLOCKED',
  CI_FAILED: 'FAILED',
} as const satisfies Partial<Record<DeploymentEventBody['type'], DeploymentStatus>>;

/**
 * The read model of one deployment after one more event. Pure: the audit service applies it inside
 * the transaction that appends the event, and a replay of the log gives the same state.
 */
export function applyDeploymentEvent(
  state: DeploymentState | null,
  event: DeploymentEventEnvelope,
): DeploymentState {
  const { body, occurredAt } = event;
  if (body.type === 'DEPLOYMENT_QUEUED') {
    if (state) throw new DeploymentEventOrderError(`deployment ${event.deploymentId} is already queued`);
    return {
      id: event.deploymentId,
      project: body.project,
      environment: body.environment,
      ref: body.ref,
      actor: body.actor,
      trigger: body.trigger,
      status: 'QUEUED',
      commitSha: null,
      commitMessage: null,
      artifactDigest: null,
      approvalsRemaining: null,
      reason: null,
      queuedAt: occurredAt,
      startedAt: null,
      finishedAt: null,
      lastSequence: event.sequence,
      steps: [],
    };
  }
  if (!state) throw new DeploymentEventOrderError(`deployment ${event.deploymentId} was never queued`);
  if (event.sequence !== state.lastSequence + 1) {
    throw new DeploymentEventOrderError(
      `deployment ${event.deploymentId} expected event ${state.lastSequence + 1}, got ${event.sequence}`,
    );
  }
  const next: DeploymentState = { ...state, lastSequence: event.sequence, steps: [...state.steps] };
  const moveTo = (status: DeploymentStatus): void => {
    assertDeploymentTransition(next.status, status);
    next.status = status;
  };
  const updateStep = (position: number, status: StepStatus, change: Partial<DeploymentStepState>): void => {
    const step = next.steps[position];
    if (!step)
      throw new DeploymentEventOrderError(`deployment ${event.deploymentId} has no step ${position}`);
    assertStepTransition(step.status, status);
    next.steps[position] = { ...step, ...change, status };
  };

  switch (body.type) {
    case 'ARTIFACT_READY':
      next.commitSha = body.commitSha;
      next.commitMessage = body.commitMessage;
      next.artifactDigest = body.artifactDigest;
      break;
    case 'APPROVAL_REQUESTED':
      moveTo('WAITING_APPROVAL');
      next.approvalsRemaining = body.approvers;
      break;
    case 'CI_WAITING':
      moveTo('WAITING_CI');
      break;
    case 'CI_PASSED':
      // Recorded without a wait when CI was green at the first look.
      if (next.status === 'WAITING_CI') moveTo('QUEUED');
      break;
    case 'APPROVAL_GIVEN':
      next.approvalsRemaining = body.remaining;
      if (body.remaining === 0) moveTo('QUEUED');
      break;
    case 'APPROVAL_REJECTED':
      moveTo('REJECTED');
      next.finishedAt = occurredAt;
      next.reason = `rejected by ${body.actor}${body.comment ? `: ${body.comment}` : ''}`;
      break;
    case 'FREEZE_OVERRIDDEN':
    case 'QUEUED_BEHIND':
    case 'RELEASE_DIFF_READY':
      // A release diff has its own read model (release_diffs, deployment_commits) in the audit service.
      break;
    case 'DEPLOYMENT_STARTED':
      moveTo('RUNNING');
      next.startedAt = occurredAt;
      next.commitSha = body.commitSha;
      next.commitMessage = body.commitMessage;
      next.steps = body.steps.map((name, position) => ({
        position,
        name,
        status: 'PENDING',
        startedAt: null,
        finishedAt: null,
        output: '',
        error: null,
      }));
      break;
    case 'STEP_STARTED':
      updateStep(body.step, 'RUNNING', { startedAt: occurredAt });
      break;
    case 'STEP_SUCCEEDED':
      updateStep(body.step, 'SUCCEEDED', { finishedAt: occurredAt, output: body.output });
      break;
    case 'STEP_FAILED':
      updateStep(body.step, 'FAILED', { finishedAt: occurredAt, output: body.output, error: body.error });
      break;
    case 'STEP_CANCELLED':
      updateStep(body.step, 'CANCELLED', { finishedAt: occurredAt, output: body.output });
      break;
    case 'ROLLBACK_STARTED':
      moveTo('ROLLING_BACK');
      next.reason = body.reason;
      break;
    case 'STEP_ROLLBACK_STARTED':
      updateStep(body.step, 'ROLLING_BACK', {});
      break;
    case 'STEP_ROLLED_BACK':
      updateStep(body.step, 'ROLLED_BACK', { output: appendOutput(next.steps[body.step], body.output) });
      break;
    case 'STEP_ROLLBACK_FAILED':
      updateStep(body.step, 'ROLLBACK_FAILED', {
        output: appendOutput(next.steps[body.step], body.output),
        error: body.error,
      });
      break;
    case 'DEPLOYMENT_SUCCEEDED':
      moveTo('SUCCEEDED');
      next.finishedAt = occurredAt;
      break;
    case 'DEPLOYMENT_FAILED':
    case 'DEPLOYMENT_ROLLED_BACK':
    case 'DEPLOYMENT_ROLLBACK_FAILED':
    case 'DEPLOYMENT_CANCELLED':
    case 'APPROVAL_EXPIRED':
    case 'DEPLOYMENT_SUPERSEDED':
    case 'DEPLOYMENT_BLOCKED':
    case 'CI_FAILED':
      moveTo(ENDED_WITH_REASON[body.type]);
      next.finishedAt = occurredAt;
      next.reason = body.reason;
      break;
    default: {
      const unknown: never = body;
      throw new DeploymentEventOrderError(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
  return next;
}

function appendOutput(step: DeploymentStepState | undefined, rollbackOutput: string): string {
  const before = step?.output ?? '';
  if (!rollbackOutput) return before;
  return `${before}${before ? '\n' : ''}--- rollback ---\n${rollbackOutput}`;
}
