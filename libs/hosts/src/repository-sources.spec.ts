import { GitFileNotFoundError, GitMirror, GitRefNotFoundError, type RepositorySource } from '@slipway/git';
import {
  commitFiles,
  createShopRepository,
  gitAsMerger,
  LocalGitRepository,
  scratchDir,
  startGitHubApiServer,
  startGitLabApiServer,
  type GitHubApiServer,
  type GitLabApiServer,
} from '@slipway/testing';
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createGitHubClient } from './github-client';
import { GitHubRepositorySource } from './github-source';
import { createGitLabClient } from './gitlab-client';
import { GitLabRepositorySource } from './gitlab-source';
import { HostRateLimitedError, HostRejectedError } from './host-errors';
import { repositorySourceFor } from './repository-sources';

/** Every file under `dir` with its mode and content (a link: its target), by path. */
function treeOf(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else {
        const content = stat.isSymbolicLink() ? `-> ${readlinkSync(path)}` : readFileSync(path, 'utf8');
        tree[relative(dir, path)] = `${(stat.mode & 0o777).toString(8)} ${content}`;
      }
    }
  };
  walk(dir);
  return tree;
}

/** What `git archive` of the commit holds, unpacked: the tree a checkout must reproduce. */
function archivedTree(repository: string, sha: string): Record<string, string> {
  const dir = scratchDir('archived');
  execFileSync('sh', ['-c', 'git -C "$1" archive "$2" | tar -x -C "$3"', 'sh', repository, sha, dir]);
  return treeOf(dir);
}

const shop = createShopRepository(join(scratchDir('repository-sources'), 'shop'));
// A link and a file in a nested folder, so a checkout shows it keeps both.
symlinkSync('README.md', join(shop.path, 'LINK.md'));
const linked = commitFiles(shop.path, { 'src/app/main.js': 'run()\n' }, 'Link the readme');
// A branch with a history of its own (an imported project), sharing no commit with main.
gitAsMerger(shop.path, 'checkout', '--quiet', '--orphan', 'imported');
const unrelated = commitFiles(shop.path, { 'OTHER.md': 'other\n' }, 'Start over');
gitAsMerger(shop.path, 'checkout', '--quiet', '--force', 'main');

/** The shop, then 130 more commits: more than one page of GitHub's comparison. */
const longHistory = (() => {
  const long = createShopRepository(join(scratchDir('long-history'), 'long'));
  let last = long.direct;
  for (let index = 1; index <= 130; index += 1) {
    last = commitFiles(long.path, { 'counter.txt': `${index}\n` }, `Count to ${index}`);
  }
  return { long, last };
})();

let github: GitHubApiServer;
let gitlab: GitLabApiServer;

beforeAll(async () => {
  github = await startGitHubApiServer();
  gitlab = await startGitLabApiServer();
  github.state.repositories.set('acme/shop', new LocalGitRepository(shop.path));
  gitlab.addProject('acme/shop');
  gitlab.state.repositories.set('acme/shop', new LocalGitRepository(shop.path));
});

afterAll(async () => {
  await github.stop();
  await gitlab.stop();
});

const sources: [string, () => RepositorySource][] = [
  ['git', () => new GitMirror(shop.path, scratchDir('mirrors'))],
  [
    "GitHub's API",
    () =>
      new GitHubRepositorySource(
        createGitHubClient({ apiUrl: github.url, auth: { token: github.token } }),
        'acme/shop',
      ),
  ],
  [
    "GitLab's API",
    () =>
      new GitLabRepositorySource(
        createGitLabClient({ apiUrl: gitlab.url, token: gitlab.token }),
        'acme/shop',
      ),
  ],
];

