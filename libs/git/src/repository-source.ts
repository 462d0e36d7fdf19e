export class GitRefNotFoundError extends Error {}
export class GitFileNotFoundError extends Error {}

export interface CommitInfo {
  sha: string;
  message: string;
  author: string;
  committedAt: string;
}

/** A commit as a log lists it: its whole message, and its parents (a merge has two or more). */
export interface LoggedCommit extends CommitInfo {
  /** The whole message, subject and body (`message` is the subject). */
  body: string;
  parents: string[];
}

/** Newest first; `truncated` when more commits matched than the limit allowed. */
export interface CommitRange {
  commits: LoggedCommit[];
  truncated: boolean;
}

/**
 * How a commit `to` stands to a commit `from`: FORWARD when `from` is `to` or one of its ancestors,
 * BACKWARD when `to` is an ancestor of `from`, DIVERGED when neither is.
 */
export type CommitDirection = 'FORWARD' | 'BACKWARD' | 'DIVERGED';

/**
 * Where a project's repository is read: its git remote, or its host's API. Commits are full shas; a
 * ref or commit the repository does not have is a GitRefNotFoundError, a missing file a
 * GitFileNotFoundError (neither comes back on a retry).
 */
export interface RepositorySource {
  /** Resolves a branch, tag or sha to a commit, as the repository has it now. */
  resolve(ref: string): Promise<CommitInfo>;
  /** The content of one file at one commit. */
  readFile(sha: string, path: string): Promise<string>;
  direction(from: string, to: string): Promise<CommitDirection>;
  /**
   * The commits reachable from `to` and not from `from` (git's from..to), newest first, at most
   * `limit`; with no `from` (nothing deployed yet), `to` alone.
   */
  commitsBetween(from: string | null, to: string, limit: number): Promise<CommitRange>;
  /**
   * The pull or merge request the host says a commit came from, or null; absent where there is no
   * host to ask (plain git).
   */
  pullRequestOf?(sha: string): Promise<number | null>;
  /** A clean copy of the commit's tree (no .git) at `target`; an existing copy is kept. */
  checkout(sha: string, target: string): Promise<void>;
}

/** Refuses what is not a branch, tag or sha name (an option, a range, a path out of a URL). */
export function assertRefName(ref: string): void {
  if (!/^[\w./-]+$/.test(ref) || ref.startsWith('-') || ref.includes('..')) {
    throw new GitRefNotFoundError(`"${ref}" is not a valid branch, tag or commit`);
  }
}

/** A commit message's subject as git prints it (%s): its first paragraph on one line. */
export function subjectOf(message: string): string {
  const paragraph = message.replace(/^\s*\n/, '').split(/\n[ \t]*\n/, 1)[0] ?? '';
  return paragraph
    .split('\n')
    .map((line) => line.trimEnd())
    .join(' ')
    .trim();
}

export function assertFullSha(sha: string): void {
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new GitRefNotFoundError(`"${sha}" is not a full commit sha`);
}

/** Where a project's repository is: a git URL or path, and the hosted repository it is connected to. */
export interface RepositoryLocation {
  repositoryUrl: string;
  vcs?: { provider: 'github' | 'gitlab'; repository: string };
}

/** The source to read a project's repository from (the host's API, or git). */
export type RepositorySources = (location: RepositoryLocation) => RepositorySource;
