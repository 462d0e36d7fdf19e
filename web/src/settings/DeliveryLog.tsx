import { Badge, Button, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { Timestamp } from '../time/Timestamp';
import { NOTIFICATION_DELIVERIES_QUERY } from './settingsOperations';
import { useQuery } from '../graphql/useQuery';

const COUNT = 50;

const STATE_COLOURS: Readonly<Record<string, string>> = { SENT: 'teal', FAILED: 'red', SENDING: 'blue' };

/** What was sent where for a project, newest first; narrowed to one deployment when its id is given. */
export function DeliveryLog({ project }: { project: string }) {
  const [deploymentId, setDeploymentId] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const { data, error } = useQuery(NOTIFICATION_DELIVERIES_QUERY, {
    project,
    deploymentId: shown,
    first: COUNT,
  });

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    setShown(deploymentId.trim() || null);
  }

  return (
    <Stack component="section" aria-labelledby="delivery-log-heading">
      <Title order={3} id="delivery-log-heading">
        Delivery log
      </Title>
      <form onSubmit={submit}>
        <Group align="flex-end">
          <TextInput
            label="Deployment id"
            description="Empty: the latest deliveries of the project."
            value={deploymentId}
            onChange={(event) => setDeploymentId(event.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            style={{ flex: '1 1 18rem' }}
          />
          <Button type="submit" variant="light">
            Show deliveries
          </Button>
        </Group>
      </form>
      <ErrorMessage message={error} />
      {data === null ? (
        !error && <Text c="dimmed">Loading deliveries…</Text>
      ) : data.notificationDeliveries.length === 0 ? (
        <Text c="dimmed">
          {shown
            ? 'Nothing was sent about this deployment: its events matched no route.'
            : 'Nothing sent yet. Once a route is saved, the next matching deployment event shows up here.'}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">What</Table.Th>
                <Table.Th scope="col">Where</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col">Attempts</Table.Th>
                <Table.Th scope="col">Last answer</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.notificationDeliveries.map((delivery, index) => (
                <Table.Tr key={`${delivery.createdAt}-${delivery.target}-${delivery.kind}-${index}`}>
                  <Table.Td>
                    <Timestamp value={delivery.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    {delivery.kind}
                    {delivery.environment && (
                      <Text size="xs" c="dimmed">
                        {delivery.environment}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {delivery.channel}: <Code>{delivery.target}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATE_COLOURS[delivery.state] ?? 'gray'}>
                      {delivery.state}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{delivery.attempts.length}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {delivery.response ?? '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
