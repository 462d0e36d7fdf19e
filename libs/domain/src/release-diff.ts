/**
 * How the release going out relates to the one running in the environment:
 * FIRST     nothing ran there before; the diff is the commit going out.
 * FORWARD   the running commit is an ancestor of the new one; the diff is what the new one adds.
 * BACKWARD  the new commit is an ancestor of the running one (a rollback); the diff is what goes away.
 * DIVERGED  neither contains the other (a force push, another branch); the diff is what the new one
 *           adds that the running one lacks — what the running one had and the new one lacks also goes.
 */
export const RELEASE_DIFF_DIRECTIONS = ['FIRST', 'FORWARD', 'BACKWARD', 'DIVERGED'] as const;
export type ReleaseDiffDirection = (typeof RELEASE_DIFF_DIRECTIONS)[number];

export interface ReleaseDiffCommit {
  sha: string;
  /** The first line of the commit message. */
  message: string;
  author: string;
  committedAt: string;
  /** The pull (GitHub) or merge (GitLab) request number it came in through, when its messages say so. */
  pullRequest: number | null;
}

/** The commits between the release running in an environment and the one going out, newest first. */
export interface ReleaseDiff {
  /** The commit running in the environment before; null for the first deployment there. */
  from: string | null;
  direction: ReleaseDiffDirection;
  commits: ReleaseDiffCommit[];
  /** More commits differ than the diff lists (it keeps the newest). */
  truncated: boolean;
}
