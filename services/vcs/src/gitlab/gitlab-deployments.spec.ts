import { createGitLabClient, HostRejectedError } from '@slipway/hosts';
import { startGitLabApiServer, type GitLabApiServer } from '@slipway/testing';
import { GitLabDeployments } from './gitlab-deployments';

describe('GitLabDeployments against a GitLab REST stand-in', () => {
  let gitlab: GitLabApiServer;
  let host: GitLabDeployments;

  beforeEach(async () => {
    gitlab = await startGitLabApiServer();
    gitlab.addProject('acme/shop');
    host = new GitLabDeployments(createGitLabClient({ apiUrl: gitlab.url, token: gitlab.token }));
  });

  afterEach(() => gitlab.stop());

  const sha = 'c'.repeat(40);
  const deployment = {
    repository: 'acme/shop',
    sha,
    ref: 'refs/tags/v1.2.0',
    environment: 'production',
    deploymentId: '6f1c1a52-5a3e-4c55-9d61-0c2a4c1e9a10',
  };
  const logUrl = 'https://slipway.example.com/deployments/d1';
  const calls = () =>
    gitlab.calls().map(({ method, path, body, status }) => ({ method, path, body, status }));
  const project = '/api/v4/projects/acme%2Fshop';

  it('creates nothing while the deployment only waits: GitLab has no queued deployment', async () => {
    await expect(
      host.createDeployment(deployment, { state: 'queued', description: 'Queued', logUrl }),
    ).resolves.toBeNull();
    expect(calls()).toEqual([]);
  });

  it('creates the deployment running for its tag, then updates it, and shows the environment URL on success', async () => {
    const created = await host.createDeployment(deployment, {
      state: 'in_progress',
      description: 'Deploying',
      logUrl,
    });
    expect(created).toEqual({ id: expect.stringMatching(/^\d+$/) as unknown, statusShown: true });
    const id = created?.id ?? '';
    await host.postStatus('acme/shop', id, {
      state: 'success',
      description: 'Deployed',
      environmentUrl: 'https://shop.example.com',
      logUrl,
    });
    // The URL is set once: a later success to the same URL leaves the environment alone.
    const again = await host.createDeployment(deployment, {
      state: 'in_progress',
      description: 'Deploying',
      logUrl,
    });
    await host.postStatus('acme/shop', again?.id ?? '', {
      state: 'success',
      description: 'Deployed',
      environmentUrl: 'https://shop.example.com',
      logUrl,
    });

    const environmentId = [...gitlab.state.environments.values()][0]?.id;
    expect(calls()).toEqual([
      {
        method: 'POST',
        path: `${project}/deployments`,
        body: { environment: 'production', sha, ref: 'v1.2.0', tag: true, status: 'running' },
        status: 201,
      },
      { method: 'PUT', path: `${project}/deployments/${id}`, body: { status: 'success' }, status: 200 },
      {
        method: 'PUT',
        path: `${project}/environments/${environmentId}`,
        body: { external_url: 'https://shop.example.com' },
        status: 200,
      },
      {
        method: 'POST',
        path: `${project}/deployments`,
        body: { environment: 'production', sha, ref: 'v1.2.0', tag: true, status: 'running' },
        status: 201,
      },
      {
        method: 'PUT',
        path: `${project}/deployments/${again?.id}`,
        body: { status: 'success' },
        status: 200,
      },
    ]);
    expect(gitlab.state.environments.get(environmentId ?? 0)?.externalUrl).toBe('https://shop.example.com');
  });

  it('reads a failure and a deployment that never ran (superseded) in GitLab words', async () => {
    const created = await host.createDeployment(
      { ...deployment, ref: 'refs/heads/main' },
      { state: 'inactive', description: 'superseded', logUrl },
    );
    const failed = await host.createDeployment(deployment, {
      state: 'in_progress',
      description: 'Deploying',
      logUrl,
    });
    await host.postStatus('acme/shop', failed?.id ?? '', {
      state: 'failure',
      description: 'verify failed',
      logUrl,
    });

    expect(gitlab.state.deployments.get(Number(created?.id))).toMatchObject({
      ref: 'main',
      tag: false,
      statuses: ['canceled'],
    });
    expect(gitlab.state.deployments.get(Number(failed?.id))?.statuses).toEqual(['running', 'failed']);
  });

  it('takes a repeated status (a retry after a lost answer) as done', async () => {
    const created = await host.createDeployment(deployment, {
      state: 'in_progress',
      description: 'Deploying',
      logUrl,
    });
    const success = {
      state: 'success' as const,
      description: 'Deployed',
      environmentUrl: 'https://shop.example.com',
      logUrl,
    };
    await host.postStatus('acme/shop', created?.id ?? '', success);
    await host.postStatus('acme/shop', created?.id ?? '', success);

    expect(calls().map(({ method, status }) => `${method} ${status}`)).toEqual([
      'POST 201',
      'PUT 200',
      'PUT 200',
      // The repeat is refused by GitLab's state machine; the environment is looked at and is already right.
      'PUT 400',
      'GET 200',
    ]);
  });

  it('posts the build as a running, then successful commit status, and takes a repeat as done', async () => {
    const status = {
      repository: 'acme/shop',
      sha,
      context: 'slipway/build',
      description: 'Building',
      targetUrl: logUrl,
    };
    await host.postCommitStatus({ ...status, state: 'pending' });
    await host.postCommitStatus({ ...status, state: 'pending' });
    await host.postCommitStatus({ ...status, state: 'success', description: 'Built' });

    expect(calls()).toEqual([
      {
        method: 'POST',
        path: `${project}/statuses/${sha}`,
        body: { state: 'running', name: 'slipway/build', description: 'Building', target_url: logUrl },
        status: 201,
      },
      {
        method: 'POST',
        path: `${project}/statuses/${sha}`,
        body: { state: 'running', name: 'slipway/build', description: 'Building', target_url: logUrl },
        status: 400,
      },
      {
        method: 'POST',
        path: `${project}/statuses/${sha}`,
        body: { state: 'success', name: 'slipway/build', description: 'Built', target_url: logUrl },
        status: 201,
      },
    ]);
  });

  it('reports a project the token cannot see as a rejection', async () => {
    await expect(
      host.createDeployment(
        { ...deployment, repository: 'acme/other' },
        { state: 'in_progress', description: 'x', logUrl },
      ),
    ).rejects.toBeInstanceOf(HostRejectedError);
  });
});