describe.each(sources)('the repository read through %s', (_, sourceOf) => {
  let source: RepositorySource;
  beforeAll(() => {
    source = sourceOf();
  });

  it('resolves a branch, a tag and a sha to the commit, with its subject and author', async () => {
    const expected = {
      sha: shop.direct,
      message: 'Version two',
      author: 'Ada Tester <ada@example.com>',
      committedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/) as unknown,
    };
    expect(await source.resolve('v2')).toEqual(expected);
    expect(await source.resolve(shop.direct)).toEqual(expected);
    expect(await source.resolve('hotfix')).toMatchObject({ sha: shop.hotfix, message: 'Hotfix the header' });
    expect(await source.resolve('main')).toMatchObject({ sha: linked });
  });

  it('refuses a ref the repository does not have, and one that is no ref name', async () => {
    await expect(source.resolve('no-such-branch')).rejects.toThrow(GitRefNotFoundError);
    await expect(source.resolve('no-such-branch')).rejects.toThrow(/ref "no-such-branch" was not found in /);
    await expect(source.resolve('../../etc')).rejects.toThrow(
      new GitRefNotFoundError('"../../etc" is not a valid branch, tag or commit'),
    );
  });

  it('reads a file as it was at a commit', async () => {
    expect(await source.readFile(shop.first, 'deploy/pipeline.yml')).toBe('version: 1\n');
    expect(await source.readFile(shop.direct, 'deploy/pipeline.yml')).toBe('version: 2\n');
  });

  it('says a file is missing at a commit without it, and a folder is no file', async () => {
    await expect(source.readFile(shop.first, 'VERSION')).rejects.toThrow(
      new GitFileNotFoundError(`VERSION does not exist at commit ${shop.first.slice(0, 12)}`),
    );
    await expect(source.readFile(shop.first, 'deploy')).rejects.toThrow(GitFileNotFoundError);
  });

  it('says a commit the repository does not have is not found when a file is read from it', async () => {
    const gone = 'e'.repeat(40);
    await expect(source.readFile(gone, 'deploy/pipeline.yml')).rejects.toThrow(GitRefNotFoundError);
    await expect(source.readFile(gone, 'deploy/pipeline.yml')).rejects.toThrow(
      new RegExp(`^commit ${gone} was not found in `),
    );
  });

  it('tells forward, backward and diverged releases apart', async () => {
    expect(await source.direction(shop.first, shop.direct)).toBe('FORWARD');
    expect(await source.direction(shop.direct, shop.direct)).toBe('FORWARD');
    expect(await source.direction(shop.direct, shop.squash)).toBe('BACKWARD');
    expect(await source.direction(shop.direct, shop.hotfix)).toBe('DIVERGED');
    expect(await source.direction(shop.direct, unrelated)).toBe('DIVERGED');
  });

  it('lists the commits one release has and another lacks, newest first, with messages and parents', async () => {
    const range = await source.commitsBetween(shop.first, shop.direct, 250);
    expect(range.truncated).toBe(false);
    expect(range.commits.map((commit) => commit.sha)).toEqual([
      shop.direct,
      shop.pullRequest,
      shop.captchaMerge,
      shop.captcha,
      shop.form,
      shop.squash,
    ]);
    expect(range.commits[1]).toEqual({
      sha: shop.pullRequest,
      message: 'Merge pull request #12 from ada/login',
      body: 'Merge pull request #12 from ada/login\n\nLog in',
      author: 'Grace Merger <grace@example.com>',
      committedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      parents: [shop.squash, shop.captchaMerge],
    });
  });

  it('lists the commit going out alone for a first release, and what leaves or diverges otherwise', async () => {
    const first = await source.commitsBetween(null, shop.pullRequest, 250);
    expect(first.commits.map((commit) => commit.sha)).toEqual([shop.pullRequest]);
    expect(first.commits[0]?.parents).toEqual([shop.squash, shop.captchaMerge]);
    const back = await source.commitsBetween(shop.direct, shop.squash, 250);
    expect(back).toEqual({ commits: [], truncated: false });
    const diverged = await source.commitsBetween(shop.direct, shop.hotfix, 250);
    expect(diverged.commits.map((commit) => commit.message)).toEqual(['Hotfix the header']);
  });

  it('keeps the newest commits up to the limit and says there were more', async () => {
    const cut = await source.commitsBetween(shop.first, shop.direct, 2);
    expect(cut.truncated).toBe(true);
    expect(cut.commits.map((commit) => commit.sha)).toEqual([shop.direct, shop.pullRequest]);
  });

  it('names the commit that is gone (a force push) when listing from it', async () => {
    const gone = 'e'.repeat(40);
    await expect(source.commitsBetween(gone, shop.direct, 250)).rejects.toThrow(
      new RegExp(`^commit ${gone} was not found in `),
    );
    await expect(source.direction(gone, shop.direct)).rejects.toThrow(GitRefNotFoundError);
  });

  it('checks out exactly the tree git archives for the commit, links and modes kept', async () => {
    const target = join(scratchDir('checkout'), 'workspace');
    await source.checkout(linked, target);
    const tree = treeOf(target);
    expect(tree['.slipway-commit']).toBe(`644 ${linked}\n`);
    delete tree['.slipway-commit'];
    expect(tree).toEqual(archivedTree(shop.path, linked));
    expect(tree['LINK.md']).toBe('777 -> README.md');
    // A second checkout of the same commit keeps the one already there.
    await source.checkout(linked, target);
    expect(Object.keys(treeOf(target))).toHaveLength(Object.keys(tree).length + 1);
  });
});

