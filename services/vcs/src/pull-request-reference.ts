/**
 * Where GitHub and GitLab name the request a commit came from when they merge it: a GitHub merge
 * commit's subject "Merge pull request #12 from owner/branch", GitLab's merge commit body line
 * "See merge request group/project!7", and a squash commit's subject "Add login (#12)".
 */
const REFERENCES: ReadonlyArray<{ pattern: RegExp; in: 'subject' | 'message' }> = [
  { pattern: /^Merge pull request #(\d+) from /, in: 'subject' },
  { pattern: /^See merge request [\w./-]+!(\d+)\s*$/m, in: 'message' },
  { pattern: /\(#(\d+)\)\s*$/, in: 'subject' },
];

/** The pull or merge request number a commit message names as its origin, or null. */
export function pullRequestReference(message: string): number | null {
  const subject = message.split('\n', 1)[0] ?? '';
  for (const reference of REFERENCES) {
    const match = reference.pattern.exec(reference.in === 'subject' ? subject : message);
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return null;
}
