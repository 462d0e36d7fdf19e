import type { NotificationEvent } from '../gql/graphql';

/** Every event, in the order a deployment meets them, named as a person would. */
export const NOTIFICATION_EVENT_LABELS: Readonly<Record<NotificationEvent, string>> = {
  QUEUED: 'Queued',
  STARTED: 'Started',
  APPROVAL_REQUIRED: 'Approval required',
  APPROVAL_EXPIRED: 'Approval expired',
  FREEZE_OVERRIDDEN: 'Freeze overridden',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  ROLLED_BACK: 'Rolled back',
  ROLLBACK_FAILED: 'Rollback failed',
};

export const NOTIFICATION_EVENTS = Object.keys(NOTIFICATION_EVENT_LABELS).filter(isNotificationEvent);

/** What the gateway sends when no events are named: failures, rollbacks and approvals. */
export const DEFAULT_NOTIFICATION_EVENTS: readonly NotificationEvent[] = [
  'FAILED',
  'ROLLED_BACK',
  'ROLLBACK_FAILED',
  'APPROVAL_REQUIRED',
  'APPROVAL_EXPIRED',
];

export function isNotificationEvent(value: string): value is NotificationEvent {
  return Object.hasOwn(NOTIFICATION_EVENT_LABELS, value);
}
