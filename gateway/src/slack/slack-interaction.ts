import { APPROVE_ACTION, REJECT_ACTION } from '@slipway/domain';
import { z } from 'zod';

/** A person's click on Approve or Reject on a deployment's Slack message. */
export interface SlackDecision {
  decision: 'approve' | 'reject';
  deploymentId: string;
  /** Who clicked, as Slack knows them, e.g. U024BE7LH. */
  slackUserId: string;
  /** Where to tell them how it went (valid for 30 minutes, a few posts). */
  responseUrl: string;
}

export type SlackInteraction =
  | { kind: 'decision'; decision: SlackDecision }
  | { kind: 'ignored' }
  | { kind: 'unreadable'; reason: string };

const DECISIONS: ReadonlyMap<string, SlackDecision['decision']> = new Map([
  [APPROVE_ACTION, 'approve'],
  [REJECT_ACTION, 'reject'],
]);

/** What Slipway reads of a `block_actions` payload; Slack sends much more. */
const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1) }),
  response_url: z.url({ protocol: /^https?$/ }),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })),
});

/**
 * What a verified request from Slack asks: the form field `payload` holds the interaction as JSON.
 * Anything but a click on our own buttons in a message (another app's action, a shortcut, a modal) is
 * none of Slipway's business and is ignored.
 */
export function readSlackInteraction(rawBody: Buffer): SlackInteraction {
  const payload = new URLSearchParams(rawBody.toString('utf8')).get('payload');
  if (payload === null) return { kind: 'unreadable', reason: 'expected a form field named payload' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return { kind: 'unreadable', reason: 'the payload field is not JSON' };
  }
  const blockActions = blockActionsSchema.safeParse(parsed);
  if (!blockActions.success) return { kind: 'ignored' };
  const { user, response_url: responseUrl, actions } = blockActions.data;
  for (const action of actions) {
    const decision = DECISIONS.get(action.action_id);
    if (decision && action.value) {
      return {
        kind: 'decision',
        decision: { decision, deploymentId: action.value, slackUserId: user.id, responseUrl },
      };
    }
  }
  return { kind: 'ignored' };
}
