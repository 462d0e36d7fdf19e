import { Button, Code, Group, Paper, Text, VisuallyHidden } from '@mantine/core';
import type { DeploymentFieldsFragment } from '../../gql/graphql';
import { elapsed } from '../../time/elapsed';
import { StatusBadge } from '../StatusBadge';

type Step = DeploymentFieldsFragment['steps'][number];

interface StepItemProps {
  step: Step;
  now: number;
  onShowLog: (position: number) => void;
}

/** One step: its state, how long it took (ticking while it runs) and its error. */
export function StepItem({ step, now, onShowLog }: StepItemProps) {
  const duration = elapsed(step.startedAt, step.finishedAt, now);
  return (
    // The `step` class and its one `.badge` are how the browser tests (e2e/) find a step's state.
    <Paper component="li" withBorder px="md" py="xs" className="step" data-status={step.status}>
      <Group gap="sm" wrap="wrap">
        <Text fw={600} className="step-name">
          {step.name}
        </Text>
        <StatusBadge status={step.status} />
        <Group gap="xs" ml="auto" wrap="nowrap">
          <Text c="dimmed" size="sm" className="duration">
            {duration ?? '—'}
          </Text>
          <Button variant="subtle" size="compact-sm" onClick={() => onShowLog(step.position)}>
            Log<VisuallyHidden> of {step.name}</VisuallyHidden>
          </Button>
        </Group>
      </Group>
      {step.error && (
        <Code block className="step-output step-error" mt="xs">
          {step.error}
        </Code>
      )}
    </Paper>
  );
}
