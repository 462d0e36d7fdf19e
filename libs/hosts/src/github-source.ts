import {
  assertFullSha,
  assertRefName,
  type CommitDirection,
  type CommitInfo,
  type CommitRange,
  extractTarball,
  GitFileNotFoundError,
  GitRefNotFoundError,
  type LoggedCommit,
  type RepositorySource,
  subjectOf,
  writeCheckout,
} from '@slipway/git';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { callGitHub, type GitHubClient } from './github-client';
import { HostRejectedError } from './host-errors';

/** Commits a page of GitHub's compare (its most). */
const COMPARE_PAGE_SIZE = 100;

/** A commit as GitHub's REST API shows it (the part Slipway reads). */
interface GitHubCommit {
  sha: string;
  commit: {
    message: string;
    author: { name?: string; email?: string } | null;
    committer: { date?: string } | null;
  };
  parents: { sha: string }[];
}

const DIRECTIONS: Record<string, CommitDirection> = {
  identical: 'FORWARD',
  ahead: 'FORWARD',
  behind: 'BACKWARD',
  diverged: 'DIVERGED',
};

/** A GitHub repository (`owner/name`) read through GitHub's REST API; nothing is cloned. */
export class GitHubRepositorySource implements RepositorySource {
  private readonly owner: string;
  private readonly repo: string;

  constructor(
    private readonly client: GitHubClient,
    readonly repository: string,
  ) {
    const [owner, repo, ...rest] = repository.split('/');
    if (!owner || !repo || rest.length > 0) {
      throw new Error(`"${repository}" is not a GitHub repository name such as owner/name`);
    }
    this.owner = owner;
    this.repo = repo;
  }

  async resolve(ref: string): Promise<CommitInfo> {
    assertRefName(ref);
    const commit = await this.commit(ref, `ref "${ref}" was not found in ${this.where()}`);
    return commitInfo(commit);
  }

  async readFile(sha: string, path: string): Promise<string> {
    assertFullSha(sha);
    const { owner, repo } = this;
    const content = await callGitHub(() =>
      this.client.rest.repos.getContent({ owner, repo, path, ref: sha, mediaType: { format: 'raw' } }),
    ).then(
      (response) => response.data as unknown,
      async (error: unknown) => {
        if (!isNotFound(error)) throw error;
        await this.commit(sha, `commit ${sha} was not found in ${this.where()}`);
        return null;
      },
    );
    // A folder answers with its listing, not a file's bytes.
    if (typeof content !== 'string') {
      throw new GitFileNotFoundError(`${path} does not exist at commit ${sha.slice(0, 12)}`);
    }
    return content;
  }

  async direction(from: string, to: string): Promise<CommitDirection> {
    const compared = await this.compare(from, to, 1, 1);
    if (compared === null) return 'DIVERGED';
    const direction = DIRECTIONS[compared.status];
    if (direction === undefined) throw new Error(`GitHub compared ${from}...${to} as "${compared.status}"`);
    return direction;
  }

  async commitsBetween(from: string | null, to: string, limit: number): Promise<CommitRange> {
    assertFullSha(to);
    if (from === null) {
      const commit = await this.commit(to, `commit ${to} was not found in ${this.where()}`);
      return { commits: [loggedCommit(commit)], truncated: false };
    }
    // GitHub lists a comparison's commits oldest first, a page at a time: read only the newest pages.
    const first = await this.compare(from, to, COMPARE_PAGE_SIZE, 1);
    // Unrelated histories: all of `to`'s differs; the commit going out stands for it.
    if (first === null) return { ...(await this.commitsBetween(null, to, limit)), truncated: true };
    const total = first.total_commits;
    const start = Math.max(0, total - limit);
    const firstPage = Math.floor(start / COMPARE_PAGE_SIZE) + 1;
    const lastPage = Math.max(1, Math.ceil(total / COMPARE_PAGE_SIZE));
    const pages: GitHubCommit[][] = [];
    for (let page = firstPage; page <= lastPage; page += 1) {
      pages.push(
        page === 1 ? first.commits : ((await this.compare(from, to, COMPARE_PAGE_SIZE, page))?.commits ?? []),
      );
    }
    const listed = pages.flat().slice(start - (firstPage - 1) * COMPARE_PAGE_SIZE);
    return { commits: listed.map(loggedCommit).reverse(), truncated: total > limit };
  }

  /** The merged pull request GitHub associates with the commit; null when none, or GitHub will not say. */
  async pullRequestOf(sha: string): Promise<number | null> {
    const { owner, repo } = this;
    try {
      const { data } = await callGitHub(() =>
        this.client.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha }),
      );
      return data.find((pull) => pull.merged_at !== null)?.number ?? null;
    } catch (error) {
      if (error instanceof HostRejectedError) return null;
      throw error;
    }
  }

  async checkout(sha: string, target: string): Promise<void> {
    assertFullSha(sha);
    const { owner, repo } = this;
    await writeCheckout(sha, target, async (dir) => {
      // GitHub answers with a redirect to its archive host, which fetch follows.
      const response = await callGitHub(() =>
        this.client.rest.repos.downloadTarballArchive({
          owner,
          repo,
          ref: sha,
          request: { parseSuccessResponseBody: false },
        }),
      ).catch(async (error: unknown) => {
        if (isNotFound(error)) await this.commit(sha, `commit ${sha} was not found in ${this.where()}`);
        throw error;
      });
      const archive = Readable.fromWeb(response.data as ReadableStream<Uint8Array>);
      // The tree comes wrapped in one folder named after the repository and commit.
      await extractTarball(archive, dir, { gzip: true, stripComponents: 1 });
    });
  }

  /** One commit; a ref or commit GitHub does not know is a GitRefNotFoundError with `notFound`. */
  private async commit(ref: string, notFound: string): Promise<GitHubCommit> {
    const { owner, repo } = this;
    try {
      const { data } = await callGitHub(() =>
        this.client.rest.repos.getCommit({ owner, repo, ref, per_page: 1 }),
      );
      return data;
    } catch (error) {
      if (isNotFound(error)) throw new GitRefNotFoundError(notFound);
      throw error;
    }
  }

  /** GitHub's comparison of from...to; null when the two commits share no history. */
  private async compare(from: string, to: string, perPage: number, page: number) {
    assertFullSha(from);
    assertFullSha(to);
    const { owner, repo } = this;
    try {
      const { data } = await callGitHub(() =>
        this.client.rest.repos.compareCommitsWithBasehead({
          owner,
          repo,
          basehead: `${from}...${to}`,
          per_page: perPage,
          page,
        }),
      );
      return data;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // Say which of the two is gone (a force push), as git would; else GitHub found no common ancestor.
      for (const sha of [from, to]) await this.commit(sha, `commit ${sha} was not found in ${this.where()}`);
      return null;
    }
  }

  private where(): string {
    return `GitHub repository ${this.repository}`;
  }
}

/** GitHub answers 404 for what it does not have (or the token may not see), 422 for an unknown sha. */
function isNotFound(error: unknown): boolean {
  return error instanceof HostRejectedError && (error.status === 404 || error.status === 422);
}

function commitInfo({ sha, commit }: GitHubCommit): CommitInfo {
  const { name = '', email = '' } = commit.author ?? {};
  return {
    sha,
    message: subjectOf(commit.message),
    author: `${name} <${email}>`,
    committedAt: commit.committer?.date ?? '',
  };
}

function loggedCommit(commit: GitHubCommit): LoggedCommit {
  return {
    ...commitInfo(commit),
    body: commit.commit.message.trim(),
    parents: commit.parents.map((parent) => parent.sha),
  };
}
