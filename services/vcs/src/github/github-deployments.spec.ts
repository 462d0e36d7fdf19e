import { startGitHubApiServer, type GitHubApiServer } from '@slipway/testing';
import { GitHubDeployments, GitHubRateLimitedError, GitHubRejectedError } from './github-deployments';

describe('GitHubDeployments against a GitHub REST stand-in', () => {
  let github: GitHubApiServer;
  let client: GitHubDeployments;

  beforeEach(async () => {
    github = await startGitHubApiServer();
    client = new GitHubDeployments({ token: github.token, apiUrl: github.url });
  });

  afterEach(() => github.stop());

  const deployment = {
    repository: 'acme/shop',
    sha: 'a'.repeat(40),
    environment: 'staging',
    deploymentId: '6f1c1a52-5a3e-4c55-9d61-0c2a4c1e9a10',
    description: 'Deploying a1b2c3d to staging',
  };

  it('creates a deployment GitHub neither merges nor gates, carrying the Slipway deployment id', async () => {
    const id = await client.createDeployment(deployment);

    expect(github.calls()).toEqual([
      {
        method: 'POST',
        path: '/repos/acme/shop/deployments',
        status: 201,
        body: {
          ref: 'a'.repeat(40),
          environment: 'staging',
          auto_merge: false,
          required_contexts: [],
          transient_environment: false,
          payload: { slipwayDeploymentId: deployment.deploymentId },
          description: 'Deploying a1b2c3d to staging',
        },
      },
    ]);
    expect(id).toEqual(expect.any(Number));
  });

  it('posts statuses with the log link, and the environment URL only when there is one', async () => {
    const id = await client.createDeployment(deployment);
    await client.postStatus({
      repository: 'acme/shop',
      githubDeploymentId: id,
      state: 'in_progress',
      description: 'Running 3 steps',
      logUrl: 'https://slipway.example.com/deployments/d1',
    });
    await client.postStatus({
      repository: 'acme/shop',
      githubDeploymentId: id,
      state: 'success',
      description: 'Deployed',
      environmentUrl: 'https://staging.shop.example.com',
      logUrl: 'https://slipway.example.com/deployments/d1',
    });

    expect(github.calls().slice(1)).toEqual([
      {
        method: 'POST',
        path: `/repos/acme/shop/deployments/${id}/statuses`,
        status: 201,
        body: {
          state: 'in_progress',
          description: 'Running 3 steps',
          log_url: 'https://slipway.example.com/deployments/d1',
          auto_inactive: true,
        },
      },
      {
        method: 'POST',
        path: `/repos/acme/shop/deployments/${id}/statuses`,
        status: 201,
        body: {
          state: 'success',
          description: 'Deployed',
          environment_url: 'https://staging.shop.example.com',
          log_url: 'https://slipway.example.com/deployments/d1',
          auto_inactive: true,
        },
      },
    ]);
  });

  it('keeps a description within the 140 characters GitHub allows', async () => {
    await client.createDeployment({ ...deployment, description: 'x'.repeat(300) });

    expect(String(github.calls()[0]?.body?.description)).toHaveLength(140);
  });

  it('reports a secondary rate limit with the wait GitHub asked for in Retry-After', async () => {
    github.rateLimitNext({ retryAfterSeconds: 7 });

    const refused = client.createDeployment(deployment);

    await expect(refused).rejects.toBeInstanceOf(GitHubRateLimitedError);
    await expect(refused).rejects.toMatchObject({ retryAfterMs: 7000 });
    await expect(client.createDeployment(deployment)).resolves.toEqual(expect.any(Number));
  });

  it('reports an exhausted quota with the wait until x-ratelimit-reset', async () => {
    const now = Date.now();
    client = new GitHubDeployments({ token: github.token, apiUrl: github.url, now: () => now });
    github.rateLimitNext({ resetInSeconds: 120 });

    const refused = client.createDeployment(deployment);

    await expect(refused).rejects.toBeInstanceOf(GitHubRateLimitedError);
    const { retryAfterMs } = (await refused.catch((error: unknown) => error)) as GitHubRateLimitedError;
    // x-ratelimit-reset is in whole seconds: the wait ends within the second GitHub named.
    expect(retryAfterMs).toBeGreaterThan(118_000);
    expect(retryAfterMs).toBeLessThanOrEqual(121_000);
  });

  it('reports a refused token as a rejection not worth repeating', async () => {
    client = new GitHubDeployments({ token: 'ghp_wrong', apiUrl: github.url });

    await expect(client.createDeployment(deployment)).rejects.toEqual(
      expect.objectContaining({ name: 'GitHubRejectedError', status: 401 }),
    );
  });

  it('reports a repository the token cannot see as a rejection', async () => {
    github.refuseWith(404);

    const refused = client.createDeployment(deployment);

    await expect(refused).rejects.toBeInstanceOf(GitHubRejectedError);
    await expect(refused).rejects.toMatchObject({ status: 404 });
  });

  it('passes a server error on as it is, to be tried again', async () => {
    github.refuseWith(502);

    const refused = client.createDeployment(deployment);

    await expect(refused).rejects.toMatchObject({ status: 502 });
    await expect(refused).rejects.not.toBeInstanceOf(GitHubRejectedError);
  });

  it('talks to GitHub Enterprise Server under its /api/v3 path', async () => {
    client = new GitHubDeployments({ token: github.token, apiUrl: `${github.url}/api/v3/` });

    await expect(client.createDeployment(deployment)).resolves.toEqual(expect.any(Number));
    expect(github.calls()[0]?.path).toBe('/api/v3/repos/acme/shop/deployments');
  });
});
