import type { ReleaseDiff, ReleaseDiffCommit, ReleaseDiffDirection } from '@slipway/domain';
import type { GitMirror, LoggedCommit } from '@slipway/git';
import { pullRequestReference } from './pull-request-reference';

/** A diff lists at most this many commits (the newest); the console shows a page, not a history. */
export const RELEASE_DIFF_LIMIT = 250;

/** The commits between the release running in an environment (`from`) and the one going out (`to`). */
export async function releaseDiff(
  mirror: GitMirror,
  from: string | null,
  to: string,
  limit = RELEASE_DIFF_LIMIT,
): Promise<ReleaseDiff> {
  const direction = await directionOf(mirror, from, to);
  // Going back, the commits that leave are the ones the running release has and the new one lacks.
  const range =
    direction === 'BACKWARD'
      ? await mirror.commitsBetween(to, from!, limit)
      : await mirror.commitsBetween(from, to, limit);
  return { from, direction, commits: withPullRequests(range.commits), truncated: range.truncated };
}

async function directionOf(
  mirror: GitMirror,
  from: string | null,
  to: string,
): Promise<ReleaseDiffDirection> {
  if (from === null) return 'FIRST';
  if (await mirror.isAncestor(from, to)) return 'FORWARD';
  if (await mirror.isAncestor(to, from)) return 'BACKWARD';
  return 'DIVERGED';
}

/**
 * Each commit with the request it came from: its own message's reference, else that of the merge
 * commit that brought it in (the innermost, when merges nest). Commits outside the list are ancestors
 * of the other release, so walking parents inside the list is enough.
 */
export function withPullRequests(commits: LoggedCommit[]): ReleaseDiffCommit[] {
  const bySha = new Map(commits.map((commit) => [commit.sha, commit]));
  const request = new Map<string, number>();
  for (const commit of commits) {
    const own = pullRequestReference(commit.body || commit.message);
    if (own !== null) request.set(commit.sha, own);
  }
  const reachable = (start: string | undefined): Set<string> => {
    const seen = new Set<string>();
    const queue = start === undefined ? [] : [start];
    for (let sha = queue.pop(); sha !== undefined; sha = queue.pop()) {
      const commit = bySha.get(sha);
      if (!commit || seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...commit.parents);
    }
    return seen;
  };
  // Oldest merges first, so a commit keeps the innermost request that merged it.
  for (const merge of [...commits].reverse()) {
    const number = request.get(merge.sha);
    const [mainline, ...merged] = merge.parents;
    if (number === undefined || merged.length === 0) continue;
    const before = reachable(mainline);
    for (const parent of merged) {
      for (const sha of reachable(parent)) {
        if (!before.has(sha) && !request.has(sha)) request.set(sha, number);
      }
    }
  }
  return commits.map(({ sha, message, author, committedAt }) => ({
    sha,
    message,
    author,
    committedAt,
    pullRequest: request.get(sha) ?? null,
  }));
}
