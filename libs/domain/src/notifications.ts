/** What a person can ask to hear about a deployment. */
export const NOTIFICATION_EVENTS = [
  'QUEUED',
  'STARTED',
  'SUCCEEDED',
  'FAILED',
  'ROLLED_BACK',
  'ROLLBACK_FAILED',
  'APPROVAL_REQUIRED',
  'APPROVAL_EXPIRED',
  'FREEZE_OVERRIDDEN',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** Heard when nobody chose: whatever needs a person (failures and approvals); successes stay quiet. */
export const DEFAULT_NOTIFICATION_EVENTS: readonly NotificationEvent[] = [
  'FAILED',
  'ROLLED_BACK',
  'ROLLBACK_FAILED',
  'APPROVAL_REQUIRED',
  'APPROVAL_EXPIRED',
];

/** A Slack channel as people write it (`#deploys`) or as Slack names it (`C024BE91L`). */
export const SLACK_CHANNEL = /^(#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{8,})$/;

/** Enough of an address to deliver to; the SMTP server has the last word. */
export const EMAIL_ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** The `action_id`s of the buttons on a deployment's Slack message; the gateway acts on them. */
export const APPROVE_ACTION = 'approve_deployment';
export const REJECT_ACTION = 'reject_deployment';
