import type { ReleaseDiffDirection } from '../../gql/graphql';

interface DiffShape {
  direction: ReleaseDiffDirection;
  from: string | null;
  truncated: boolean;
  commits: readonly unknown[];
}

const short = (sha: string | null) => (sha ?? 'unknown').slice(0, 7);
const commitCount = (count: number, truncated: boolean) =>
  `${count}${truncated ? '+' : ''} ${count === 1 && !truncated ? 'commit' : 'commits'}`;

/** One sentence saying how the release relates to what runs in the environment. */
export function diffSummary(diff: DiffShape, environment: string): string {
  const count = commitCount(diff.commits.length, diff.truncated);
  const one = diff.commits.length === 1 && !diff.truncated;
  const listed = diff.truncated ? ` Only the newest ${diff.commits.length} are listed.` : '';
  switch (diff.direction) {
    case 'FIRST':
      return `First deployment to ${environment}: nothing ran there before.${listed}`;
    case 'FORWARD':
      return diff.commits.length === 0
        ? `${environment} already runs this commit: no commit changes.`
        : `${count} added since ${short(diff.from)}, which ${environment} runs now.${listed}`;
    case 'BACKWARD':
      return `A step back: ${count} that ${environment} runs now (at ${short(diff.from)}) ${one ? 'goes' : 'go'} away.${listed}`;
    case 'DIVERGED':
      return `Neither contains the other (a force push or another branch): ${count} ${one ? 'comes' : 'come'} in, and what only ${short(diff.from)} has goes away.${listed}`;
  }
}

/** "Ada Lovelace <ada@example.com>" → "Ada Lovelace"; an author without an address stays as it is. */
export function authorName(author: string): string {
  return author.replace(/\s*<[^>]*>\s*$/, '') || author;
}