describe("the repository read through GitHub's API", () => {
  const source = () =>
    new GitHubRepositorySource(
      createGitHubClient({ apiUrl: github.url, auth: { token: github.token } }),
      'acme/shop',
    );

  it('asks GitHub for the merged pull request a commit came from', async () => {
    github.state.pullRequests.set(shop.squash, [
      { number: 10, title: 'An older attempt', mergedAt: null },
      { number: 11, title: 'Fix typo', mergedAt: '2026-11-26T08:00:00Z' },
    ]);
    expect(await source().pullRequestOf(shop.squash)).toBe(11);
    expect(await source().pullRequestOf(shop.direct)).toBeNull();
  });

  it('reads only the newest pages of a long comparison', async () => {
    const { long, last } = longHistory;
    github.state.repositories.set('acme/long', new LocalGitRepository(long.path));
    const client = createGitHubClient({ apiUrl: github.url, auth: { token: github.token } });
    const before = github.calls().length;

    const range = await new GitHubRepositorySource(client, 'acme/long').commitsBetween(long.direct, last, 20);

    expect(range.truncated).toBe(true);
    expect(range.commits.map((commit) => commit.message)).toEqual(
      Array.from({ length: 20 }, (_, index) => `Count to ${130 - index}`),
    );
    // Page 1 says how many there are; page 2 holds the newest 30.
    expect(
      github
        .calls()
        .slice(before)
        .map((call) => call.path),
    ).toEqual([
      `/repos/acme/long/compare/${long.direct}...${last}`,
      `/repos/acme/long/compare/${long.direct}...${last}`,
    ]);
  });

  it('says when GitHub rate limits, with the wait it asked for', async () => {
    github.rateLimitNext({ retryAfterSeconds: 9 });
    const refused = source().resolve('main');
    await expect(refused).rejects.toBeInstanceOf(HostRateLimitedError);
    await expect(refused).rejects.toMatchObject({ retryAfterMs: 9000 });
  });

  it('says a repository GitHub does not show this token is not found, and a refusal is a refusal', async () => {
    const unknown = new GitHubRepositorySource(
      createGitHubClient({ apiUrl: github.url, auth: { token: github.token } }),
      'acme/unknown',
    );
    await expect(unknown.resolve('main')).rejects.toThrow(
      new GitRefNotFoundError('ref "main" was not found in GitHub repository acme/unknown'),
    );
    const stranger = new GitHubRepositorySource(
      createGitHubClient({ apiUrl: github.url, auth: { token: 'ghp_not-the-token' } }),
      'acme/shop',
    );
    await expect(stranger.resolve('main')).rejects.toMatchObject({ name: 'HostRejectedError', status: 401 });
  });
});

