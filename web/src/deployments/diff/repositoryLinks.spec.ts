import { describe, expect, it } from '@jest/globals';
import { repositoryLinks } from './repositoryLinks';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('repositoryLinks', () => {
  it('links a GitHub repository’s commits and pull requests', () => {
    const links = repositoryLinks({ vcsProvider: 'github', vcsRepository: 'slipway-demo/hello' });
    expect(links?.pullRequest(42)).toBe('https://github.com/slipway-demo/hello/pull/42');
    expect(links?.commit(SHA)).toBe(`https://github.com/slipway-demo/hello/commit/${SHA}`);
    expect(links?.pullRequestLabel(42)).toBe('#42');
  });

  it('links a GitLab project’s merge requests, subgroups included', () => {
    const links = repositoryLinks({ vcsProvider: 'gitlab', vcsRepository: 'acme/platform/shop' });
    expect(links?.pullRequest(7)).toBe('https://gitlab.com/acme/platform/shop/-/merge_requests/7');
    expect(links?.commit(SHA)).toBe(`https://gitlab.com/acme/platform/shop/-/commit/${SHA}`);
    expect(links?.pullRequestLabel(7)).toBe('!7');
  });

  it('gives no links without a connected repository or for a host it does not know', () => {
    expect(repositoryLinks({ vcsProvider: null, vcsRepository: null })).toBeNull();
    expect(repositoryLinks({ vcsProvider: 'github', vcsRepository: null })).toBeNull();
    expect(repositoryLinks({ vcsProvider: 'bitbucket', vcsRepository: 'a/b' })).toBeNull();
    expect(repositoryLinks(undefined)).toBeNull();
  });

  it('keeps odd characters of a repository name inside its path segment', () => {
    const links = repositoryLinks({ vcsProvider: 'github', vcsRepository: 'acme/shop?x=1' });
    expect(links?.pullRequest(1)).toBe('https://github.com/acme/shop%3Fx%3D1/pull/1');
  });
});
