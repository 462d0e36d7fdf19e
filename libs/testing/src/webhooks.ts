import { createHmac, randomUUID } from 'node:crypto';

export interface WebhookResponse {
  status: number;
  body: Record<string, unknown>;
}

/** `X-Hub-Signature-256` as GitHub computes it: HMAC-SHA256 of the exact bytes sent, in hex. */
export function gitHubSignature(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The headers GitHub sends with a webhook; `secret: null` leaves the signature out. */
export function gitHubHeaders(
  event: string,
  body: string,
  secret: string | null,
  delivery: string = randomUUID(),
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/test',
    'x-github-event': event,
    'x-github-delivery': delivery,
    'x-github-hook-id': '1',
    ...(secret === null ? {} : { 'x-hub-signature-256': gitHubSignature(body, secret) }),
  };
}

/** The headers GitLab sends with a webhook: the secret token travels as it is, over TLS. */
export function gitLabHeaders(
  event: string,
  token: string | null,
  uuid: string = randomUUID(),
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitLab/test',
    'x-gitlab-event': event,
    'x-gitlab-event-uuid': uuid,
    'x-gitlab-webhook-uuid': randomUUID(),
    ...(token === null ? {} : { 'x-gitlab-token': token }),
  };
}

/** POSTs a webhook body with the given headers and reads the JSON answer. */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<WebhookResponse> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A GitHub webhook signed with `secret`, as GitHub delivers it. */
export function sendGitHubWebhook(
  url: string,
  options: { event: string; payload: unknown; secret: string | null; delivery?: string },
): Promise<WebhookResponse> {
  const body = JSON.stringify(options.payload);
  return postWebhook(url, body, gitHubHeaders(options.event, body, options.secret, options.delivery));
}

/** A GitLab webhook carrying `token`, as GitLab delivers it. */
export function sendGitLabWebhook(
  url: string,
  options: { event: string; payload: unknown; token: string | null; uuid?: string },
): Promise<WebhookResponse> {
  const body = JSON.stringify(options.payload);
  return postWebhook(url, body, gitLabHeaders(options.event, options.token, options.uuid));
}
