import { Badge, Button, Group, Paper, Text, VisuallyHidden, type MantineColor } from '@mantine/core';
import { elapsed } from '../../time/elapsed';
import { Timestamp } from '../../time/Timestamp';
import type { Phase, PhaseState } from './timelinePhases';

const COLORS: Record<PhaseState, MantineColor> = {
  done: 'green',
  active: 'blue',
  failed: 'red',
  stopped: 'gray',
};

function stateLabel({ key, state }: Phase): string {
  switch (state) {
    case 'done':
      return 'Done';
    case 'active':
      return key === 'build' || key === 'rollback' ? 'Running' : 'Waiting';
    case 'failed':
      return 'Failed';
    case 'stopped':
      return 'Stopped';
  }
}

interface PhaseItemProps {
  phase: Phase;
  now: number;
  /** Offered for a phase that prints (the build): shows its lines in the log. */
  onShowLog?: () => void;
}

/** A stretch of the deployment outside its steps (the build, an approval…), or a moment of it. */
export function PhaseItem({ phase, now, onShowLog }: PhaseItemProps) {
  const moment = phase.startedAt === phase.finishedAt;
  return (
    <Paper
      component="li"
      withBorder
      px="md"
      py="xs"
      className="phase"
      data-phase={phase.key}
      data-state={phase.state}
    >
      <Group gap="sm" wrap="wrap">
        <Text fw={600}>{phase.label}</Text>
        {!(moment && phase.state === 'done') && (
          <Badge color={COLORS[phase.state]} variant="light" tt="none" className="phase-state">
            {stateLabel(phase)}
          </Badge>
        )}
        <Group gap="xs" ml="auto" wrap="nowrap">
          <Text c="dimmed" size="sm" className="duration">
            {moment ? <Timestamp value={phase.startedAt} /> : elapsed(phase.startedAt, phase.finishedAt, now)}
          </Text>
          {onShowLog && (
            <Button variant="subtle" size="compact-sm" onClick={onShowLog}>
              Log<VisuallyHidden> of the {phase.label.toLowerCase()}</VisuallyHidden>
            </Button>
          )}
        </Group>
      </Group>
      {phase.detail && (
        <Text size="sm" c="dimmed" className="phase-detail">
          {phase.detail}
        </Text>
      )}
      {phase.until && phase.state === 'active' && (
        <Text size="sm" c="dimmed">
          Expires <Timestamp value={phase.until} />
        </Text>
      )}
    </Paper>
  );
}
