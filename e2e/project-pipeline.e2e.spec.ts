import { graphqlData, postGraphQL, scratchDir } from '@slipway/testing';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freeUpPorts,
  readAdminToken,
  readEndpoints,
  startUp,
  type Endpoints,
  type RunningUp,
} from './running-up';

interface Pipeline {
  ref: string;
  commitSha: string;
  commitMessage: string | null;
  path: string;
  text: string | null;
  valid: boolean;
  problems: Array<{ line: number; column: number; path: string; message: string }>;
  environments: Array<{
    name: string;
    after: string | null;
    auto: { branches: string[]; tags: string[] } | null;
    approval: { roles: string[]; approvers: number; allowSelfApproval: boolean; timeoutMs: number } | null;
    ci: { required: boolean } | null;
    freeze: Array<{ name: string }>;
    steps: Array<{ name: string; type: string }>;
    url: string | null;
  }>;
}

const PIPELINE = `query Pipeline($project: String!, $ref: String) {
  pipeline(project: $project, ref: $ref) {
    ref commitSha commitMessage path text valid
    problems { line column path message }
    environments {
      name after
      auto { branches tags }
      approval { roles approvers allowSelfApproval timeoutMs }
      ci { required }
      freeze { name }
      steps { name type }
      url
    }
  }
}`;

/**
 * Commits `files` (null deletes one) on top of main as `branch`, with git's plumbing: the demo's
 * working tree stays as it is and its push hook does not fire (nothing deploys).
 */
