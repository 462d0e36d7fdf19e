import { createGitHubClient, HostRejectedError } from '@slipway/hosts';
import { startGitHubApiServer, type GitHubApiServer } from '@slipway/testing';
import { GitHubDeployments } from './github-deployments';

describe('GitHubDeployments against a GitHub REST stand-in', () => {
  let github: GitHubApiServer;
  let host: GitHubDeployments;

  beforeEach(async () => {
    github = await startGitHubApiServer();
    host = new GitHubDeployments(createGitHubClient({ apiUrl: github.url, auth: { token: github.token } }));
  });

  afterEach(() => github.stop());

  const sha = 'a'.repeat(40);
  const deployment = {
    repository: 'acme/shop',
    sha,
    ref: 'refs/heads/main',
    environment: 'staging',
    deploymentId: '6f1c1a52-5a3e-4c55-9d61-0c2a4c1e9a10',
  };
  const logUrl = 'https://slipway.example.com/deployments/d1';
  const queued = { state: 'queued' as const, description: 'Deploying a1b2c3d to staging', logUrl };

  it('creates a deployment GitHub neither merges nor gates, carrying the Slipway deployment id', async () => {
    const created = await host.createDeployment(deployment, queued);

    expect(github.calls()).toEqual([
      {
        method: 'POST',
        path: '/repos/acme/shop/deployments',
        status: 201,
        body: {
          ref: sha,
          environment: 'staging',
          auto_merge: false,
          required_contexts: [],
          transient_environment: false,
          payload: { slipwayDeploymentId: deployment.deploymentId },
          description: 'Deploying a1b2c3d to staging',
        },
      },
    ]);
    // GitHub shows no status until one is posted.
    expect(created).toEqual({ id: expect.stringMatching(/^\d+$/) as unknown, statusShown: false });
  });

  it('posts statuses with the log link, the environment URL only when there is one, and retires by hand', async () => {
    const { id } = await host.createDeployment(deployment, queued);
    await host.postStatus('acme/shop', id, { state: 'in_progress', description: 'Running 3 steps', logUrl });
    await host.postStatus('acme/shop', id, {
      state: 'success',
      description: 'Deployed',
      environmentUrl: 'https://staging.shop.example.com',
      logUrl,
    });
    await host.retire('acme/shop', id, logUrl);

    expect(github.calls().slice(1)).toEqual([
      {
        method: 'POST',
        path: `/repos/acme/shop/deployments/${id}/statuses`,
        status: 201,
        body: { state: 'in_progress', description: 'Running 3 steps', log_url: logUrl, auto_inactive: false },
      },
      {
        method: 'POST',
        path: `/repos/acme/shop/deployments/${id}/statuses`,
        status: 201,
        body: {
          state: 'success',
          description: 'Deployed',
          environment_url: 'https://staging.shop.example.com',
          log_url: logUrl,
          auto_inactive: false,
        },
      },
      {
        method: 'POST',
        path: `/repos/acme/shop/deployments/${id}/statuses`,
        status: 201,
        body: {
          state: 'inactive',
          description: 'Replaced by a newer deployment',
          log_url: logUrl,
          auto_inactive: false,
        },
      },
    ]);
  });

  it('posts the build as a commit status linking to the deployment', async () => {
    await host.postCommitStatus({
      repository: 'acme/shop',
      sha,
      state: 'pending',
      context: 'slipway/build',
      description: 'Building',
      targetUrl: logUrl,
    });

    expect(github.calls()).toEqual([
      {
        method: 'POST',
        path: `/repos/acme/shop/statuses/${sha}`,
        status: 201,
        body: { state: 'pending', context: 'slipway/build', description: 'Building', target_url: logUrl },
      },
    ]);
  });

  it('keeps a description within the 140 characters GitHub allows', async () => {
    await host.createDeployment(deployment, { ...queued, description: 'x'.repeat(300) });

    expect(String(github.calls()[0]?.body?.description)).toHaveLength(140);
  });

  it('reports a repository the token cannot see as a rejection', async () => {
    github.refuseWith(404);

    await expect(host.createDeployment(deployment, queued)).rejects.toBeInstanceOf(HostRejectedError);
  });
});
