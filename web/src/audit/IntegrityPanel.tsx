import { Badge, Button, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ErrorMessage } from '../errors/ErrorMessage';
import { useEventLogIntegrity, type LogIntegrity } from './useEventLogIntegrity';

const LOG_NAMES: Readonly<Record<string, string>> = {
  deployment_events: 'Deployment events',
  audit_entries: 'Audit log',
};

/** Whether anyone changed either append-only log behind Slipway's back, and where the chain breaks. */
export function IntegrityPanel() {
  const { logs, error, check } = useEventLogIntegrity();

  return (
    <Paper component="section" withBorder p="lg" aria-labelledby="integrity-heading">
      <Stack>
        <Group justify="space-between">
          <Title order={2} id="integrity-heading">
            Integrity
          </Title>
          <Button variant="default" onClick={check} loading={logs === null && !error}>
            Check again
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Every entry carries the hash of the one before it, so an entry edited, deleted or inserted outside
          Slipway breaks the chain. Keep the head hash elsewhere to notice entries cut off the end later.
        </Text>
        <ErrorMessage message={error} />
        {logs === null ? (
          !error && <Text c="dimmed">Walking both hash chains…</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {logs.map((log) => (
              <LogIntegrityCard key={log.log} log={log} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}

function LogIntegrityCard({ log }: { log: LogIntegrity }) {
  const name = LOG_NAMES[log.log] ?? log.log;
  return (
    <Paper withBorder p="md" className="log-integrity" data-log={log.log} aria-label={name}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600}>{name}</Text>
          <Badge color={log.intact ? 'green' : 'red'} variant="light" className="badge">
            {log.intact ? 'intact' : 'broken'}
          </Badge>
        </Group>
        <Text size="sm">
          {log.entries} {log.entries === 1 ? 'entry' : 'entries'} checked
        </Text>
        <Text size="sm" component="div">
          Head hash:{' '}
          {log.headHash ? (
            // 64 hex digits are wider than a phone: they may break anywhere.
            <Code style={{ wordBreak: 'break-all' }}>{log.headHash}</Code>
          ) : (
            'none (the log is empty)'
          )}
        </Text>
        {log.firstBroken && (
          <Text size="sm" c="red" role="alert">
            First broken entry {log.firstBroken.id}: {log.firstBroken.reason}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
