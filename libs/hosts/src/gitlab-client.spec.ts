import { startGitLabApiServer, type GitLabApiServer } from '@slipway/testing';
import { callGitLab, createGitLabClient, type GitLabClient } from './gitlab-client';
import { HostRateLimitedError, HostRejectedError } from './host-errors';

const sha = 'b'.repeat(40);

describe('the GitLab client against a GitLab REST stand-in', () => {
  let gitlab: GitLabApiServer;
  let client: GitLabClient;

  beforeEach(async () => {
    gitlab = await startGitLabApiServer();
    gitlab.addProject('acme/shop');
    client = createGitLabClient({ apiUrl: gitlab.url, token: gitlab.token });
  });

  afterEach(() => gitlab.stop());

  const postStatus = (gitLab: GitLabClient = client) =>
    callGitLab(() => gitLab.Commits.editStatus('acme/shop', sha, 'pending', { name: 'slipway/build' }));

  it('addresses a project by its URL-encoded path and answers with what GitLab answered', async () => {
    const status = await postStatus();

    expect(status).toMatchObject({ status: 'pending', name: 'slipway/build', sha });
    expect(gitlab.calls()).toEqual([
      {
        method: 'POST',
        path: `/api/v4/projects/acme%2Fshop/statuses/${sha}`,
        body: { state: 'pending', name: 'slipway/build' },
        status: 201,
      },
    ]);
  });

  it('sends the token as PRIVATE-TOKEN, and reports a refused one as a rejection', async () => {
    client = createGitLabClient({ apiUrl: gitlab.url, token: 'glpat-wrong' });

    await expect(postStatus()).rejects.toEqual(
      expect.objectContaining({
        name: 'HostRejectedError',
        status: 401,
        message: 'GitLab answered 401: 401 Unauthorized',
      }),
    );
  });

  it('reports a 429 with the wait GitLab asked for in Retry-After, and asks only once', async () => {
    gitlab.rateLimitNext({ retryAfterSeconds: 9 });

    const refused = postStatus();

    await expect(refused).rejects.toBeInstanceOf(HostRateLimitedError);
    await expect(refused).rejects.toMatchObject({ retryAfterMs: 9000 });
    expect(gitlab.calls().map((call) => call.status)).toEqual([429]);
    await expect(postStatus()).resolves.toMatchObject({ status: 'pending' });
  });

  it('waits until RateLimit-Reset when a 429 names no Retry-After', async () => {
    const now = Date.now();
    gitlab.rateLimitNext({ resetInSeconds: 30 });

    const error = (await callGitLab(
      () => client.Commits.editStatus('acme/shop', sha, 'running', { name: 'slipway/build' }),
      () => now,
    ).catch((caught: unknown) => caught)) as HostRateLimitedError;

    expect(error).toBeInstanceOf(HostRateLimitedError);
    // RateLimit-Reset is in whole seconds: the wait ends within the second GitLab named.
    expect(error.retryAfterMs).toBeGreaterThan(28_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(31_000);
  });

  it('reports an unknown project as a rejection not worth repeating', async () => {
    const refused = callGitLab(() => client.Commits.editStatus('acme/other', sha, 'pending'));

    await expect(refused).rejects.toBeInstanceOf(HostRejectedError);
    await expect(refused).rejects.toMatchObject({
      status: 404,
      message: 'GitLab answered 404: 404 Project Not Found',
    });
  });

  it('passes a server error on as it is, to be tried again', async () => {
    gitlab.refuseWith(502);

    const refused = postStatus();

    await expect(refused).rejects.not.toBeInstanceOf(HostRejectedError);
    await expect(refused).rejects.not.toBeInstanceOf(HostRateLimitedError);
    expect(gitlab.calls()).toHaveLength(1);
  });

  it('refuses an API URL that is not GitLab REST root', () => {
    expect(() => createGitLabClient({ apiUrl: 'https://gitlab.example.com', token: 't' })).toThrow(
      "GitLab's API URL must end in /api/v4",
    );
  });
});
