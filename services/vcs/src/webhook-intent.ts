import type { Commit } from '@slipway/temporal';
import type { z } from 'zod';

/** What a verified webhook asks of Slipway, read from its event name and body alone (no I/O). */
export type WebhookIntent =
  /** The provider checks the hook works (GitHub `ping`). */
  | { kind: 'ping' }
  | {
      kind: 'release';
      /** The full ref that moved: refs/heads/main, refs/tags/v1.2.0. */
      ref: string;
      /** The commit that deploys: its sha keys the release, so a second webhook for it starts nothing. */
      sha: string;
      /** The commit as the payload describes it; absent when it does not, and the release resolves `ref`. */
      commit: Commit | null;
      actor: string;
    }
  /** The CI of a commit changed: deployments waiting for it look again. Starts nothing. */
  | { kind: 'ci'; sha: string; change: string }
  | { kind: 'ignored'; reason: string };

/** The body is JSON but not the shape the event promises: answered 400, nothing stored. */
export class MalformedWebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedWebhookError';
  }
}

/** A ref or commit id of forty zeros: GitHub and GitLab name a deleted branch or tag so. */
export const NULL_SHA = /^0{40}$/;

/** The first line of a commit message, as `git log --format=%s` shows it elsewhere in Slipway. */
export function subjectOf(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}

/** `Name <email>`, as git prints an author; the email left out when the provider redacts or omits it. */
export function authorOf(name: string, email: string | null | undefined): string {
  return email && email !== '[REDACTED]' ? `${name} <${email}>` : name;
}

/** The payload narrowed to what Slipway reads from it, or a 400 naming the first field that is wrong. */
export function readPayload<Schema extends z.ZodType>(
  schema: Schema,
  payload: unknown,
  event: string,
): z.output<Schema> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  throw new MalformedWebhookError(`${event} body: ${field} is missing or malformed`);
}
