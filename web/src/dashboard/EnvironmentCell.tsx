import { Anchor, Code, Group, Stack, Text } from '@mantine/core';
import { StatusBadge } from '../deployments/StatusBadge';
import type { EnvironmentCellFieldsFragment } from '../gql/graphql';
import { Link } from '../routing/Link';
import { deploymentPath } from '../routing/route';
import { formatAge } from './formatAge';
import { HealthBadge } from './HealthBadge';
import { isMoving } from './isMoving';
import { MovingDeployment } from './MovingDeployment';

type Environment = EnvironmentCellFieldsFragment;

interface EnvironmentCellProps {
  environment: Environment;
  now: number;
}

/** What runs in one environment of one project, and what moves there now. */
export function EnvironmentCell({ environment, now }: EnvironmentCellProps) {
  const { current, latest, health } = environment;
  const moving = isMoving(latest.status);
  // A finished attempt that did not replace what runs (failed, rolled back, rejected…) is worth a look.
  const lastAttempt = !moving && latest.id !== current?.deploymentId ? latest : null;

  return (
    <Stack gap={6}>
      <HealthBadge health={health} />
      {current ? (
        <Stack gap={2} className="current-release">
          <Group gap={6} wrap="nowrap">
            <Anchor component={Link} href={deploymentPath(current.deploymentId)} className="sha">
              <Code>{current.commitSha?.slice(0, 7) ?? current.ref}</Code>
            </Anchor>
            <Text size="sm" lineClamp={1} title={current.commitMessage ?? undefined} className="message">
              {current.commitMessage?.split('\n', 1)[0] ?? current.ref}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" className="deployed-by">
            {current.deployedBy}
            {current.deployedAt && (
              <>
                {' · '}
                <time dateTime={current.deployedAt}>{formatAge(current.deployedAt, now)}</time>
              </>
            )}
          </Text>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          Nothing runs here yet
        </Text>
      )}
      {moving && <MovingDeployment deployment={latest} />}
      {lastAttempt && (
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            Last attempt
          </Text>
          <Anchor component={Link} href={deploymentPath(lastAttempt.id)}>
            <StatusBadge status={lastAttempt.status} />
          </Anchor>
        </Group>
      )}
    </Stack>
  );
}
