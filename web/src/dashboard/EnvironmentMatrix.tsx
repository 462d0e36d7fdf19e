import { Anchor, Table, Text } from '@mantine/core';
import type { DashboardQuery } from '../gql/graphql';
import { Link } from '../routing/Link';
import { projectPath } from '../routing/route';
import { useNow } from '../time/useNow';
import { EnvironmentCell } from './EnvironmentCell';
import { environmentColumns } from './environmentColumns';

// Ages are shown to the minute: a tick every 15 s keeps them right without redrawing every second.
const AGE_TICK_MS = 15_000;
const PROJECT_COLUMN_PX = 140;
const ENVIRONMENT_COLUMN_PX = 240;

/** Rows projects, columns environments: what version runs where, and what is moving now. */
export function EnvironmentMatrix({ projects }: { projects: DashboardQuery['projects'] }) {
  const now = useNow(true, AGE_TICK_MS);
  const columns = environmentColumns(projects);

  return (
    <Table.ScrollContainer minWidth={PROJECT_COLUMN_PX + ENVIRONMENT_COLUMN_PX * columns.length}>
      <Table
        className="environment-matrix"
        withTableBorder
        withColumnBorders
        verticalSpacing="sm"
        style={{ tableLayout: 'fixed' }}
      >
        <Table.Caption>
          What runs in each environment of each project, and what is deploying now
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={PROJECT_COLUMN_PX}>
              Project
            </Table.Th>
            {columns.map((name) => (
              <Table.Th key={name} scope="col">
                {name}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {projects.map((project) => (
            <Table.Tr key={project.name}>
              <Table.Th scope="row" className="matrix-project">
                <Anchor component={Link} href={projectPath(project.name)}>
                  {project.name}
                </Anchor>
              </Table.Th>
              {columns.map((name) => {
                const environment = project.environments.find((candidate) => candidate.name === name);
                return (
                  <Table.Td
                    key={name}
                    className="environment-cell"
                    data-project={project.name}
                    data-environment={name}
                    valign="top"
                  >
                    {environment ? (
                      <EnvironmentCell environment={environment} now={now} />
                    ) : (
                      <Text size="sm" c="dimmed">
                        Never deployed
                      </Text>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
