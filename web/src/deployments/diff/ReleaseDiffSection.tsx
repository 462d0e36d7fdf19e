import { Anchor, Code, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { Timestamp } from '../../time/Timestamp';
import { authorName, diffSummary } from './diffSummary';
import type { RepositoryLinks } from './repositoryLinks';
import { useReleaseDiff, type ReleaseDiff } from './useReleaseDiff';

interface ReleaseDiffSectionProps {
  deploymentId: string;
  environment: string;
  /** Its events announced the diff (RELEASE_DIFF_READY). */
  announced: boolean;
  /** The deployment is past the point where a diff is worked out: without one now, there will be none. */
  settled: boolean;
  links: RepositoryLinks | null;
}

/** The commits between what runs in the environment and what this deployment brings, with their authors and PRs. */
export function ReleaseDiffSection({
  deploymentId,
  environment,
  announced,
  settled,
  links,
}: ReleaseDiffSectionProps) {
  const { diff, error } = useReleaseDiff(deploymentId, announced);
  return (
    <Paper
      component="section"
      withBorder
      p="md"
      aria-labelledby="release-diff-heading"
      className="release-diff"
    >
      <Stack gap="sm">
        <Title order={2} size="h3" id="release-diff-heading">
          What this release changes
        </Title>
        <ErrorMessage message={error} />
        {diff === undefined ? (
          !error && <Loader size="sm" aria-label="Loading the release diff" />
        ) : diff === null ? (
          <Text c="dimmed" className="diff-summary">
            {settled
              ? `Unknown: Slipway could not tell which commits differ from what runs in ${environment} (the repository could not be read, or the deployment is older than release diffs).`
              : `Worked out once the commit is built: the commits between what runs in ${environment} and this release.`}
          </Text>
        ) : (
          <>
            <Text className="diff-summary">{diffSummary(diff, environment)}</Text>
            {diff.commits.length > 0 && <CommitList diff={diff} links={links} />}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function CommitList({ diff, links }: { diff: ReleaseDiff; links: RepositoryLinks | null }) {
  return (
    <Stack component="ol" gap="xs" className="plain-list diff-commits">
      {diff.commits.map((commit) => (
        <li key={commit.sha} className="diff-commit">
          <Group gap="xs" wrap="nowrap" align="baseline">
            {links ? (
              <Anchor href={links.commit(commit.sha)} target="_blank" rel="noreferrer" title={commit.sha}>
                <Code>{commit.sha.slice(0, 7)}</Code>
              </Anchor>
            ) : (
              <Code title={commit.sha}>{commit.sha.slice(0, 7)}</Code>
            )}
            <Text className="diff-message" style={{ overflowWrap: 'anywhere' }}>
              {commit.message}
            </Text>
            {commit.pullRequest !== null && <PullRequest number={commit.pullRequest} links={links} />}
          </Group>
          <Text size="sm" c="dimmed">
            <span title={commit.author} className="diff-author">
              {authorName(commit.author)}
            </span>
            {' · '}
            <Timestamp value={commit.committedAt} />
          </Text>
        </li>
      ))}
    </Stack>
  );
}

function PullRequest({ number, links }: { number: number; links: RepositoryLinks | null }) {
  if (!links) {
    return (
      <Text span c="dimmed" className="diff-pull-request" style={{ whiteSpace: 'nowrap' }}>
        #{number}
      </Text>
    );
  }
  return (
    <Anchor
      href={links.pullRequest(number)}
      target="_blank"
      rel="noreferrer"
      className="diff-pull-request"
      style={{ whiteSpace: 'nowrap' }}
    >
      {links.pullRequestLabel(number)}
    </Anchor>
  );
}
