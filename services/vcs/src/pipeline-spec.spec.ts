import { GitMirror } from '@slipway/git';
import { commitFiles, createGitRepository, gitAsMerger, scratchDir } from '@slipway/testing';
import { ApplicationFailure } from '@temporalio/activity';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createVcsActivities } from './vcs.activities';

const SPEC =
  'version: 1\nenvironments:\n  - name: development\n    steps:\n      - name: hi\n        run: echo hi\n';

/** The pipelineSpec activity on a real repository, read through a git mirror as the vcs service reads it. */
describe('the pipelineSpec activity', () => {
  const path = join(scratchDir('pipeline-spec'), 'shop');
  const first = createGitRepository(path, { '.slipway.yml': SPEC, 'deploy/pipeline.yml': 'version: 1\n' });
  gitAsMerger(path, 'checkout', '--quiet', '-b', 'no-spec');
  rmSync(join(path, '.slipway.yml'));
  const withoutSpec = commitFiles(path, {}, 'Drop the spec');
  gitAsMerger(path, 'checkout', '--quiet', 'main');
  const mirrorsDir = scratchDir('pipeline-spec-mirrors');
  const activities = createVcsActivities({
    repositories: ({ repositoryUrl }) => new GitMirror(repositoryUrl, mirrorsDir),
  });
  const project = { name: 'shop', repositoryUrl: path };

  it('answers the commit the ref resolves to and the text of .slipway.yml there', async () => {
    expect(await activities.pipelineSpec(project, 'main')).toEqual({
      commit: {
        sha: first,
        message: 'First commit',
        author: 'Ada Tester <ada@example.com>',
        committedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      },
      path: '.slipway.yml',
      text: SPEC,
    });
  });

  it("reads HEAD as the repository's default branch, whatever branch moved last", async () => {
    const spec = await activities.pipelineSpec(project, 'HEAD');
    expect(spec.commit.sha).toBe(first);
  });

  it("reads the project's own spec path", async () => {
    const spec = await activities.pipelineSpec({ ...project, specPath: 'deploy/pipeline.yml' }, 'main');
    expect(spec).toMatchObject({ path: 'deploy/pipeline.yml', text: 'version: 1\n' });
  });

  it('answers text null when the commit has no file there, or a folder', async () => {
    expect(await activities.pipelineSpec(project, 'no-spec')).toMatchObject({
      commit: { sha: withoutSpec, message: 'Drop the spec' },
      path: '.slipway.yml',
      text: null,
    });
    const folder = await activities.pipelineSpec({ ...project, specPath: 'deploy' }, 'main');
    expect(folder.text).toBeNull();
  });

  it('fails without retrying on a ref the repository does not have, naming it', async () => {
    const failure: unknown = await activities
      .pipelineSpec(project, 'no-such-branch')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'RefNotFound',
      nonRetryable: true,
      message: `ref "no-such-branch" was not found in ${path}`,
    });
  });
});
