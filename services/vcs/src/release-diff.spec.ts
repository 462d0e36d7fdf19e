import { GitMirror } from '@slipway/git';
import { commitFiles, createGitRepository, scratchDir } from '@slipway/testing';
import { ApplicationFailure } from '@temporalio/activity';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { releaseDiff } from './release-diff';
import { createVcsActivities } from './vcs.activities';

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

/** Merges the branch into main with a merge commit carrying `message`; returns its sha. */
function merge(repository: string, branch: string, ...message: string[]): string {
  git(repository, 'checkout', '--quiet', 'main');
  git(repository, 'merge', '--quiet', '--no-ff', ...message.flatMap((part) => ['-m', part]), branch);
  return git(repository, 'rev-parse', 'HEAD');
}

/**
 * A shop whose main branch took a squashed pull request (#11), a GitHub pull request (#12) whose branch
 * itself merged GitLab-style merge request !7, and a direct commit; plus a hotfix branch off the start.
 */
function shop() {
  const repository = join(scratchDir('release-diff'), 'shop');
  const first = createGitRepository(repository, { 'README.md': '# shop\n' });
  git(repository, 'checkout', '--quiet', '-b', 'hotfix');
  const hotfix = commitFiles(repository, { 'fix.txt': 'fix\n' }, 'Hotfix the header');
  git(repository, 'checkout', '--quiet', 'main');
  const squash = commitFiles(repository, { 'README.md': '# Shop\n' }, 'Fix typo (#11)');
  git(repository, 'checkout', '--quiet', '-b', 'login');
  const form = commitFiles(repository, { 'login.html': '<form>\n' }, 'Add the login form');
  git(repository, 'checkout', '--quiet', '-b', 'captcha');
  const captcha = commitFiles(repository, { 'captcha.js': 'ask()\n' }, 'Ask for a captcha');
  git(repository, 'checkout', '--quiet', 'login');
  git(
    repository,
    'merge',
    '--quiet',
    '--no-ff',
    '-m',
    "Merge branch 'captcha' into 'login'",
    '-m',
    'See merge request shop/web!7',
    'captcha',
  );
  const captchaMerge = git(repository, 'rev-parse', 'HEAD');
  const pullRequest = merge(repository, 'login', 'Merge pull request #12 from ada/login', 'Log in');
  const direct = commitFiles(repository, { VERSION: '2\n' }, 'Version two');
  return { repository, first, hotfix, squash, form, captcha, captchaMerge, pullRequest, direct };
}

describe('releaseDiff', () => {
  const repo = shop();
  const mirror = new GitMirror(repo.repository, scratchDir('release-diff-mirrors'));

  it('going forward, lists what the new release adds with the request each commit came through', async () => {
    const diff = await releaseDiff(mirror, repo.first, repo.direct);
    expect(diff).toMatchObject({ from: repo.first, direction: 'FORWARD', truncated: false });
    expect(diff.commits.map((commit) => [commit.message, commit.pullRequest])).toEqual([
      ['Version two', null],
      ['Merge pull request #12 from ada/login', 12],
      ["Merge branch 'captcha' into 'login'", 7],
      ['Ask for a captcha', 7],
      ['Add the login form', 12],
      ['Fix typo (#11)', 11],
    ]);
    expect(diff.commits[0]).toEqual({
      sha: repo.direct,
      message: 'Version two',
      author: 'Ada Tester <ada@example.com>',
      committedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      pullRequest: null,
    });
  });

  it('for the first deployment, lists the commit going out', async () => {
    const diff = await releaseDiff(mirror, null, repo.pullRequest);
    expect(diff).toMatchObject({ from: null, direction: 'FIRST', truncated: false });
    expect(diff.commits.map((commit) => [commit.sha, commit.pullRequest])).toEqual([[repo.pullRequest, 12]]);
  });

  it('lists nothing when the environment already runs the commit', async () => {
    expect(await releaseDiff(mirror, repo.direct, repo.direct)).toEqual({
      from: repo.direct,
      direction: 'FORWARD',
      commits: [],
      truncated: false,
    });
  });

  it('going back (a rollback), lists the commits that leave the environment', async () => {
    const diff = await releaseDiff(mirror, repo.direct, repo.squash);
    expect(diff).toMatchObject({ from: repo.direct, direction: 'BACKWARD', truncated: false });
    expect(diff.commits.map((commit) => commit.sha)).toEqual([
      repo.direct,
      repo.pullRequest,
      repo.captchaMerge,
      repo.captcha,
      repo.form,
    ]);
  });

  it('to a commit on another line, says the releases diverged and lists what the new one adds', async () => {
    const diff = await releaseDiff(mirror, repo.direct, repo.hotfix);
    expect(diff).toMatchObject({ from: repo.direct, direction: 'DIVERGED', truncated: false });
    expect(diff.commits.map((commit) => commit.message)).toEqual(['Hotfix the header']);
  });

  it('keeps the newest commits up to the limit and says more differ', async () => {
    const diff = await releaseDiff(mirror, repo.first, repo.direct, 2);
    expect(diff.truncated).toBe(true);
    expect(diff.commits.map((commit) => commit.sha)).toEqual([repo.direct, repo.pullRequest]);
  });
});

describe('the releaseDiff activity', () => {
  const repo = shop();
  const activities = createVcsActivities({ home: scratchDir('vcs-home') });

  it('answers with the diff read from the repository', async () => {
    const diff = await activities.releaseDiff(repo.repository, repo.pullRequest, repo.direct);
    expect(diff).toMatchObject({
      from: repo.pullRequest,
      direction: 'FORWARD',
      commits: [{ sha: repo.direct, message: 'Version two' }],
      truncated: false,
    });
  });

  it('fails without retrying when the running commit is gone from the repository (a force push)', async () => {
    const gone = 'e'.repeat(40);
    const failure: unknown = await activities
      .releaseDiff(repo.repository, gone, repo.direct)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'RefNotFound',
      nonRetryable: true,
      message: `commit ${gone} was not found in ${repo.repository}`,
    });
  });
});
