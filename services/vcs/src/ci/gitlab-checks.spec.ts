import { evaluateGitLabPipeline, type GitLabJob, type GitLabPipeline } from './gitlab-checks';

/** A pipeline as GET /projects/:id/pipelines lists it (GitLab's documented example). */
function pipeline(status: string): GitLabPipeline & Record<string, unknown> {
  return {
    id: 47,
    iid: 12,
    project_id: 1,
    status,
    source: 'push',
    ref: 'new-pipeline',
    sha: 'a91957a858320c0e17f3a0eca7cfacbff50ea29a',
    web_url: 'https://example.com/foo/bar/pipelines/47',
    created_at: '2016-08-11T11:28:34.085Z',
    updated_at: '2016-08-11T11:32:35.169Z',
  };
}

/** A job as GET /projects/:id/pipelines/:pipeline_id/jobs lists it (GitLab's documented example). */
function job(name: string, status: string, allowFailure = false): GitLabJob & Record<string, unknown> {
  return {
    id: 7,
    name,
    stage: 'test',
    status,
    ref: 'new-pipeline',
    tag: false,
    allow_failure: allowFailure,
    coverage: null,
    created_at: '2015-12-24T15:51:21.802Z',
    started_at: '2015-12-24T17:54:27.722Z',
    finished_at: '2015-12-24T17:54:27.895Z',
    duration: 0.173,
    web_url: `https://example.com/foo/bar/-/jobs/${name}`,
    pipeline: { id: 47, ref: 'new-pipeline', sha: 'a91957a858320c0e17f3a0eca7cfacbff50ea29a', status },
  };
}

describe('the CI of a GitLab commit', () => {
  it('is pending while the commit has no pipeline, or only the one holding Slipway’s own status', () => {
    expect(evaluateGitLabPipeline(null, [])).toEqual({ state: 'pending', pending: [] });
    expect(evaluateGitLabPipeline(pipeline('success'), [job('slipway/build', 'success')])).toEqual({
      state: 'pending',
      pending: [],
    });
  });

  it.each(['created', 'waiting_for_resource', 'preparing', 'pending', 'running', 'manual', 'scheduled'])(
    'is pending while the pipeline is %s, naming the jobs not finished',
    (status) => {
      expect(
        evaluateGitLabPipeline(pipeline(status), [job('build', 'success'), job('test', 'running')]),
      ).toEqual({ state: 'pending', pending: ['test'] });
    },
  );

  it('is green when the pipeline succeeded, an allowed failure included', () => {
    expect(
      evaluateGitLabPipeline(pipeline('success'), [job('test', 'success'), job('audit', 'failed', true)]),
    ).toEqual({ state: 'success', pending: [] });
  });

  it('fails with the first failed job that was not allowed to fail, and its link', () => {
    expect(
      evaluateGitLabPipeline(pipeline('failed'), [
        job('audit', 'failed', true),
        job('rspec', 'failed'),
        job('deploy', 'skipped'),
      ]),
    ).toEqual({
      state: 'failure',
      pending: [],
      failed: { name: 'rspec', url: 'https://example.com/foo/bar/-/jobs/rspec' },
    });
  });

  it('fails with the pipeline itself when it was canceled and no job failed', () => {
    expect(evaluateGitLabPipeline(pipeline('canceled'), [job('test', 'canceled')])).toEqual({
      state: 'failure',
      pending: [],
      failed: { name: 'pipeline #47', url: 'https://example.com/foo/bar/pipelines/47' },
    });
  });

  it('with named checks, those jobs decide, whatever the rest of the pipeline does', () => {
    const jobs = [job('test', 'success'), job('e2e', 'failed')];
    expect(evaluateGitLabPipeline(pipeline('failed'), jobs, ['test'])).toEqual({
      state: 'success',
      pending: [],
    });
    expect(evaluateGitLabPipeline(pipeline('running'), jobs, ['test', 'lint'])).toEqual({
      state: 'pending',
      pending: ['lint'],
    });
    expect(evaluateGitLabPipeline(pipeline('failed'), jobs, ['e2e'])).toMatchObject({
      state: 'failure',
      failed: { name: 'e2e', url: 'https://example.com/foo/bar/-/jobs/e2e' },
    });
  });
});
