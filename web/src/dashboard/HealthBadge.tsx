import { Badge, type MantineColor } from '@mantine/core';
import type { EnvironmentHealth } from '../gql/graphql';

const LABELS: Record<EnvironmentHealth, string> = {
  HEALTHY: 'Healthy',
  DEPLOYING: 'Deploying',
  DEGRADED: 'Degraded',
  BROKEN: 'Broken',
  UNKNOWN: 'Not deployed',
};

export const HEALTH_COLORS: Record<EnvironmentHealth, MantineColor> = {
  HEALTHY: 'green',
  DEPLOYING: 'blue',
  DEGRADED: 'orange',
  BROKEN: 'red',
  UNKNOWN: 'gray',
};

/** The colour says it at a glance; the word says it to everyone else. */
export function HealthBadge({ health }: { health: EnvironmentHealth }) {
  return (
    <Badge className="health" color={HEALTH_COLORS[health]} variant="dot" tt="none">
      {LABELS[health]}
    </Badge>
  );
}
