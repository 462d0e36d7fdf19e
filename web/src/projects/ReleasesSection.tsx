import {
  Badge,
  Button,
  Code,
  CopyButton,
  EmptyState,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { ProjectOverviewQuery } from '../gql/graphql';
import { Timestamp } from '../time/Timestamp';
import { formatBytes } from './formatBytes';
import { runningIn } from './runningIn';

type Release = ProjectOverviewQuery['releases'][number];
type Environment = ProjectOverviewQuery['environments'][number];

interface ReleasesSectionProps {
  releases: readonly Release[];
  environments: readonly Environment[];
  /** The environments in the order the page shows them. */
  order: readonly string[];
}

/** Each commit built once, its artifact, and where it runs now: what a rollback can put back. */
export function ReleasesSection({ releases, environments, order }: ReleasesSectionProps) {
  return (
    <Paper component="section" withBorder p="lg" aria-labelledby="releases-heading">
      <Stack>
        <Stack gap={4}>
          <Title order={2} id="releases-heading">
            Releases
          </Title>
          <Text size="sm" c="dimmed">
            Each commit is built once; every environment deploys the same artifact. Newest first.
          </Text>
        </Stack>
        {releases.length === 0 ? (
          <EmptyState icon={<span aria-hidden="true">📦</span>} withIndicatorBackground>
            <EmptyState.Title order={3}>No release yet</EmptyState.Title>
            <EmptyState.Description>
              The first deployment of a commit builds it (the spec’s <Code>build</Code> steps) and keeps the
              artifact here, so promotions and rollbacks deploy those same bytes.
            </EmptyState.Description>
          </EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" className="project-releases">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Commit</Table.Th>
                  <Table.Th scope="col">Artifact</Table.Th>
                  <Table.Th scope="col">Size</Table.Th>
                  <Table.Th scope="col">Built</Table.Th>
                  <Table.Th scope="col">Runs in</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {releases.map((release) => (
                  <ReleaseRow
                    key={release.commitSha}
                    release={release}
                    runningIn={runningIn(release.commitSha, environments, order)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}

function ReleaseRow({ release, runningIn }: { release: Release; runningIn: string[] }) {
  const short = release.commitSha.slice(0, 7);
  return (
    <Table.Tr data-commit={release.commitSha}>
      <Table.Th scope="row" fw={400}>
        <Group gap={6} wrap="nowrap">
          <Code>{short}</Code>
          <Text size="sm" lineClamp={1} title={release.commitMessage}>
            {release.commitMessage.split('\n', 1)[0]}
          </Text>
        </Group>
      </Table.Th>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Code className="artifact-digest" title={`sha256:${release.artifactDigest}`}>
            sha256:{release.artifactDigest.slice(0, 12)}
          </Code>
          <CopyButton value={`sha256:${release.artifactDigest}`}>
            {({ copied, copy }) => (
              <Button
                size="compact-xs"
                variant="subtle"
                color={copied ? 'teal' : undefined}
                onClick={copy}
                aria-label={`Copy the artifact digest of ${short}`}
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Table.Td>
      <Table.Td className="artifact-size">{formatBytes(release.artifactSize)}</Table.Td>
      <Table.Td>
        <Timestamp value={release.createdAt} />
      </Table.Td>
      <Table.Td className="runs-in">
        {runningIn.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nowhere now
          </Text>
        ) : (
          <Group gap={4}>
            {runningIn.map((name) => (
              <Badge key={name} variant="light" tt="none">
                {name}
              </Badge>
            ))}
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
