import { createGitHubClient, createGitLabClient } from '@slipway/hosts';
import type { ProjectRef } from '@slipway/temporal';
import {
  setCheckRun,
  setPipeline,
  startGitHubApiServer,
  startGitLabApiServer,
  type GitHubApiServer,
  type GitLabApiServer,
} from '@slipway/testing';
import { ApplicationFailure } from '@temporalio/activity';
import { commitChecksActivity } from './commit-checks.activity';

const sha = 'c'.repeat(40);
const onGitHub: ProjectRef = {
  name: 'shop',
  repositoryUrl: '/srv/git/shop.git',
  vcs: { provider: 'github', repository: 'acme/shop' },
};
const onGitLab: ProjectRef = { ...onGitHub, vcs: { provider: 'gitlab', repository: 'acme/shop' } };

/** The activity over HTTP, against loopback stand-ins that answer as GitHub's and GitLab's APIs do. */
describe('the commitChecks activity', () => {
  let github: GitHubApiServer;
  let gitlab: GitLabApiServer;
  let commitChecks: ReturnType<typeof commitChecksActivity>;

  beforeEach(async () => {
    [github, gitlab] = await Promise.all([startGitHubApiServer(), startGitLabApiServer()]);
    gitlab.addProject('acme/shop');
    commitChecks = commitChecksActivity({
      github: createGitHubClient({ apiUrl: github.url, auth: { token: github.token } }),
      gitlab: createGitLabClient({ apiUrl: gitlab.url, token: gitlab.token }),
    });
  });

  afterEach(() => Promise.all([github.stop(), gitlab.stop()]));

  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('the activity answered');
      },
      (error: unknown) => error as ApplicationFailure,
    );

  it('reads every page of check runs and the combined status of the commit on GitHub', async () => {
    for (let run = 0; run < 120; run += 1) {
      setCheckRun(github, {
        repository: 'acme/shop',
        sha,
        name: `shard-${run}`,
        status: 'completed',
        conclusion: 'success',
      });
    }
    github.state.commitStatuses.push({
      repository: 'acme/shop',
      sha,
      state: 'pending',
      context: 'ci/jenkins',
      description: null,
      targetUrl: 'https://jenkins.example.com/job/7',
    });

    expect(await commitChecks(onGitHub, sha)).toEqual({ state: 'pending', pending: ['ci/jenkins'] });
    expect(github.calls().map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      `GET /repos/acme/shop/commits/${sha}/check-runs 200`,
      `GET /repos/acme/shop/commits/${sha}/check-runs 200`,
      `GET /repos/acme/shop/commits/${sha}/status 200`,
    ]);
  });

  it('names the failed GitHub check run and links to its page', async () => {
    const run = setCheckRun(github, {
      repository: 'acme/shop',
      sha,
      name: 'test',
      status: 'completed',
      conclusion: 'timed_out',
    });
    expect(await commitChecks(onGitHub, sha)).toEqual({
      state: 'failure',
      pending: [],
      failed: { name: 'test', url: run.htmlUrl },
    });
  });

  it('waits as long as GitHub asks when rate limited, and never retries a refusal', async () => {
    github.rateLimitNext({ retryAfterSeconds: 7 });
    expect(await failureOf(commitChecks(onGitHub, sha))).toMatchObject({
      type: 'HostRateLimited',
      nextRetryDelay: 7000,
    });
    github.refuseWith(404);
    expect(await failureOf(commitChecks(onGitHub, sha))).toMatchObject({
      type: 'HostRejected',
      nonRetryable: true,
    });
  });

  it('reads the latest GitLab pipeline of the commit and its jobs', async () => {
    setPipeline(gitlab, {
      project: 'acme/shop',
      sha,
      status: 'failed',
      jobs: [{ name: 'test', status: 'failed' }],
    });
    const latest = setPipeline(gitlab, {
      project: 'acme/shop',
      sha,
      status: 'running',
      jobs: [
        { name: 'build', status: 'success' },
        { name: 'test', status: 'running' },
      ],
    });
    expect(await commitChecks(onGitLab, sha)).toEqual({ state: 'pending', pending: ['test'] });

    setPipeline(gitlab, {
      project: 'acme/shop',
      sha,
      id: latest.id,
      status: 'failed',
      jobs: [
        { name: 'build', status: 'success' },
        { name: 'test', status: 'failed' },
      ],
    });
    expect(await commitChecks(onGitLab, sha)).toEqual({
      state: 'failure',
      pending: [],
      failed: { name: 'test', url: latest.jobs[1]?.webUrl },
    });
    expect(
      gitlab
        .calls()
        .slice(-2)
        .map(({ method, path }) => `${method} ${path}`),
    ).toEqual([
      'GET /api/v4/projects/acme%2Fshop/pipelines',
      `GET /api/v4/projects/acme%2Fshop/pipelines/${latest.id}/jobs`,
    ]);
  });

  it('is pending on GitLab until the commit has a pipeline', async () => {
    expect(await commitChecks(onGitLab, sha)).toEqual({ state: 'pending', pending: [] });
  });

  it('says what is missing when the project or the vcs service cannot read CI', async () => {
    const unconnected: ProjectRef = { name: 'shop', repositoryUrl: '/srv/git/shop.git' };
    expect(await failureOf(commitChecks(unconnected, sha))).toMatchObject({
      type: 'NotConnected',
      nonRetryable: true,
      message: 'project shop is not connected to a GitHub or GitLab repository',
    });
    const withoutGitLab = commitChecksActivity({ github: null, gitlab: null });
    expect(await failureOf(withoutGitLab(onGitLab, sha))).toMatchObject({
      type: 'HostNotConfigured',
      nonRetryable: true,
      message: 'the vcs service cannot read CI from GitLab: set GITLAB_TOKEN',
    });
  });
});
