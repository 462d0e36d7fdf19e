import { Paper, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { DeploymentFieldsFragment } from '../../gql/graphql';
import { isFinished } from '../isFinished';
import { BUILD_STEP } from '../logs/logStore';
import type { DeploymentEvent } from '../useDeployment';
import { PhaseItem } from './PhaseItem';
import { StepItem } from './StepItem';
import { timelinePhases } from './timelinePhases';

interface DeploymentTimelineProps {
  deployment: DeploymentFieldsFragment;
  events: readonly DeploymentEvent[];
  now: number;
  /** Shows one step's lines in the log (the build's: BUILD_STEP). */
  onShowLog: (step: number) => void;
}

/** Everything the deployment went through, in order: its waits, its steps, and its rollback. */
export function DeploymentTimeline({ deployment, events, now, onShowLog }: DeploymentTimelineProps) {
  const { beforeSteps, afterSteps } = useMemo(() => timelinePhases(events), [events]);
  const steps = useMemo(
    () => [...deployment.steps].sort((a, b) => a.position - b.position),
    [deployment.steps],
  );
  const showLogOf = (step: number) => () => onShowLog(step);

  return (
    <Stack component="ol" gap="xs" className="timeline plain-list">
      {beforeSteps.map((phase, index) => (
        <PhaseItem
          key={`${phase.key}-${index}`}
          phase={phase}
          now={now}
          {...(phase.key === 'build' ? { onShowLog: showLogOf(BUILD_STEP) } : {})}
        />
      ))}
      {steps.length > 0
        ? steps.map((step) => <StepItem key={step.position} step={step} now={now} onShowLog={onShowLog} />)
        : !isFinished(deployment.status) && (
            <Paper component="li" withBorder px="md" py="xs" className="phase">
              <Text c="dimmed" size="sm">
                The steps are listed once the deployment starts them.
              </Text>
            </Paper>
          )}
      {afterSteps.map((phase, index) => (
        <PhaseItem key={`${phase.key}-${index}`} phase={phase} now={now} />
      ))}
    </Stack>
  );
}
