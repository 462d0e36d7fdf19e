import { Badge, Button, Code, Group, Table, Text } from '@mantine/core';
import type { ApiTokensQuery } from '../gql/graphql';
import { Timestamp } from '../time/Timestamp';

export type ApiTokenSummary = ApiTokensQuery['apiTokens'][number];

interface ApiTokenTableProps {
  tokens: readonly ApiTokenSummary[];
  onRevoke: (token: ApiTokenSummary) => void;
}

/** Every token with what it may do and when it was used; a revoked one stays listed, marked. */
export function ApiTokenTable({ tokens, onRevoke }: ApiTokenTableProps) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Roles</Table.Th>
            <Table.Th scope="col">Created</Table.Th>
            <Table.Th scope="col">Expires</Table.Th>
            <Table.Th scope="col">Last used</Table.Th>
            <Table.Th scope="col">State</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => (
            <Table.Tr key={token.id} data-token={token.name}>
              <Table.Th scope="row" fw={500}>
                <Code>{token.name}</Code>
                {token.projects && (
                  <Text size="xs" c="dimmed">
                    {token.projects.join(', ')}
                  </Text>
                )}
              </Table.Th>
              <Table.Td>{token.roles.join(', ')}</Table.Td>
              <Table.Td>
                <Timestamp value={token.createdAt} />
              </Table.Td>
              <Table.Td>{token.expiresAt ? <Timestamp value={token.expiresAt} /> : 'Never'}</Table.Td>
              <Table.Td>{token.lastUsedAt ? <Timestamp value={token.lastUsedAt} /> : 'Never'}</Table.Td>
              <Table.Td>
                {token.revokedAt ? (
                  <Group gap="xs" wrap="nowrap">
                    <Badge color="gray" variant="light">
                      Revoked
                    </Badge>
                    <Text size="xs" c="dimmed">
                      <Timestamp value={token.revokedAt} />
                    </Text>
                  </Group>
                ) : (
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    onClick={() => onRevoke(token)}
                    aria-label={`Revoke ${token.name}`}
                  >
                    Revoke
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
