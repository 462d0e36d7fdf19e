import { Anchor, Badge, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { DashboardQuery } from '../gql/graphql';
import { Link } from '../routing/Link';
import { deploymentPath } from '../routing/route';
import { Timestamp } from '../time/Timestamp';

/** Deployments waiting for an approval the signed-in person could give, the longest waiting first. */
export function PendingApprovals({ approvals }: { approvals: DashboardQuery['pendingApprovals'] }) {
  return (
    <Paper component="section" withBorder p="md" aria-labelledby="approvals-heading">
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={2} size="h4" id="approvals-heading">
            Waiting for your approval
          </Title>
          <Badge color={approvals.length > 0 ? 'orange' : 'gray'} variant="light" circle>
            {approvals.length}
          </Badge>
        </Group>
        {approvals.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing waits for you. Deployments to environments that require approval appear here.
          </Text>
        ) : (
          <Stack component="ul" gap={4} className="plain-list">
            {approvals.map(({ deployment, approvedBy, approvers, expiresAt }) => (
              <Group component="li" key={deployment.id} gap="xs" wrap="wrap">
                <Anchor component={Link} href={deploymentPath(deployment.id)} fw={500}>
                  {deployment.project} → {deployment.environment}
                </Anchor>
                <Code>{deployment.commitSha?.slice(0, 7) ?? deployment.ref}</Code>
                <Text size="sm" c="dimmed">
                  by {deployment.actor} · {approvedBy.length}/{approvers} approvals · expires{' '}
                  <Timestamp value={expiresAt} />
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
