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
import { callGitLab, type GitLabClient } from './gitlab-client';
import { HostRejectedError } from './host-errors';

/** A commit as GitLab's REST API shows it (the part Slipway reads). */
interface GitLabCommit {
  id: string;
  message: string;
  author_name: string;
  author_email: string;
  committed_date?: string;
  parent_ids?: string[];
}

/** A GitLab project (`group/name`, subgroups too) read through GitLab's REST API; nothing is cloned. */
export class GitLabRepositorySource implements RepositorySource {
  constructor(
    private readonly client: GitLabClient,
    readonly project: string,
  ) {
    if (!/^[^/\s]+(\/[^/\s]+)+$/.test(project)) {
      throw new Error(`"${project}" is not a GitLab project path such as group/name`);
    }
  }

  async resolve(ref: string): Promise<CommitInfo> {
    assertRefName(ref);
    return commitInfo(await this.commit(ref, `ref "${ref}" was not found in ${this.where()}`));
  }

  async readFile(sha: string, path: string): Promise<string> {
    assertFullSha(sha);
    const content = await callGitLab(() =>
      this.client.RepositoryFiles.showRaw(this.project, path, sha),
    ).catch(async (error: unknown) => {
      if (!isNotFound(error)) throw error;
      await this.commit(sha, `commit ${sha} was not found in ${this.where()}`);
      throw new GitFileNotFoundError(`${path} does not exist at commit ${sha.slice(0, 12)}`);
    });
    return typeof content === 'string' ? content : content.text();
  }

  async direction(from: string, to: string): Promise<CommitDirection> {
    assertFullSha(from);
    assertFullSha(to);
    if (from === to) return 'FORWARD';
    const base = await callGitLab(() => this.client.Repositories.mergeBase(this.project, [from, to])).then(
      (commit) => commit.id,
      async (error: unknown) => {
        // 400 names refs GitLab does not have; 404 says the two share no history.
        if (!isNotFound(error)) throw error;
        await this.assertCommits(from, to);
        return null;
      },
    );
    if (base === from) return 'FORWARD';
    if (base === to) return 'BACKWARD';
    return 'DIVERGED';
  }

  async commitsBetween(from: string | null, to: string, limit: number): Promise<CommitRange> {
    assertFullSha(to);
    if (from === null) {
      const commit = await this.commit(to, `commit ${to} was not found in ${this.where()}`);
      return { commits: [loggedCommit(commit)], truncated: false };
    }
    assertFullSha(from);
    // GitLab lists a comparison's commits oldest first, all in one answer.
    const compared = await callGitLab(() =>
      this.client.Repositories.compare(this.project, from, to, { straight: false }),
    ).catch(async (error: unknown) => {
      if (isNotFound(error)) await this.assertCommits(from, to);
      throw error;
    });
    const commits = (compared.commits ?? []) as unknown as GitLabCommit[];
    return {
      commits: commits.slice(-limit).map(loggedCommit).reverse(),
      truncated: commits.length > limit,
    };
  }

  /** The merged merge request GitLab associates with the commit; null when none, or GitLab will not say. */
  async pullRequestOf(sha: string): Promise<number | null> {
    try {
      const requests = await callGitLab(() => this.client.Commits.allMergeRequests(this.project, sha));
      return requests.find((request) => request.state === 'merged')?.iid ?? null;
    } catch (error) {
      if (error instanceof HostRejectedError) return null;
      throw error;
    }
  }

  async checkout(sha: string, target: string): Promise<void> {
    assertFullSha(sha);
    await writeCheckout(sha, target, async (dir) => {
      const archive = await callGitLab(() =>
        this.client.Repositories.showArchive(this.project, { fileType: 'tar.gz', sha, asStream: true }),
      ).catch(async (error: unknown) => {
        if (isNotFound(error)) await this.commit(sha, `commit ${sha} was not found in ${this.where()}`);
        throw error;
      });
      // The tree comes wrapped in one folder named after the project and commit.
      await extractTarball(Readable.fromWeb(archive as ReadableStream<Uint8Array>), dir, {
        gzip: true,
        stripComponents: 1,
      });
    });
  }

  /** One commit; a ref or commit GitLab does not know is a GitRefNotFoundError with `notFound`. */
  private async commit(ref: string, notFound: string): Promise<GitLabCommit> {
    try {
      return await callGitLab(() => this.client.Commits.show(this.project, ref));
    } catch (error) {
      if (isNotFound(error)) throw new GitRefNotFoundError(notFound);
      throw error;
    }
  }

  /** Says which of the commits is gone (a force push), as git would; passes when GitLab has both. */
  private async assertCommits(...shas: string[]): Promise<void> {
    for (const sha of shas) await this.commit(sha, `commit ${sha} was not found in ${this.where()}`);
  }

  private where(): string {
    return `GitLab project ${this.project}`;
  }
}

/** GitLab answers 404 for what it does not have (or the token may not see), 400 for an unknown ref. */
function isNotFound(error: unknown): boolean {
  return error instanceof HostRejectedError && (error.status === 404 || error.status === 400);
}

function commitInfo(commit: GitLabCommit): CommitInfo {
  return {
    sha: commit.id,
    message: subjectOf(commit.message),
    author: `${commit.author_name} <${commit.author_email}>`,
    committedAt: commit.committed_date ?? '',
  };
}

function loggedCommit(commit: GitLabCommit): LoggedCommit {
  return { ...commitInfo(commit), body: commit.message.trim(), parents: commit.parent_ids ?? [] };
}
