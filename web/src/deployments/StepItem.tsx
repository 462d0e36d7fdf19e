import { Code, Group, Paper, Text } from '@mantine/core';
import type { DeploymentFieldsFragment } from '../gql/graphql';
import { elapsed } from '../time/elapsed';
import { StatusBadge } from './StatusBadge';

interface StepItemProps {
  step: DeploymentFieldsFragment['steps'][number];
  /** Lines printed so far, live; the stored output replaces them once the step has ended. */
  live: readonly string[];
  now: number;
}

export function StepItem({ step, live, now }: StepItemProps) {
  const duration = elapsed(step.startedAt, step.finishedAt, now);
  const running = step.status === 'RUNNING' || step.status === 'ROLLING_BACK';
  const output = running && live.length > 0 ? live.join('\n') : step.output;
  const hasLog = output !== '' || Boolean(step.error);

  return (
    <Paper component="li" withBorder px="md" py="xs" className="step">
      <Group gap="sm">
        <Text fw={600}>{step.name}</Text>
        <StatusBadge status={step.status} />
        <Text c="dimmed" ml="auto" className="duration">
          {duration ?? '—'}
        </Text>
      </Group>
      {hasLog && (
        // Opens by itself when the step fails, so the error is in view without a click.
        <details
          className="step-log"
          open={running || step.status === 'FAILED' || step.status === 'ROLLBACK_FAILED'}
        >
          <summary>{step.error ? 'Output and error' : 'Output'}</summary>
          {step.error && (
            <Code block className="step-output step-error" mt="xs">
              {step.error}
            </Code>
          )}
          {output && (
            <Code block mt="xs" className="step-output">
              {output}
            </Code>
          )}
        </details>
      )}
    </Paper>
  );
}