describe("the repository read through GitLab's API", () => {
  const source = () =>
    new GitLabRepositorySource(createGitLabClient({ apiUrl: gitlab.url, token: gitlab.token }), 'acme/shop');

  it('asks GitLab for the merged merge request a commit came from', async () => {
    gitlab.state.mergeRequests.set(shop.form, [
      { iid: 6, title: 'Closed unmerged', state: 'closed' },
      { iid: 8, title: 'Log in', state: 'merged' },
    ]);
    expect(await source().pullRequestOf(shop.form)).toBe(8);
    expect(await source().pullRequestOf(shop.direct)).toBeNull();
  });

  it('says when GitLab rate limits, with the wait it asked for', async () => {
    gitlab.rateLimitNext({ retryAfterSeconds: 4 });
    const refused = source().readFile(shop.direct, 'VERSION');
    await expect(refused).rejects.toBeInstanceOf(HostRateLimitedError);
    await expect(refused).rejects.toMatchObject({ retryAfterMs: 4000 });
  });

  it('says a project GitLab does not show this token is not found', async () => {
    const unknown = new GitLabRepositorySource(
      createGitLabClient({ apiUrl: gitlab.url, token: gitlab.token }),
      'acme/unknown',
    );
    await expect(unknown.resolve('main')).rejects.toThrow(
      new GitRefNotFoundError('ref "main" was not found in GitLab project acme/unknown'),
    );
    gitlab.refuseWith(403);
    await expect(source().resolve('main')).rejects.toBeInstanceOf(HostRejectedError);
    gitlab.refuseWith(null);
  });
});

describe('the source picked for a project', () => {
  const mirrorsDir = scratchDir('picked');
  const githubClient = createGitHubClient({ apiUrl: 'https://api.github.example', auth: { token: 'ghp_x' } });
  const gitlabClient = createGitLabClient({ apiUrl: 'https://gitlab.example/api/v4', token: 'glpat-x' });
  const connected = (provider: 'github' | 'gitlab') => ({
    repositoryUrl: 'https://git.example/shop.git',
    vcs: { provider, repository: 'acme/shop' },
  });

  it("is the provider's API for a project connected to a provider Slipway has credentials for", () => {
    const hosts = { github: githubClient, gitlab: gitlabClient, mirrorsDir };
    expect(repositorySourceFor(connected('github'), hosts)).toBeInstanceOf(GitHubRepositorySource);
    expect(repositorySourceFor(connected('gitlab'), hosts)).toBeInstanceOf(GitLabRepositorySource);
  });

  it('is git without credentials for its provider, or without a connected repository', () => {
    const git = repositorySourceFor(connected('github'), { github: null, gitlab: gitlabClient, mirrorsDir });
    expect(git).toBeInstanceOf(GitMirror);
    expect((git as GitMirror).repositoryUrl).toBe('https://git.example/shop.git');
    const hosts = { github: githubClient, gitlab: gitlabClient, mirrorsDir };
    expect(repositorySourceFor({ repositoryUrl: '/srv/shop' }, hosts)).toBeInstanceOf(GitMirror);
  });

  it('is git for a repository on this machine, connected or not (the demo with a token set)', () => {
    const hosts = { github: githubClient, gitlab: gitlabClient, mirrorsDir };
    for (const repositoryUrl of ['/srv/git/shop.git', 'file:///srv/git/shop.git']) {
      const git = repositorySourceFor({ ...connected('github'), repositoryUrl }, hosts);
      expect(git).toBeInstanceOf(GitMirror);
      expect((git as GitMirror).repositoryUrl).toBe(repositoryUrl);
    }
  });
});
