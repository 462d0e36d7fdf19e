import { Anchor, Group, Loader, Progress, Stack } from '@mantine/core';
import { StatusBadge } from '../deployments/StatusBadge';
import type { EnvironmentCellFieldsFragment } from '../gql/graphql';
import { Link } from '../routing/Link';
import { deploymentPath } from '../routing/route';

type Deployment = EnvironmentCellFieldsFragment['latest'];

/** The share of its steps a deployment has finished; steps not planned yet count as none done. */
function progressOf(steps: Deployment['steps']): number {
  if (steps.length === 0) return 0;
  const done = steps.filter((step) => step.status !== 'PENDING' && step.status !== 'RUNNING').length;
  return (100 * done) / steps.length;
}

/** The deployment moving through an environment now, animated, and a way to follow it. */
export function MovingDeployment({ deployment }: { deployment: Deployment }) {
  const progress = progressOf(deployment.steps);
  return (
    <Stack gap={4} className="moving-deployment">
      <Group gap="xs" wrap="nowrap">
        <Loader size="xs" type="dots" aria-hidden="true" />
        <StatusBadge status={deployment.status} />
      </Group>
      <Progress
        value={progress === 0 ? 100 : progress}
        striped
        animated
        size="sm"
        color={deployment.status === 'ROLLING_BACK' ? 'orange' : 'blue'}
        aria-label={`${Math.round(progress)}% of steps done`}
      />
      <Anchor component={Link} href={deploymentPath(deployment.id)} size="sm">
        Follow {deployment.commitSha?.slice(0, 7) ?? deployment.ref} by {deployment.actor}
      </Anchor>
    </Stack>
  );
}
