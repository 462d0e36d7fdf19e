import type { ReleaseDiff, ReleaseDiffCommit, ReleaseDiffDirection } from '@slipway/domain';
import type { LoggedCommit, RepositorySource } from '@slipway/git';
import { pullRequestReference } from './pull-request-reference';

/** A diff lists at most this many commits (the newest); the console shows a page, not a history. */
export const RELEASE_DIFF_LIMIT = 250;

/**
 * At most this many commits of a diff whose messages name no request are looked up on the host: one
 * call each, and a diff is read before every deployment.
 */
export const PULL_REQUEST_LOOKUP_LIMIT = 50;

/** The commits between the release running in an environment (`from`) and the one going out (`to`). */
export async function releaseDiff(
  repository: RepositorySource,
  from: string | null,
  to: string,
  limit = RELEASE_DIFF_LIMIT,
): Promise<ReleaseDiff> {
  const direction: ReleaseDiffDirection = from === null ? 'FIRST' : await repository.direction(from, to);
  // Going back, the commits that leave are the ones the running release has and the new one lacks.
  const range =
    direction === 'BACKWARD'
      ? await repository.commitsBetween(to, from!, limit)
      : await repository.commitsBetween(from, to, limit);
  const commits = await askForPullRequests(repository, withPullRequests(range.commits));
  return { from, direction, commits, truncated: range.truncated };
}

/**
 * The newest commits whose messages named no request, with the one the host says they came from
 * (a rebase merge, a commit pushed before its request was opened).
 */
async function askForPullRequests(
  repository: RepositorySource,
  commits: ReleaseDiffCommit[],
): Promise<ReleaseDiffCommit[]> {
  const ask = repository.pullRequestOf?.bind(repository);
  if (ask === undefined) return commits;
  const unknown = commits
    .filter((commit) => commit.pullRequest === null)
    .slice(0, PULL_REQUEST_LOOKUP_LIMIT)
    .map((commit) => commit.sha);
  const found = new Map<string, number | null>();
  for (const batch of chunks(unknown, PULL_REQUEST_LOOKUP_CONCURRENCY)) {
    const numbers = await Promise.all(batch.map((sha) => ask(sha)));
    batch.forEach((sha, index) => found.set(sha, numbers[index] ?? null));
  }
  return commits.map((commit) => ({
    ...commit,
    pullRequest: commit.pullRequest ?? found.get(commit.sha) ?? null,
  }));
}

/** Calls to the host at once while looking requests up: a few, so as not to trip its abuse limits. */
const PULL_REQUEST_LOOKUP_CONCURRENCY = 5;

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
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
