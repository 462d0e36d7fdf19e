import {
  gitHubBranchPush,
  gitHubClosedPullRequest,
  gitHubExample,
  gitHubIssueOpened,
  gitHubMergedPullRequest,
  gitHubPing,
  gitHubTagDeletion,
  gitHubTagPush,
} from '../test/examples';
import { gitHubIntent, gitHubRepositoryOf } from './github-events';
import { MalformedWebhookError } from './webhook-intent';

/** GitHub's real bodies (npm @octokit/webhooks-examples) turned into what Slipway does. */
describe('GitHub events', () => {
  it('names the repository as owner/name', () => {
    expect(gitHubRepositoryOf(gitHubBranchPush())).toBe('Codertocat/Hello-World');
    expect(gitHubRepositoryOf({ zen: 'no repository' })).toBeNull();
  });

  it('a branch push releases its head commit on that branch, pushed by the pusher', () => {
    expect(gitHubIntent('push', gitHubBranchPush())).toEqual({
      kind: 'release',
      ref: 'refs/heads/master',
      sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      commit: {
        sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        message: 'Initial commit',
        author: 'Codertocat <21031067+Codertocat@users.noreply.github.com>',
        committedAt: '2019-05-15T15:19:25Z',
      },
      actor: 'Codertocat',
    });
  });

  it('a tag push releases the tagged commit on the tag ref', () => {
    expect(gitHubIntent('push', gitHubTagPush())).toMatchObject({
      kind: 'release',
      ref: 'refs/tags/simple-tag',
      sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    });
  });

  it('a commit message is reduced to its subject line, as git log shows it', () => {
    const push = gitHubBranchPush();
    (push['head_commit'] as { message: string }).message = 'Fix checkout\n\nLonger explanation.';
    expect(gitHubIntent('push', push)).toMatchObject({ commit: { message: 'Fix checkout' } });
  });

  it('a deleted tag or branch deploys nothing', () => {
    expect(gitHubIntent('push', gitHubTagDeletion())).toEqual({
      kind: 'ignored',
      reason: 'refs/tags/simple-tag was deleted',
    });
  });

  it('a merged pull request releases the merge commit on the base branch', () => {
    expect(gitHubIntent('pull_request', gitHubMergedPullRequest())).toEqual({
      kind: 'release',
      ref: 'refs/heads/master',
      sha: 'c4295bd74fb0f4fda03689c3df3f2803b658fd85',
      commit: {
        sha: 'c4295bd74fb0f4fda03689c3df3f2803b658fd85',
        message: 'Update the README with new information. (#2)',
        author: 'Codertocat',
        committedAt: '2019-05-15T15:21:18Z',
      },
      actor: 'Codertocat',
    });
  });

  it('a pull request closed without merging deploys nothing', () => {
    expect(gitHubIntent('pull_request', gitHubClosedPullRequest())).toEqual({
      kind: 'ignored',
      reason: 'pull request #2 was closed without merging',
    });
  });

  it('ping is answered, and any other event is acknowledged and ignored', () => {
    expect(gitHubIntent('ping', gitHubPing())).toEqual({ kind: 'ping' });
    expect(gitHubIntent('issues', gitHubIssueOpened())).toEqual({
      kind: 'ignored',
      reason: 'GitHub event issues does not deploy',
    });
  });

  it('a completed check suite or check run tells the deployments waiting for CI of its commit', () => {
    const sha = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
    const suite = gitHubExample('check_suite', (p) => p['action'] === 'completed');
    expect(gitHubIntent('check_suite', suite)).toEqual({
      kind: 'ci',
      sha,
      change: 'check suite completed: success',
    });
    const failedRun = gitHubExample(
      'check_run',
      (p) =>
        p['action'] === 'completed' && (p['check_run'] as { conclusion?: string }).conclusion === 'failure',
    );
    expect(gitHubIntent('check_run', failedRun)).toEqual({
      kind: 'ci',
      sha,
      change: 'check run completed: failure',
    });
  });

  it('a check suite requested or a check run created has not decided anything yet', () => {
    expect(
      gitHubIntent(
        'check_suite',
        gitHubExample('check_suite', (p) => p['action'] === 'requested'),
      ),
    ).toEqual({ kind: 'ignored', reason: 'check suite requested: CI has not finished' });
    expect(
      gitHubIntent(
        'check_run',
        gitHubExample('check_run', (p) => p['action'] === 'created'),
      ),
    ).toEqual({
      kind: 'ignored',
      reason: 'check run created: CI has not finished',
    });
  });

  it("a commit status tells the deployments waiting for CI, unless it is pending or Slipway's own", () => {
    const status = gitHubExample('status', () => true);
    expect(gitHubIntent('status', status)).toEqual({
      kind: 'ci',
      sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      change: 'status default: success',
    });
    expect(gitHubIntent('status', { ...status, state: 'pending' })).toEqual({
      kind: 'ignored',
      reason: 'status default is pending',
    });
    expect(gitHubIntent('status', { ...status, context: 'slipway/build', state: 'failure' })).toEqual({
      kind: 'ignored',
      reason: "slipway/build is Slipway's own build status",
    });
  });

  it('a check run without its commit is malformed, naming the field', () => {
    const run = gitHubExample('check_run', (p) => p['action'] === 'completed');
    delete (run['check_run'] as Record<string, unknown>)['head_sha'];
    expect(() => gitHubIntent('check_run', run)).toThrow(
      'check_run body: check_run.head_sha is missing or malformed',
    );
  });

  it('a push without the fields it promises is malformed, naming the field', () => {
    const push = gitHubBranchPush();
    delete push['after'];
    expect(() => gitHubIntent('push', push)).toThrow(MalformedWebhookError);
    expect(() => gitHubIntent('push', push)).toThrow('push body: after is missing or malformed');
  });
});
