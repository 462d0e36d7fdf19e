import { Alert, Code, Text } from '@mantine/core';
import type { ProjectOverviewQuery } from '../gql/graphql';

type Project = ProjectOverviewQuery['projects'][number];

const PROVIDERS: Record<string, string> = { github: 'GitHub', gitlab: 'GitLab' };

/** Where the project is read from, and, until it is connected to GitHub or GitLab, how to connect it. */
export function ProjectSource({ project }: { project: Project }) {
  const { vcsProvider, vcsRepository } = project;
  return (
    <>
      <Text size="sm" c="dimmed" className="project-source">
        {vcsProvider && vcsRepository ? (
          <>
            Connected to {PROVIDERS[vcsProvider] ?? vcsProvider} <Code>{vcsRepository}</Code>
          </>
        ) : (
          <>
            Read from <Code>{project.repositoryUrl}</Code>
          </>
        )}
        {' · spec at '}
        <Code>{project.specPath}</Code>
      </Text>
      {!(vcsProvider && vcsRepository) && (
        <Alert
          variant="light"
          title="Pushes do not deploy this project yet"
          className="not-connected"
          role="note"
        >
          It is not connected to a GitHub or GitLab repository, so nothing tells Slipway about pushes. An
          admin connects it with the <Code>connectRepository</Code> mutation, then adds the webhook URL and
          secret it answers to the repository (README, “Webhooks”). Until then, deploy it by hand from the
          dashboard.
        </Alert>
      )}
    </>
  );
}