function commitOnBranch(
  repository: string,
  branch: string,
  files: Record<string, string | null>,
  message: string,
): string {
  const env = {
    ...process.env,
    GIT_INDEX_FILE: join(scratchDir('pipeline-index'), 'index'),
    GIT_AUTHOR_NAME: 'Ada Tester',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Ada Tester',
    GIT_COMMITTER_EMAIL: 'ada@example.com',
  };
  const git = (args: string[], input?: string): string =>
    execFileSync('git', args, { cwd: repository, env, input, encoding: 'utf8' }).trim();
  git(['read-tree', 'main']);
  for (const [path, content] of Object.entries(files)) {
    if (content === null) {
      git(['update-index', '--force-remove', '--', path]);
    } else {
      const blob = git(['hash-object', '-w', '--stdin'], content);
      git(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`]);
    }
  }
  const sha = git(['commit-tree', git(['write-tree']), '-p', 'main', '-m', message]);
  git(['update-ref', `refs/heads/${branch}`, sha]);
  return sha;
}

/**
 * `pipeline(project, ref)` against `npm run up`: the gateway reads the spec of the demo repository
 * through Temporal (the pipelineSpec workflow on the runner, its activity on the vcs service).
 */
describe("a project's pipeline over GraphQL", () => {
  let stack: RunningUp | undefined;
  let endpoints: Endpoints;
  let token: string;
  let repository: string;

  beforeAll(async () => {
    const home = scratchDir('project-pipeline');
    stack = await startUp(home, await freeUpPorts());
    endpoints = readEndpoints(home);
    token = readAdminToken(home);
    repository = endpoints.demo.repositoryUrl;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const pipeline = (variables: { project: string; ref?: string }, bearer = token) =>
    postGraphQL<{ pipeline: Pipeline }>(endpoints.graphql, bearer, PIPELINE, variables);

  it("reads the demo's default branch: development → staging → production, production behind an approval", async () => {
    const { body } = await pipeline({ project: 'hello' });
    expect(body.errors).toBeUndefined();
    const read = body.data!.pipeline;
    const head = execFileSync('git', ['rev-parse', 'main'], { cwd: repository, encoding: 'utf8' }).trim();
    expect(read).toMatchObject({
      ref: 'HEAD',
      commitSha: head,
      commitMessage: 'Initial hello app',
      path: '.slipway.yml',
      text: readFileSync(join(repository, '.slipway.yml'), 'utf8'),
      valid: true,
      problems: [],
    });
    expect(read.environments.map(({ name, after }) => [name, after])).toEqual([
      ['development', null],
      ['staging', 'development'],
      ['production', null],
    ]);
    const [development, staging, production] = read.environments;
    expect(development).toMatchObject({ auto: { branches: ['main'], tags: [] }, approval: null, ci: null });
    expect(staging).toMatchObject({ auto: null, approval: null });
    expect(production).toMatchObject({
      auto: null,
      approval: { roles: ['admin'], approvers: 1, allowSelfApproval: true, timeoutMs: 24 * 3_600_000 },
      ci: null,
      freeze: [],
    });
    expect(production?.steps).toEqual([
      { name: 'release', type: 'release' },
      { name: 'health-check', type: 'shell' },
    ]);
  });

  it('shows a broken spec on a branch as committed, each problem at its line and column', async () => {
    const spec = readFileSync(join(repository, '.slipway.yml'), 'utf8');
    const broken = spec.replace('allowSelfApproval: true', 'allowSelfApproval: sometimes');
    expect(broken).not.toBe(spec);
    const sha = commitOnBranch(repository, 'broken-spec', { '.slipway.yml': broken }, 'Loosen approvals');

    const { body } = await pipeline({ project: 'hello', ref: 'broken-spec' });
    expect(body.errors).toBeUndefined();
    const lines = broken.split('\n');
    const line = lines.findIndex((text) => text.includes('allowSelfApproval: sometimes')) + 1;
    expect(body.data!.pipeline).toEqual({
      ref: 'broken-spec',
      commitSha: sha,
      commitMessage: 'Loosen approvals',
      path: '.slipway.yml',
      text: broken,
      valid: false,
      problems: [
        {
          line,
          column: lines[line - 1]!.indexOf('sometimes') + 1,
          path: 'environments.2.approval.allowSelfApproval',
          message: 'expected boolean',
        },
      ],
      environments: [],
    });
  });

  it('says a commit without the spec has none: no text, not valid', async () => {
    const sha = commitOnBranch(repository, 'no-spec', { '.slipway.yml': null }, 'Drop the pipeline');
    const { body } = await pipeline({ project: 'hello', ref: 'no-spec' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.pipeline).toMatchObject({
      commitSha: sha,
      path: '.slipway.yml',
      text: null,
      valid: false,
      problems: [],
      environments: [],
    });
  });

  it('names a ref the repository does not have, and refuses one that is no ref at all', async () => {
    const unknown = await pipeline({ project: 'hello', ref: 'no-such-branch' });
    expect(unknown.body.data ?? null).toBeNull();
    expect(unknown.body.errors?.[0]).toMatchObject({
      message: 'ref "no-such-branch" was not found in the repository of project hello',
      extensions: { code: 'BAD_USER_INPUT', field: 'ref' },
    });
    const malformed = await pipeline({ project: 'hello', ref: '--upload-pack=evil' });
    expect(malformed.body.errors?.[0]).toMatchObject({
      message: 'ref must be a branch, tag or commit sha',
      extensions: { code: 'BAD_USER_INPUT', field: 'ref' },
    });
  });

  it('answers NOT_FOUND for a project that does not exist and, alike, for one the caller may not see', async () => {
    const missing = await pipeline({ project: 'nope' });
    expect(missing.body.errors?.[0]).toMatchObject({
      message: 'project "nope" does not exist',
      extensions: { code: 'NOT_FOUND', field: 'project' },
    });

    await graphqlData(
      endpoints.graphql,
      token,
      'mutation ($input: CreateProjectInput!) { createProject(input: $input) { name } }',
      { input: { name: 'elsewhere', repositoryUrl: repository } },
    );
    const { createApiToken } = await graphqlData<{ createApiToken: { token: string } }>(
      endpoints.graphql,
      token,
      'mutation ($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
      { input: { name: 'elsewhere-viewer', roles: ['viewer'], projects: ['elsewhere'] } },
    );
    const hidden = await pipeline({ project: 'hello' }, createApiToken.token);
    expect(hidden.body.errors?.[0]).toMatchObject({
      message: 'project "hello" does not exist',
      extensions: { code: 'NOT_FOUND', field: 'project' },
    });
    const visible = await pipeline({ project: 'elsewhere' }, createApiToken.token);
    expect(visible.body.data?.pipeline.valid).toBe(true);
  });
});
