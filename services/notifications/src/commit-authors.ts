import type { DeploymentCard } from '@slipway/domain';

/** `Name <email>`, as git prints an author. */
const AUTHOR = /<([^<>\s@]+@[^<>\s@]+)>\s*$/;

/**
 * The email addresses of the people whose commits a release brings to the environment: the release
 * diff's authors (a rollback brings nobody's change), or the commit's own author when there is no diff.
 * Lowercased, each once; authors whose provider hid the address are left out.
 */
export function commitAuthors(card: DeploymentCard): string[] {
  const { diff } = card;
  const authors =
    diff === null
      ? [card.commitAuthor ?? '']
      : diff.direction === 'BACKWARD'
        ? []
        : diff.commits.map((c) => c.author);
  const emails = authors.map((author) => AUTHOR.exec(author)?.[1]?.toLowerCase()).filter(Boolean) as string[];
  return [...new Set(emails)];
}
