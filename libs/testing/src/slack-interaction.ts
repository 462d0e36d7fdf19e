import { createHmac } from 'node:crypto';

export interface SlackClick {
  actionId: string;
  /** The button's value: a deployment id for Slipway's buttons. */
  value: string;
  slackUserId: string;
  responseUrl: string;
}

/**
 * A button click as Slack posts it to an app's Request URL: the interaction in the `payload` form
 * field, signed with the app's signing secret over `v0:<timestamp>:<body>`.
 */
export function signedSlackClick(
  click: SlackClick,
  { secret, timestamp = Math.floor(Date.now() / 1000) }: { secret: string; timestamp?: number },
): { body: string; headers: Record<string, string> } {
  const payload = {
    type: 'block_actions',
    user: { id: click.slackUserId, team_id: 'T0SLIPWAY' },
    team: { id: 'T0SLIPWAY', domain: 'acme' },
    response_url: click.responseUrl,
    container: { type: 'message', channel_id: 'C0SW000001', message_ts: '1764230000.000100' },
    actions: [{ type: 'button', action_id: click.actionId, block_id: 'decision', value: click.value }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
  };
}
