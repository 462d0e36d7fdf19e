import { z } from 'zod';
import { BUILD_STATUS_CONTEXT } from './ci/checks';
import { authorOf, NULL_SHA, readPayload, subjectOf, type WebhookIntent } from './webhook-intent';

const sha = z.string().regex(/^[0-9a-f]{40}$/i, 'expected a 40-character commit id');

const pushSchema = z.object({
  ref: z.string().min(1),
  after: sha,
  deleted: z.boolean().optional(),
  head_commit: z
    .object({
      id: sha,
      message: z.string(),
      timestamp: z.string(),
      author: z.object({ name: z.string(), email: z.string().nullish() }),
    })
    .nullish(),
  pusher: z.object({ name: z.string() }).nullish(),
  sender: z.object({ login: z.string() }).nullish(),
});

const pullRequestSchema = z.object({
  action: z.string(),
  number: z.number(),
  pull_request: z.object({
    title: z.string(),
    merged: z.boolean().nullish(),
    merge_commit_sha: sha.nullish(),
    merged_at: z.string().nullish(),
    closed_at: z.string().nullish(),
    merged_by: z.object({ login: z.string() }).nullish(),
    base: z.object({ ref: z.string().min(1) }),
  }),
  sender: z.object({ login: z.string() }).nullish(),
});

/** check_suite and check_run: the part that says which commit and whether it finished. */
const check = z.object({ head_sha: sha, conclusion: z.string().nullish() });
const checkSuiteSchema = z.object({ action: z.string(), check_suite: check });
const checkRunSchema = z.object({ action: z.string(), check_run: check });

const statusSchema = z.object({ sha, context: z.string(), state: z.string() });

/** The repository a GitHub webhook is about (`owner/name`), or null when the body names none. */
export function gitHubRepositoryOf(payload: Record<string, unknown>): string | null {
  const repository = z.object({ full_name: z.string().min(1) }).safeParse(payload['repository']);
  return repository.success ? repository.data.full_name : null;
}

/** What a GitHub event (`X-GitHub-Event`) asks for. */
export function gitHubIntent(event: string, payload: unknown): WebhookIntent {
  switch (event) {
    case 'ping':
      return { kind: 'ping' };
    case 'push':
      return gitHubPush(readPayload(pushSchema, payload, event));
    case 'pull_request':
      return gitHubPullRequest(readPayload(pullRequestSchema, payload, event));
    case 'check_suite': {
      const { action, check_suite: suite } = readPayload(checkSuiteSchema, payload, event);
      return gitHubCheck(`check suite ${action}`, action, suite);
    }
    case 'check_run': {
      const { action, check_run: run } = readPayload(checkRunSchema, payload, event);
      return gitHubCheck(`check run ${action}`, action, run);
    }
    case 'status':
      return gitHubStatus(readPayload(statusSchema, payload, event));
    default:
      return { kind: 'ignored', reason: `GitHub event ${event} does not deploy` };
  }
}

/** A check that finished may decide a deployment waiting for CI; one that starts cannot. */
function gitHubCheck(
  what: string,
  action: string,
  { head_sha, conclusion }: z.output<typeof check>,
): WebhookIntent {
  if (action !== 'completed') return { kind: 'ignored', reason: `${what}: CI has not finished` };
  return { kind: 'ci', sha: head_sha, change: `${what}: ${conclusion ?? 'no conclusion'}` };
}

function gitHubStatus(status: z.output<typeof statusSchema>): WebhookIntent {
  if (status.context === BUILD_STATUS_CONTEXT) {
    return { kind: 'ignored', reason: `${status.context} is Slipway's own build status` };
  }
  if (status.state === 'pending') return { kind: 'ignored', reason: `status ${status.context} is pending` };
  return { kind: 'ci', sha: status.sha, change: `status ${status.context}: ${status.state}` };
}

function gitHubPush(push: z.output<typeof pushSchema>): WebhookIntent {
  if (push.deleted === true || NULL_SHA.test(push.after)) {
    return { kind: 'ignored', reason: `${push.ref} was deleted` };
  }
  if (!push.ref.startsWith('refs/heads/') && !push.ref.startsWith('refs/tags/')) {
    return { kind: 'ignored', reason: `${push.ref} is neither a branch nor a tag` };
  }
  const head = push.head_commit;
  return {
    kind: 'release',
    ref: push.ref,
    // For an annotated tag `after` is the tag object; the head commit is what deploys.
    sha: head?.id ?? push.after,
    commit: head
      ? {
          sha: head.id,
          message: subjectOf(head.message),
          author: authorOf(head.author.name, head.author.email),
          committedAt: head.timestamp,
        }
      : null,
    actor: push.pusher?.name ?? push.sender?.login ?? 'github',
  };
}

function gitHubPullRequest(event: z.output<typeof pullRequestSchema>): WebhookIntent {
  const pull = event.pull_request;
  if (event.action !== 'closed') {
    return { kind: 'ignored', reason: `pull request #${event.number} was ${event.action}, not merged` };
  }
  if (pull.merged !== true || !pull.merge_commit_sha) {
    return { kind: 'ignored', reason: `pull request #${event.number} was closed without merging` };
  }
  const actor = pull.merged_by?.login ?? event.sender?.login ?? 'github';
  return {
    kind: 'release',
    ref: `refs/heads/${pull.base.ref}`,
    sha: pull.merge_commit_sha,
    // The payload does not carry the merge commit itself; this is how GitHub titles a squash merge.
    commit: {
      sha: pull.merge_commit_sha,
      message: `${pull.title} (#${event.number})`,
      author: actor,
      committedAt: pull.merged_at ?? pull.closed_at ?? '',
    },
    actor,
  };
}
