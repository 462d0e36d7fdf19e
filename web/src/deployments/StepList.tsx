import { Stack, Text } from '@mantine/core';
import type { DeploymentFieldsFragment } from '../gql/graphql';
import { StepItem } from './StepItem';
import type { StepLogs } from './useStepLogs';

interface StepListProps {
  steps: DeploymentFieldsFragment['steps'];
  logs: StepLogs;
  now: number;
}

export function StepList({ steps, logs, now }: StepListProps) {
  if (steps.length === 0) return <Text c="dimmed">No steps have been planned yet.</Text>;
  const ordered = [...steps].sort((a, b) => a.position - b.position);
  return (
    <Stack component="ol" gap="xs" className="steps">
      {ordered.map((step) => (
        <StepItem key={step.position} step={step} live={logs.get(step.position) ?? []} now={now} />
      ))}
    </Stack>
  );
}
