/** How long Slack gets to take a reply before Slipway gives up on it. */
const REPLY_TIMEOUT_MS = 10_000;

/**
 * Tells the person who clicked how it went, through the interaction's response_url: a message only
 * they see, below the deployment's own (which the notifications service keeps up to date).
 */
export class SlackReplies {
  async send(responseUrl: string, text: string): Promise<void> {
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
      signal: AbortSignal.timeout(REPLY_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`Slack answered the reply with HTTP ${response.status}`);
  }
}
