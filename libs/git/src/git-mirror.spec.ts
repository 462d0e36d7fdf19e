import { commitFiles, createGitRepository, scratchDir } from '@slipway/testing';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { GitMirror } from './git-mirror';
import { GitRefNotFoundError } from './repository-source';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Grace Merger',
  GIT_AUTHOR_EMAIL: 'grace@example.com',
  GIT_COMMITTER_NAME: 'Grace Merger',
  GIT_COMMITTER_EMAIL: 'grace@example.com',
};

function git(repository: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repository, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...IDENTITY },
  }).trim();
}

/**
 * main: first ← "Fix typo (#11)" ← merge of pull request #12, whose branch holds two commits made
 * off the first one.
 */
function repositoryWithAMergedPullRequest() {
  const repository = join(scratchDir('git-mirror'), 'shop');
  const first = createGitRepository(repository, { 'README.md': '# shop\n' });
  git(repository, 'checkout', '--quiet', '-b', 'login');
  const form = commitFiles(repository, { 'login.html': '<form>\n' }, 'Add the login form');
  const validation = commitFiles(repository, { 'login.js': 'check()\n' }, 'Validate the login');
  git(repository, 'checkout', '--quiet', 'main');
  const squash = commitFiles(repository, { 'README.md': '# Shop\n' }, 'Fix typo (#11)');
  git(
    repository,
    'merge',
    '--quiet',
    '--no-ff',
    '-m',
    'Merge pull request #12 from ada/login',
    '-m',
    'Log in',
    'login',
  );
  const merge = git(repository, 'rev-parse', 'HEAD');
  return { repository, first, form, validation, squash, merge };
}

describe('GitMirror.commitsBetween', () => {
  const repo = repositoryWithAMergedPullRequest();
  const mirror = new GitMirror(repo.repository, scratchDir('git-mirrors'));

  it('lists only the commit going out when nothing was deployed before', async () => {
    const range = await mirror.commitsBetween(null, repo.merge, 250);
    expect(range.truncated).toBe(false);
    expect(range.commits).toEqual([
      {
        sha: repo.merge,
        message: 'Merge pull request #12 from ada/login',
        body: 'Merge pull request #12 from ada/login\n\nLog in',
        author: 'Grace Merger <grace@example.com>',
        committedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/) as unknown,
        parents: [repo.squash, repo.validation],
      },
    ]);
  });

  it('lists every commit the new release has and the running one lacks, merged branches included, newest first', async () => {
    const range = await mirror.commitsBetween(repo.first, repo.merge, 250);
    expect(range.truncated).toBe(false);
    expect(range.commits.map((commit) => commit.sha)).toEqual([
      repo.merge,
      repo.validation,
      repo.form,
      repo.squash,
    ]);
    expect(range.commits.map((commit) => [commit.message, commit.author])).toEqual([
      ['Merge pull request #12 from ada/login', 'Grace Merger <grace@example.com>'],
      ['Validate the login', 'Ada Tester <ada@example.com>'],
      ['Add the login form', 'Ada Tester <ada@example.com>'],
      ['Fix typo (#11)', 'Ada Tester <ada@example.com>'],
    ]);
  });

  it('lists nothing from a newer release back to an older one, which is no ancestor of it', async () => {
    expect(await mirror.commitsBetween(repo.merge, repo.first, 250)).toEqual({
      commits: [],
      truncated: false,
    });
    await expect(mirror.isAncestor(repo.merge, repo.first)).resolves.toBe(false);
    await expect(mirror.isAncestor(repo.first, repo.merge)).resolves.toBe(true);
    await expect(mirror.isAncestor(repo.merge, repo.merge)).resolves.toBe(true);
  });

  it('keeps the newest commits up to the limit and says when there were more', async () => {
    const cut = await mirror.commitsBetween(repo.first, repo.merge, 2);
    expect(cut).toMatchObject({ truncated: true, commits: [{ sha: repo.merge }, { sha: repo.validation }] });
    const exact = await mirror.commitsBetween(repo.first, repo.merge, 4);
    expect(exact.truncated).toBe(false);
    expect(exact.commits).toHaveLength(4);
  });

  it('refuses a commit the repository does not have', async () => {
    const unknown = 'f'.repeat(40);
    await expect(mirror.commitsBetween(unknown, repo.merge, 250)).rejects.toThrow(
      new GitRefNotFoundError(`commit ${unknown} was not found in ${repo.repository}`),
    );
  });
});
