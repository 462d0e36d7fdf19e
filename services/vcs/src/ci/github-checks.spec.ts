import { gitHubExample } from '../../test/examples';
import { evaluateGitHubChecks, type GitHubCheckRun, type GitHubCommitStatus } from './github-checks';

/** Check runs as GitHub returns them (the webhook's check_run is the REST object), renamed and re-stated. */
function checkRun(name: string, status: string, conclusion: string | null): GitHubCheckRun {
  const { check_run: run } = gitHubExample('check_run', (p) => p['action'] === 'completed') as unknown as {
    check_run: GitHubCheckRun & { id: number };
  };
  return { ...run, name, status, conclusion, html_url: `https://github.com/acme/shop/runs/${name}` };
}

/** One status of GET /repos/{o}/{r}/commits/{sha}/status, from GitHub's status webhook example. */
function commitStatus(context: string, state: string): GitHubCommitStatus {
  const example = gitHubExample('status', () => true) as unknown as GitHubCommitStatus & { id: number };
  return { ...example, context, state, target_url: `https://ci.example.com/${context}` };
}

describe('the CI of a GitHub commit', () => {
  it('is pending while nothing is reported: CI may not have started', () => {
    expect(evaluateGitHubChecks([], [])).toEqual({ state: 'pending', pending: [] });
    expect(evaluateGitHubChecks([], [commitStatus('slipway/build', 'success')])).toEqual({
      state: 'pending',
      pending: [],
    });
  });

  it('is pending, naming what still runs, while a check run is queued or a status pending', () => {
    expect(
      evaluateGitHubChecks(
        [checkRun('test', 'in_progress', null), checkRun('lint', 'completed', 'success')],
        [commitStatus('ci/jenkins', 'pending')],
      ),
    ).toEqual({ state: 'pending', pending: ['test', 'ci/jenkins'] });
  });

  it('is green once every run succeeded, was neutral or skipped and every status is success', () => {
    expect(
      evaluateGitHubChecks(
        [
          checkRun('test', 'completed', 'success'),
          checkRun('docs', 'completed', 'neutral'),
          checkRun('deploy-preview', 'completed', 'skipped'),
        ],
        [commitStatus('ci/jenkins', 'success'), commitStatus('slipway/build', 'pending')],
      ),
    ).toEqual({ state: 'success', pending: [] });
  });

  it.each(['failure', 'cancelled', 'timed_out', 'action_required'])(
    'fails on a check run that ended %s, naming it and linking to it, even while others run',
    (conclusion) => {
      expect(
        evaluateGitHubChecks(
          [checkRun('lint', 'queued', null), checkRun('test', 'completed', conclusion)],
          [],
        ),
      ).toEqual({
        state: 'failure',
        pending: ['lint'],
        failed: { name: 'test', url: 'https://github.com/acme/shop/runs/test' },
      });
    },
  );

  it.each(['failure', 'error'])('fails on a status in %s, with its context and target URL', (state) => {
    expect(evaluateGitHubChecks([], [commitStatus('ci/jenkins', state)])).toEqual({
      state: 'failure',
      pending: [],
      failed: { name: 'ci/jenkins', url: 'https://ci.example.com/ci/jenkins' },
    });
  });

  it('with named checks, only those count, and one not reported yet is pending', () => {
    const runs = [checkRun('test', 'completed', 'success'), checkRun('flaky', 'completed', 'failure')];
    expect(evaluateGitHubChecks(runs, [], ['test', 'build'])).toEqual({
      state: 'pending',
      pending: ['build'],
    });
    expect(evaluateGitHubChecks(runs, [commitStatus('build', 'success')], ['test', 'build'])).toEqual({
      state: 'success',
      pending: [],
    });
  });

  it('links to the CI itself when GitHub gives no page for the run', () => {
    const run = {
      ...checkRun('test', 'completed', 'failure'),
      html_url: null,
      details_url: 'https://ci.example.com/builds/7',
    };
    expect(evaluateGitHubChecks([run], []).failed).toEqual({
      name: 'test',
      url: 'https://ci.example.com/builds/7',
    });
  });
});
