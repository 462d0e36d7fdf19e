import { GitMirror, type LoggedCommit, type RepositoryLocation, type RepositorySource } from '@slipway/git';
import { createShopRepository, scratchDir } from '@slipway/testing';
import { ApplicationFailure } from '@temporalio/activity';
import { join } from 'node:path';
import { PULL_REQUEST_LOOKUP_LIMIT, releaseDiff } from './release-diff';
import { createVcsActivities } from './vcs.activities';

/** The shop repository (see createShopRepository) in a folder of its own. */
const shop = () => createShopRepository(join(scratchDir('release-diff'), 'shop'));

describe('releaseDiff', () => {
  const repo = shop();
  const mirror = new GitMirror(repo.path, scratchDir('release-diff-mirrors'));

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
  const mirrorsDir = scratchDir('vcs-mirrors');
  const activities = createVcsActivities({
    repositories: ({ repositoryUrl }) => new GitMirror(repositoryUrl, mirrorsDir),
  });

  it('answers with the diff read from the repository', async () => {
    const diff = await activities.releaseDiff(repo.path, repo.pullRequest, repo.direct);
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
      .releaseDiff(repo.path, gone, repo.direct)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'RefNotFound',
      nonRetryable: true,
      message: `commit ${gone} was not found in ${repo.path}`,
    });
  });
});

describe('the repository the vcs activities read', () => {
  const repo = shop();
  const mirrorsDir = scratchDir('vcs-mirrors');
  const asked: RepositoryLocation[] = [];
  const activities = createVcsActivities({
    repositories: (location) => {
      asked.push(location);
      return new GitMirror(location.repositoryUrl, mirrorsDir);
    },
  });

  it("reads the project's repository from the source picked for the project", async () => {
    const project = {
      name: 'shop',
      repositoryUrl: repo.path,
      vcs: { provider: 'github' as const, repository: 'acme/shop' },
    };
    const diff = await activities.releaseDiff(project, repo.pullRequest, repo.direct);
    expect(diff.commits.map((commit) => commit.sha)).toEqual([repo.direct]);
    expect(await activities.resolveCommit(project, 'v2')).toMatchObject({ sha: repo.direct });
    expect(asked).toEqual([project, project]);
  });

  it('reads a bare repository URL, as workflows started before projects were passed send it, with git', async () => {
    asked.length = 0;
    expect(await activities.resolveCommit(repo.path, 'main')).toMatchObject({ sha: repo.direct });
    expect(asked).toEqual([{ repositoryUrl: repo.path }]);
  });
});

describe('the requests of commits whose messages name none', () => {
  /** `count` commits straight on main, newest first, each "Change <n>" except one squashed "(#5)". */
  const history = (count: number): LoggedCommit[] =>
    Array.from({ length: count }, (_, index) => {
      const message = index === 2 ? 'Tidy up (#5)' : `Change ${count - index}`;
      return {
        sha: index.toString(16).padStart(40, 'a'),
        message,
        body: message,
        author: 'Ada Tester <ada@example.com>',
        committedAt: '2026-11-26T08:00:00Z',
        parents: [(index + 1).toString(16).padStart(40, 'a')],
      };
    });

  /** A host that knows the request of some commits, and remembers which commits it was asked about. */
  function host(commits: LoggedCommit[], requests: Record<string, number>) {
    const asked: string[] = [];
    const source: RepositorySource = {
      resolve: () => Promise.reject(new Error('not read here')),
      readFile: () => Promise.reject(new Error('not read here')),
      checkout: () => Promise.reject(new Error('not read here')),
      direction: () => Promise.resolve('FORWARD'),
      commitsBetween: (_from, _to, limit) =>
        Promise.resolve({ commits: commits.slice(0, limit), truncated: commits.length > limit }),
      pullRequestOf: (sha) => {
        asked.push(sha);
        return Promise.resolve(requests[sha] ?? null);
      },
    };
    return { source, asked };
  }

  it(`asks the host about the newest ${PULL_REQUEST_LOOKUP_LIMIT} of them at most`, async () => {
    const commits = history(60);
    const sha = (index: number) => commits[index]!.sha;
    const { source, asked } = host(commits, { [sha(0)]: 40, [sha(1)]: 39, [sha(55)]: 3 });

    const diff = await releaseDiff(source, 'f'.repeat(40), sha(0));

    expect(asked).toHaveLength(PULL_REQUEST_LOOKUP_LIMIT);
    expect(asked).not.toContain(sha(2));
    expect(asked).toEqual(
      commits
        .filter((_, index) => index !== 2)
        .slice(0, PULL_REQUEST_LOOKUP_LIMIT)
        .map((commit) => commit.sha),
    );
    expect(diff.commits.slice(0, 4).map((commit) => [commit.message, commit.pullRequest])).toEqual([
      ['Change 60', 40],
      ['Change 59', 39],
      ['Tidy up (#5)', 5],
      ['Change 57', null],
    ]);
    // Beyond the lookups, a commit stays without a request even where the host knows one.
    expect(diff.commits[55]).toMatchObject({ sha: sha(55), pullRequest: null });
  });
});
