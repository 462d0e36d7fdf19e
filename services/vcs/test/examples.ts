import definitions from '@octokit/webhooks-examples';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Payload = Record<string, unknown> & {
  repository?: { full_name?: string };
  project?: { path_with_namespace?: string };
};

/** A copy of GitHub's real example bodies for `event` (npm @octokit/webhooks-examples), free to change. */
export function gitHubExamples(event: string): Payload[] {
  const definition = definitions.find((candidate) => candidate.name === event);
  if (!definition) throw new Error(`@octokit/webhooks-examples has no ${event} examples`);
  return definition.examples.map((example) => structuredClone(example) as unknown as Payload);
}

export function gitHubExample(event: string, matches: (payload: Payload) => boolean): Payload {
  const example = gitHubExamples(event).find(matches);
  if (!example) throw new Error(`no ${event} example matches`);
  return example;
}

const field = (payload: Payload, name: string): unknown => payload[name];

export const gitHubBranchPush = (): Payload =>
  gitHubExample(
    'push',
    (p) => String(field(p, 'ref')).startsWith('refs/heads/') && field(p, 'deleted') === false,
  );

export const gitHubTagPush = (): Payload =>
  gitHubExample(
    'push',
    (p) => String(field(p, 'ref')).startsWith('refs/tags/') && field(p, 'deleted') === false,
  );

export const gitHubTagDeletion = (): Payload => gitHubExample('push', (p) => field(p, 'deleted') === true);

export const gitHubPing = (): Payload => gitHubExample('ping', (p) => p.repository !== undefined);

/** GitHub's closed pull request example, as sent when it was closed without merging. */
export const gitHubClosedPullRequest = (): Payload =>
  gitHubExample('pull_request', (p) => p['action'] === 'closed');

/**
 * The package ships no merged pull request: its closed example, marked merged the way GitHub marks
 * one (merged, merged_at, merged_by; merge_commit_sha is already the merge commit).
 */
export function gitHubMergedPullRequest(): Payload {
  const payload = gitHubClosedPullRequest();
  const pull = payload['pull_request'] as Record<string, unknown>;
  Object.assign(pull, { merged: true, merged_at: pull['closed_at'], merged_by: payload['sender'] });
  return payload;
}

export const gitHubIssueOpened = (): Payload => gitHubExample('issues', (p) => p['action'] === 'opened');

/** GitLab's documented example bodies, kept under test/fixtures/gitlab. */
export function gitLabExample(
  name: 'push-hook' | 'tag-push-hook' | 'merge-request-hook' | 'pipeline-hook',
): Payload {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', 'gitlab', `${name}.json`), 'utf8')) as Payload;
}

/** GitLab's documented merge request example as GitLab sends it once merged. */
export function gitLabMergedRequest(mergeCommitSha: string): Payload {
  const payload = gitLabExample('merge-request-hook');
  const request = payload['object_attributes'] as Record<string, unknown>;
  Object.assign(request, { action: 'merge', state: 'merged', merge_commit_sha: mergeCommitSha });
  return payload;
}
