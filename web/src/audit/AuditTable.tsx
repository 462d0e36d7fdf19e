import { Table, VisuallyHidden } from '@mantine/core';
import { AuditEntryRows } from './AuditEntryRows';
import type { AuditEntry } from './useAuditEntries';

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table verticalSpacing="xs" highlightOnHover aria-label="Audit entries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">At</Table.Th>
            <Table.Th scope="col">Actor</Table.Th>
            <Table.Th scope="col">Action</Table.Th>
            <Table.Th scope="col">Outcome</Table.Th>
            <Table.Th scope="col">Code and message</Table.Th>
            <Table.Th scope="col">IP</Table.Th>
            <Table.Th scope="col">User agent</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>Arguments</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <AuditEntryRows key={entry.id} entry={entry} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
