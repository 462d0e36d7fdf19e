import { applyDeploymentEvent, type DeploymentState, type DeploymentStepState } from './deployment';
import type { DeploymentEventEnvelope } from './events';
import type { NotificationEvent } from './notifications';
import type { ReleaseDiff } from './release-diff';
import type { DeploymentStatus } from './status';

/** An approval being asked for, as a notification shows it. */
export interface CardApproval {
  roles: string[];
  approvers: number;
  approvedBy: string[];
  expiresAt: string;
}

/**
 * What a notification shows of one deployment: its read model plus what the read model leaves to
 * other tables (the release diff, the approval, the author). Built from the deployment's events alone,
 * so the notifications workflow keeps it current without reading the database.
 */
export interface DeploymentCard {
  deployment: DeploymentState;
  /** Who wrote the commit going out; null until the artifact is ready (or in events that did not carry it). */
  commitAuthor: string | null;
  /** What this release brings compared to what ran there; null while unknown. */
  diff: ReleaseDiff | null;
  /** Open while the deployment waits for approval; null otherwise. */
  approval: CardApproval | null;
  /** The deployment holding the environment while this one waits for its turn. */
  queuedBehind: string | null;
  /** Who overrode a freeze window to let it run, and why. */
  freezeOverride: { actor: string; freeze: string; reason: string } | null;
  /** Counts the events applied: a newer card has a higher revision. */
  revision: number;
}

/** The tail of a step's output a notification shows: enough to see the error, small enough to post. */
export const LOG_TAIL_LINES = 30;
const LOG_TAIL_CHARACTERS = 2_500;

export function logTail(output: string): string {
  const lines = output.replace(/\s+$/, '').split('\n');
  const tail = lines.slice(-LOG_TAIL_LINES).join('\n');
  return tail.length > LOG_TAIL_CHARACTERS ? `…${tail.slice(-LOG_TAIL_CHARACTERS)}` : tail;
}

/** The card after one more event; the first event must be DEPLOYMENT_QUEUED. Pure. */
export function applyToCard(card: DeploymentCard | null, event: DeploymentEventEnvelope): DeploymentCard {
  const deployment = applyDeploymentEvent(card?.deployment ?? null, event);
  const next: DeploymentCard = card
    ? { ...card, deployment, revision: card.revision + 1 }
    : {
        deployment,
        commitAuthor: null,
        diff: null,
        approval: null,
        queuedBehind: null,
        freezeOverride: null,
        revision: 1,
      };
  const { body } = event;
  if (body.type === 'ARTIFACT_READY') next.commitAuthor = body.commitAuthor ?? next.commitAuthor;
  if (body.type === 'RELEASE_DIFF_READY') {
    next.diff = {
      from: body.from,
      direction: body.direction,
      commits: body.commits,
      truncated: body.truncated,
    };
  }
  if (body.type === 'APPROVAL_REQUESTED') {
    next.approval = {
      roles: body.roles,
      approvers: body.approvers,
      approvedBy: [],
      expiresAt: body.expiresAt,
    };
  }
  if (body.type === 'APPROVAL_GIVEN' && next.approval) {
    next.approval = { ...next.approval, approvedBy: [...next.approval.approvedBy, body.actor] };
  }
  if (body.type === 'QUEUED_BEHIND') next.queuedBehind = body.behind;
  if (body.type === 'FREEZE_OVERRIDDEN') {
    next.freezeOverride = { actor: body.actor, freeze: body.freeze, reason: body.reason };
  }
  if (deployment.status !== 'WAITING_APPROVAL') next.approval = null;
  if (deployment.status !== 'QUEUED') next.queuedBehind = null;
  // Step output is kept as its tail: a card travels in signals and messages.
  deployment.steps = deployment.steps.map((step) => ({ ...step, output: logTail(step.output) }));
  return next;
}

/** The status each notification event is about, for the events that are a status being reached. */
const EVENT_OF_STATUS: Partial<Record<DeploymentStatus, NotificationEvent>> = {
  RUNNING: 'STARTED',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  ROLLED_BACK: 'ROLLED_BACK',
  ROLLBACK_FAILED: 'ROLLBACK_FAILED',
  WAITING_APPROVAL: 'APPROVAL_REQUIRED',
  EXPIRED: 'APPROVAL_EXPIRED',
};

/** What a person could ask to hear about in the change from `before` to `after` (one event apart). */
export function notificationEventsBetween(
  before: DeploymentCard | null,
  after: DeploymentCard,
): NotificationEvent[] {
  const events: NotificationEvent[] = [];
  const status = after.deployment.status;
  const reached = EVENT_OF_STATUS[status];
  if (reached && before?.deployment.status !== status) events.push(reached);
  if (after.queuedBehind !== null && before?.queuedBehind !== after.queuedBehind) events.push('QUEUED');
  if (after.freezeOverride !== null && before?.freezeOverride === null) events.push('FREEZE_OVERRIDDEN');
  return events;
}

/** The step whose failure ended the deployment, if a step did. */
export function failedStep(card: DeploymentCard): DeploymentStepState | null {
  return card.deployment.steps.find((step) => step.status === 'FAILED') ?? null;
}
