import { startGitHubApiServer, type GitHubApiServer } from '@slipway/testing';
import { generateKeyPairSync } from 'node:crypto';
import { callGitHub, createGitHubClient, type GitHubClient } from './github-client';
import { HostRateLimitedError, HostRejectedError } from './host-errors';

const sha = 'a'.repeat(40);

describe('the GitHub client against a GitHub REST stand-in', () => {
  let github: GitHubApiServer;
  let client: GitHubClient;

  beforeEach(async () => {
    github = await startGitHubApiServer();
    client = createGitHubClient({ apiUrl: github.url, auth: { token: github.token } });
  });

  afterEach(() => github.stop());

  const postStatus = (octokit: GitHubClient = client) =>
    callGitHub(() =>
      octokit.rest.repos.createCommitStatus({
        owner: 'acme',
        repo: 'shop',
        sha,
        state: 'pending',
        context: 'ci',
      }),
    );

  it('answers with what GitHub answered', async () => {
    const { data } = await postStatus();

    expect(data).toMatchObject({ state: 'pending', context: 'ci' });
    expect(github.calls()).toEqual([
      {
        method: 'POST',
        path: `/repos/acme/shop/statuses/${sha}`,
        body: { state: 'pending', context: 'ci' },
        status: 201,
      },
    ]);
  });

  it('reports a secondary rate limit with the wait GitHub asked for in Retry-After', async () => {
    github.rateLimitNext({ retryAfterSeconds: 7 });

    const refused = postStatus();

    await expect(refused).rejects.toBeInstanceOf(HostRateLimitedError);
    await expect(refused).rejects.toMatchObject({ retryAfterMs: 7000 });
    await expect(postStatus()).resolves.toMatchObject({ status: 201 });
  });

  it('reports an exhausted quota with the wait until x-ratelimit-reset', async () => {
    const now = Date.now();
    github.rateLimitNext({ resetInSeconds: 120 });

    const refused = callGitHub(
      () => client.rest.repos.createCommitStatus({ owner: 'acme', repo: 'shop', sha, state: 'success' }),
      () => now,
    );

    const error = (await refused.catch((caught: unknown) => caught)) as HostRateLimitedError;
    expect(error).toBeInstanceOf(HostRateLimitedError);
    // x-ratelimit-reset is in whole seconds: the wait ends within the second GitHub named.
    expect(error.retryAfterMs).toBeGreaterThan(118_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(121_000);
  });

  it('reports a refused token as a rejection not worth repeating', async () => {
    client = createGitHubClient({ apiUrl: github.url, auth: { token: 'ghp_wrong' } });

    await expect(postStatus()).rejects.toEqual(
      expect.objectContaining({
        name: 'HostRejectedError',
        status: 401,
        message: expect.stringContaining('Bad credentials') as unknown,
      }),
    );
  });

  it('reports a repository the token cannot see as a rejection', async () => {
    github.refuseWith(404);

    const refused = postStatus();

    await expect(refused).rejects.toBeInstanceOf(HostRejectedError);
    await expect(refused).rejects.toMatchObject({ status: 404 });
  });

  it('passes a server error on as it is, to be tried again', async () => {
    github.refuseWith(502);

    const refused = postStatus();

    await expect(refused).rejects.toMatchObject({ status: 502 });
    await expect(refused).rejects.not.toBeInstanceOf(HostRejectedError);
    await expect(refused).rejects.not.toBeInstanceOf(HostRateLimitedError);
  });

  it('talks to GitHub Enterprise Server under its /api/v3 path', async () => {
    client = createGitHubClient({ apiUrl: `${github.url}/api/v3/`, auth: { token: github.token } });

    await postStatus();

    expect(github.calls()[0]?.path).toBe(`/api/v3/repos/acme/shop/statuses/${sha}`);
  });
});

describe('the GitHub client as a GitHub App installation', () => {
  // GitHub issues an App's private key as PKCS#1 PEM.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  let github: GitHubApiServer;

  beforeEach(async () => {
    github = await startGitHubApiServer({ app: { appId: '31337', installationId: '777', publicKey } });
  });

  afterEach(() => github.stop());

  const postStatus = (client: GitHubClient) =>
    callGitHub(() =>
      client.rest.repos.createCommitStatus({
        owner: 'acme',
        repo: 'shop',
        sha,
        state: 'pending',
        context: 'ci',
      }),
    );

  it('trades a JWT signed with the App key for an installation token, once, and calls with that token', async () => {
    const client = createGitHubClient({
      apiUrl: github.url,
      auth: { appId: '31337', privateKey, installationId: '777' },
    });

    await postStatus(client);
    await postStatus(client);

    expect(github.calls().map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([
      'POST /app/installations/777/access_tokens 201',
      `POST /repos/acme/shop/statuses/${sha} 201`,
      `POST /repos/acme/shop/statuses/${sha} 201`,
    ]);
    expect(github.state.installationTokens.size).toBe(1);
  });

  it('is refused when the key is not the App key', async () => {
    const other = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const client = createGitHubClient({
      apiUrl: github.url,
      auth: { appId: '31337', privateKey: other.privateKey, installationId: '777' },
    });

    await expect(postStatus(client)).rejects.toEqual(
      expect.objectContaining({ name: 'HostRejectedError', status: 401 }),
    );
    expect(github.calls().map((call) => call.path)).toEqual(['/app/installations/777/access_tokens']);
  });

  it('is refused for an installation the App does not have', async () => {
    const client = createGitHubClient({
      apiUrl: github.url,
      auth: { appId: '31337', privateKey, installationId: '778' },
    });

    await expect(postStatus(client)).rejects.toEqual(
      expect.objectContaining({ name: 'HostRejectedError', status: 404 }),
    );
  });
});
