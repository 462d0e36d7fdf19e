import { gitLabExample, gitLabMergedRequest } from '../test/examples';
import { gitLabIntent, gitLabRepositoryOf } from './gitlab-events';
import { MalformedWebhookError } from './webhook-intent';

/** GitLab's documented bodies turned into what Slipway does. */
describe('GitLab events', () => {
  it('names the repository by its path with namespace', () => {
    expect(gitLabRepositoryOf(gitLabExample('push-hook'))).toBe('mike/diaspora');
    expect(gitLabRepositoryOf({ object_kind: 'push' })).toBeNull();
  });

  it('a push releases checkout_sha with the head commit from commits[]', () => {
    expect(gitLabIntent('Push Hook', gitLabExample('push-hook'))).toEqual({
      kind: 'release',
      ref: 'refs/heads/master',
      sha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
      commit: {
        sha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
        message: 'fixed readme',
        author: 'GitLab dev user <gitlabdev@dv6700.(none)>',
        committedAt: '2012-01-03T23:36:29+02:00',
      },
      actor: 'jsmith',
    });
  });

  it('a tag push (no commits listed) releases the tag, and the release reads the commit from git', () => {
    expect(gitLabIntent('Tag Push Hook', gitLabExample('tag-push-hook'))).toEqual({
      kind: 'release',
      ref: 'refs/tags/v1.0.0',
      sha: '82b3d5ae55f7080f1e6022629cdb57bfae7cccc7',
      commit: null,
      actor: 'John Smith',
    });
  });

  it('a deleted branch deploys nothing', () => {
    const push = gitLabExample('push-hook');
    Object.assign(push, { after: '0'.repeat(40), checkout_sha: null, commits: [] });
    expect(gitLabIntent('Push Hook', push)).toEqual({
      kind: 'ignored',
      reason: 'refs/heads/master was deleted',
    });
  });

  it('a merged merge request releases its merge commit on the target branch', () => {
    const sha = 'f'.repeat(40);
    expect(gitLabIntent('Merge Request Hook', gitLabMergedRequest(sha))).toEqual({
      kind: 'release',
      ref: 'refs/heads/master',
      sha,
      commit: { sha, message: 'MS-Viewport (!1)', author: 'root', committedAt: '2013-12-03T17:23:34Z' },
      actor: 'root',
    });
  });

  it('a fast-forward merge (no merge commit) releases the last commit as it is', () => {
    const payload = gitLabMergedRequest('f'.repeat(40));
    (payload['object_attributes'] as Record<string, unknown>)['merge_commit_sha'] = null;
    expect(gitLabIntent('Merge Request Hook', payload)).toMatchObject({
      sha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
      commit: { message: 'fixed readme', author: 'GitLab dev user <gitlabdev@dv6700.(none)>' },
    });
  });

  it('a merge request opened, and any other event, is acknowledged and ignored', () => {
    expect(gitLabIntent('Merge Request Hook', gitLabExample('merge-request-hook'))).toEqual({
      kind: 'ignored',
      reason: 'merge request !1 was open, not merged',
    });
    expect(gitLabIntent('Job Hook', { object_kind: 'build' })).toEqual({
      kind: 'ignored',
      reason: 'GitLab event Job Hook does not deploy',
    });
  });

  it('a finished pipeline tells the deployments waiting for CI of its commit; a running one does not', () => {
    expect(gitLabIntent('Pipeline Hook', gitLabExample('pipeline-hook'))).toEqual({
      kind: 'ci',
      sha: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
      change: 'pipeline #31: success',
    });
    const running = gitLabExample('pipeline-hook');
    (running['object_attributes'] as Record<string, unknown>)['status'] = 'running';
    expect(gitLabIntent('Pipeline Hook', running)).toEqual({
      kind: 'ignored',
      reason: 'pipeline #31 is running',
    });
  });

  it('a pipeline without its commit is malformed, naming the field', () => {
    const pipeline = gitLabExample('pipeline-hook');
    delete (pipeline['object_attributes'] as Record<string, unknown>)['sha'];
    expect(() => gitLabIntent('Pipeline Hook', pipeline)).toThrow(
      new MalformedWebhookError('Pipeline Hook body: object_attributes.sha is missing or malformed'),
    );
  });

  it('a push without a ref is malformed, naming the field', () => {
    const push = gitLabExample('push-hook');
    delete push['ref'];
    expect(() => gitLabIntent('Push Hook', push)).toThrow(
      new MalformedWebhookError('Push Hook body: ref is missing or malformed'),
    );
  });
});
