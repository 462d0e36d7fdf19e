import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from now, either way: Slack's own recommendation. */
export const SLACK_REQUEST_WINDOW_SECONDS = 5 * 60;

/** Why a request is refused, as the 401 answer says it. */
export type SlackRefusal = 'bad timestamp' | 'stale timestamp' | 'bad signature' | 'replayed request';

/** What Slack signs: its two headers, and the body's exact bytes. */
export interface SlackRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
}

export type SlackVerification =
  { verified: true; signature: string; requestedAt: Date } | { verified: false; refusal: SlackRefusal };

/**
 * Whether Slack sent this request lately: `X-Slack-Signature` must be `v0=` and the hex HMAC-SHA256,
 * under the app's signing secret, of `v0:<timestamp>:<body>`. The timestamp is checked first, so an
 * old request is refused before any HMAC is computed; the signature is compared in constant time.
 */
export function verifySlackRequest(
  request: SlackRequest,
  signingSecret: string,
  nowSeconds: number,
): SlackVerification {
  const { timestamp, signature, rawBody } = request;
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) {
    return { verified: false, refusal: 'bad timestamp' };
  }
  const seconds = Number(timestamp);
  if (Math.abs(nowSeconds - seconds) > SLACK_REQUEST_WINDOW_SECONDS) {
    return { verified: false, refusal: 'stale timestamp' };
  }
  const expected = `v0=${createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:`)
    .update(rawBody)
    .digest('hex')}`;
  if (signature === undefined || !constantTimeEqual(signature, expected)) {
    return { verified: false, refusal: 'bad signature' };
  }
  return { verified: true, signature, requestedAt: new Date(seconds * 1000) };
}

function constantTimeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual throws on different lengths; the length of a valid signature is no secret.
  return a.length === b.length && timingSafeEqual(a, b);
}
