import { z } from 'zod';
import {
  authorOf,
  MalformedWebhookError,
  NULL_SHA,
  readPayload,
  subjectOf,
  type WebhookIntent,
} from './webhook-intent';

const sha = z.string().regex(/^[0-9a-f]{40}$/i, 'expected a 40-character commit id');

const commitSchema = z.object({
  id: sha,
  message: z.string(),
  timestamp: z.string(),
  author: z.object({ name: z.string(), email: z.string().nullish() }),
});

const pushSchema = z.object({
  ref: z.string().min(1),
  after: sha,
  checkout_sha: sha.nullish(),
  user_username: z.string().nullish(),
  user_name: z.string().nullish(),
  commits: z.array(commitSchema).nullish(),
});

const mergeRequestSchema = z.object({
  user: z.object({ username: z.string() }).nullish(),
  object_attributes: z.object({
    action: z.string().nullish(),
    iid: z.number(),
    title: z.string(),
    target_branch: z.string().min(1),
    merge_commit_sha: sha.nullish(),
    squash_commit_sha: sha.nullish(),
    updated_at: z.string().nullish(),
    last_commit: commitSchema.nullish(),
  }),
});

const pipelineSchema = z.object({
  object_attributes: z.object({ id: z.number(), sha, status: z.string() }),
});

/** Pipeline statuses after which nothing more happens (until someone retries it). */
const FINISHED_PIPELINE = new Set(['success', 'failed', 'canceled', 'skipped']);

/** The repository a GitLab webhook is about (`group/sub/project`), or null when the body names none. */
export function gitLabRepositoryOf(payload: Record<string, unknown>): string | null {
  const project = z.object({ path_with_namespace: z.string().min(1) }).safeParse(payload['project']);
  return project.success ? project.data.path_with_namespace : null;
}

/** What a GitLab event (`X-Gitlab-Event`) asks for. */
export function gitLabIntent(event: string, payload: unknown): WebhookIntent {
  switch (event) {
    case 'Push Hook':
    case 'Tag Push Hook':
      return gitLabPush(readPayload(pushSchema, payload, event));
    case 'Merge Request Hook':
      return gitLabMerge(readPayload(mergeRequestSchema, payload, event));
    case 'Pipeline Hook':
      return gitLabPipeline(readPayload(pipelineSchema, payload, event));
    default:
      return { kind: 'ignored', reason: `GitLab event ${event} does not deploy` };
  }
}

/** A pipeline that finished may decide a deployment waiting for CI; one still running cannot. */
function gitLabPipeline({ object_attributes: pipeline }: z.output<typeof pipelineSchema>): WebhookIntent {
  if (!FINISHED_PIPELINE.has(pipeline.status)) {
    return { kind: 'ignored', reason: `pipeline #${pipeline.id} is ${pipeline.status}` };
  }
  return { kind: 'ci', sha: pipeline.sha, change: `pipeline #${pipeline.id}: ${pipeline.status}` };
}

function gitLabPush(push: z.output<typeof pushSchema>): WebhookIntent {
  if (NULL_SHA.test(push.after) || !push.checkout_sha) {
    return { kind: 'ignored', reason: `${push.ref} was deleted` };
  }
  if (!push.ref.startsWith('refs/heads/') && !push.ref.startsWith('refs/tags/')) {
    return { kind: 'ignored', reason: `${push.ref} is neither a branch nor a tag` };
  }
  // checkout_sha is the commit (`after` of an annotated tag is the tag object). A tag push lists no
  // commits, nor does a new branch without new commits: the release then reads the commit from git.
  const sha = push.checkout_sha;
  const head = push.commits?.find((commit) => commit.id === sha);
  return {
    kind: 'release',
    ref: push.ref,
    sha,
    commit: head
      ? {
          sha,
          message: subjectOf(head.message),
          author: authorOf(head.author.name, head.author.email),
          committedAt: head.timestamp,
        }
      : null,
    actor: push.user_username ?? push.user_name ?? 'gitlab',
  };
}

function gitLabMerge(event: z.output<typeof mergeRequestSchema>): WebhookIntent {
  const request = event.object_attributes;
  if (request.action !== 'merge') {
    return {
      kind: 'ignored',
      reason: `merge request !${request.iid} was ${request.action ?? 'updated'}, not merged`,
    };
  }
  // A fast-forward merge makes no new commit: the source branch's last commit lands as it is.
  const sha = request.merge_commit_sha ?? request.squash_commit_sha ?? request.last_commit?.id;
  if (!sha) {
    throw new MalformedWebhookError('Merge Request Hook body: object_attributes.merge_commit_sha is missing');
  }
  const actor = event.user?.username ?? 'gitlab';
  const last = request.last_commit;
  return {
    kind: 'release',
    ref: `refs/heads/${request.target_branch}`,
    sha,
    commit:
      last?.id === sha
        ? {
            sha,
            message: subjectOf(last.message),
            author: authorOf(last.author.name, last.author.email),
            committedAt: last.timestamp,
          }
        : {
            sha,
            message: `${request.title} (!${request.iid})`,
            author: actor,
            committedAt: request.updated_at ?? '',
          },
    actor,
  };
}
