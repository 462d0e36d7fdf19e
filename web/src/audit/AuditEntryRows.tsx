import { Button, Code, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Timestamp } from '../time/Timestamp';
import { OutcomeBadge } from './OutcomeBadge';
import { prettyArguments } from './prettyArguments';
import type { AuditEntry } from './useAuditEntries';

// The table's columns, which the arguments row spans.
const COLUMN_COUNT = 8;
const USER_AGENT_WIDTH = 200;

/** One entry, and below it, once opened, its arguments. */
export function AuditEntryRows({ entry }: { entry: AuditEntry }) {
  const [open, details] = useDisclosure(false);
  const argumentsId = `audit-arguments-${entry.id}`;

  return (
    <>
      <Table.Tr className="audit-entry" data-action={entry.action}>
        <Table.Td>
          <Timestamp value={entry.at} />
        </Table.Td>
        <Table.Td>
          <Text size="sm">{entry.actor ?? 'unknown'}</Text>
          {entry.actorKind && (
            <Text size="xs" c="dimmed">
              {entry.actorKind}
            </Text>
          )}
        </Table.Td>
        <Table.Th scope="row" fw={500}>
          <Code>{entry.action}</Code>
        </Table.Th>
        <Table.Td>
          <OutcomeBadge outcome={entry.outcome} />
        </Table.Td>
        <Table.Td>
          {entry.code || entry.message ? (
            <Stack gap={2}>
              {entry.code && <Code>{entry.code}</Code>}
              {entry.message && <Text size="sm">{entry.message}</Text>}
            </Stack>
          ) : (
            '—'
          )}
        </Table.Td>
        <Table.Td>{entry.ip ?? '—'}</Table.Td>
        <Table.Td>
          <UserAgent value={entry.userAgent} />
        </Table.Td>
        <Table.Td>
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={details.toggle}
            aria-expanded={open}
            aria-controls={argumentsId}
          >
            {open ? 'Hide arguments' : 'Arguments'}
          </Button>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr id={argumentsId}>
          <Table.Td colSpan={COLUMN_COUNT}>
            <Code block aria-label={`Arguments of ${entry.action}`}>
              {prettyArguments(entry.arguments)}
            </Code>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/** Cut to one line in the table; the whole header on hover and on keyboard focus. */
function UserAgent({ value }: { value: string | null | undefined }) {
  if (!value) return '—';
  return (
    <Tooltip label={value} multiline maw={360} withArrow events={{ hover: true, focus: true, touch: true }}>
      <Text size="sm" truncate="end" maw={USER_AGENT_WIDTH} tabIndex={0} className="audit-user-agent">
        {value}
      </Text>
    </Tooltip>
  );
}
