import type { ExternalIdentity } from '../users.service';

/** A GitHub REST call that did not answer what we needed; its message never carries the token. */
export class GitHubApiError extends Error {}

/** The person behind an access token, as GitHub's REST API describes them. */
export interface GitHubPerson {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
}

interface GitHubTeam {
  slug: string;
  organization: { login: string };
}

interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

/** A team list longer than this is refused rather than followed forever. */
const MAX_TEAM_PAGES = 50;
const TIMEOUT_MS = 10_000;

/**
 * GitHub's REST API as the sign-in needs it: who the token belongs to, and their teams. Plain
 * `fetch`, no framework, so that it is tested against the loopback stand-in on its own.
 */
export class GitHubApi {
  /** `apiUrl` is https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  constructor(private readonly apiUrl: string) {}

  /** The identity Slipway signs in: the person, their e-mail, and their teams as `org/team` groups. */
  async identity(accessToken: string): Promise<ExternalIdentity> {
    const person = await this.person(accessToken);
    const [email, groups] = await Promise.all([
      person.email ?? this.primaryEmail(accessToken),
      this.teams(accessToken),
    ]);
    return { provider: 'github', subject: String(person.id), name: person.login, email, groups };
  }

  async person(accessToken: string): Promise<GitHubPerson> {
    const { body } = await this.get(`${this.apiUrl}/user`, accessToken);
    if (!isPerson(body)) throw new GitHubApiError('GitHub answered GET /user without id and login');
    return { id: body.id, login: body.login, name: body.name ?? null, email: body.email ?? null };
  }

  /** Every team of the person, across all pages, as `org-login/team-slug`. */
  async teams(accessToken: string): Promise<string[]> {
    const groups: string[] = [];
    let next: string | null = `${this.apiUrl}/user/teams?per_page=100`;
    for (let page = 1; next !== null; page++) {
      if (page > MAX_TEAM_PAGES) {
        throw new GitHubApiError(`GitHub listed more than ${MAX_TEAM_PAGES} pages of teams; stopped reading`);
      }
      const { body, link } = await this.get(next, accessToken);
      if (!Array.isArray(body) || !body.every(isTeam)) {
        throw new GitHubApiError('GitHub answered GET /user/teams with something other than a list of teams');
      }
      groups.push(...body.map((team) => `${team.organization.login}/${team.slug}`));
      next = this.nextPage(link);
    }
    return groups;
  }

  /** A person who keeps their e-mail private still has a primary one the `user:email` scope may read. */
  private async primaryEmail(accessToken: string): Promise<string | null> {
    const { body } = await this.get(`${this.apiUrl}/user/emails`, accessToken);
    if (!Array.isArray(body)) return null;
    const primary = (body as unknown[]).find(
      (entry): entry is GitHubEmail => isEmail(entry) && entry.primary && entry.verified,
    );
    return primary?.email ?? null;
  }

  /** The `rel="next"` page, followed only on the API's own origin: the token goes nowhere else. */
  private nextPage(link: string | null): string | null {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(link ?? '');
    if (!match?.[1]) return null;
    const next = new URL(match[1], this.apiUrl);
    if (next.origin !== new URL(this.apiUrl).origin) {
      throw new GitHubApiError(`GitHub's next page of teams points to another origin (${next.origin})`);
    }
    return next.href;
  }

  private async get(url: string, accessToken: string): Promise<{ body: unknown; link: string | null }> {
    const what = `GET ${new URL(url).pathname}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${accessToken}`,
          'user-agent': 'Slipway',
          'x-github-api-version': '2022-11-28',
        },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new GitHubApiError(`GitHub did not answer ${what}: ${(error as Error).message}`);
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      throw new GitHubApiError(`GitHub answered ${what} with ${response.status}: ${messageOf(body)}`);
    }
    return { body, link: response.headers.get('link') };
  }
}

function messageOf(body: unknown): string {
  return typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string'
    ? body.message
    : 'no message';
}

function isPerson(
  body: unknown,
): body is { id: number; login: string; name?: string | null; email?: string | null } {
  return (
    typeof body === 'object' &&
    body !== null &&
    'id' in body &&
    typeof body.id === 'number' &&
    'login' in body &&
    typeof body.login === 'string'
  );
}

function isTeam(entry: unknown): entry is GitHubTeam {
  return (
    typeof entry === 'object' &&
    entry !== null &&
    'slug' in entry &&
    typeof entry.slug === 'string' &&
    'organization' in entry &&
    typeof entry.organization === 'object' &&
    entry.organization !== null &&
    'login' in entry.organization &&
    typeof entry.organization.login === 'string'
  );
}

function isEmail(entry: unknown): entry is GitHubEmail {
  return (
    typeof entry === 'object' &&
    entry !== null &&
    'email' in entry &&
    typeof entry.email === 'string' &&
    'primary' in entry &&
    typeof entry.primary === 'boolean' &&
    'verified' in entry &&
    typeof entry.verified === 'boolean'
  );
}
