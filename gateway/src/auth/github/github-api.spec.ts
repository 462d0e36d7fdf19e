import {
  freePort,
  startGitHubOAuthServer,
  type GitHubOAuthServer,
  type GitHubTestUser,
} from '@slipway/testing';
import { GitHubApi } from './github-api';

const CALLBACK = 'http://127.0.0.1:1/auth/github/callback';

const linus: GitHubTestUser = {
  id: 7,
  login: 'linus',
  name: 'Linus',
  email: null,
  emails: ['linus@kernel.example'],
  teams: Array.from({ length: 250 }, (_, index) => ({
    org: index < 200 ? 'acme' : 'kernel',
    slug: `t${index}`,
  })),
};

/** The REST adapter against the loopback GitHub: what it reads, and how it says GitHub failed. */
describe('GitHubApi', () => {
  let github: GitHubOAuthServer;

  beforeAll(async () => {
    github = await startGitHubOAuthServer({ callbackUrl: CALLBACK });
  });

  afterAll(() => github.stop());

  /** An access token for `user`, obtained the way an OAuth app does. */
  async function accessToken(user: GitHubTestUser): Promise<string> {
    github.signInAs(user);
    const authorize = new URL(`${github.url}/login/oauth/authorize`);
    authorize.search = new URLSearchParams({ client_id: github.clientId, redirect_uri: CALLBACK }).toString();
    const redirected = await fetch(authorize, { redirect: 'manual' });
    const code = new URL(redirected.headers.get('location')!).searchParams.get('code')!;
    const exchanged = await fetch(`${github.url}/login/oauth/access_token`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: github.clientId, client_secret: github.clientSecret, code }),
    });
    return ((await exchanged.json()) as { access_token: string }).access_token;
  }

  it('reads the person, their private primary e-mail and every page of their teams', async () => {
    const identity = await new GitHubApi(github.apiUrl).identity(await accessToken(linus));
    expect(identity).toMatchObject({
      provider: 'github',
      subject: '7',
      name: 'linus',
      email: 'linus@kernel.example',
    });
    expect(identity.groups).toHaveLength(250);
    expect(identity.groups[0]).toBe('acme/t0');
    expect(identity.groups[249]).toBe('kernel/t249');
    const pages = github.requests().filter((request) => request.path === '/api/user/teams');
    expect(pages).toHaveLength(3);
  });

  it("says GitHub's answer to a bad token, without the token", async () => {
    const error = await new GitHubApi(github.apiUrl)
      .identity('gho_not-a-token')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('GitHub answered GET /api/user with 401: Bad credentials');
  });

  it('says which call GitHub did not answer', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/api`;
    await expect(new GitHubApi(closed).person('gho_x')).rejects.toThrow(
      /^GitHub did not answer GET \/api\/user: fetch failed$/,
    );
  });
});
