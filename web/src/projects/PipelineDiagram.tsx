import { Anchor, Badge, Code, List, Paper, Stack, Text, Title, type MantineColor } from '@mantine/core';
import { arrivalOf, gatesOf, pushesOf, type Gate, type PipelineEnvironment } from './pipelineView';

const GATE_LABELS: Record<Gate['kind'], { label: string; color: MantineColor }> = {
  ci: { label: 'CI', color: 'blue' },
  approval: { label: 'Approval', color: 'orange' },
  freeze: { label: 'Freeze', color: 'cyan' },
};

/**
 * The promotion path as boxes and arrows (left to right; top to bottom on a phone): each arrow says
 * whether the release moves on by itself, each box what must pass before its steps run, and the steps.
 */
export function PipelineDiagram({ environments }: { environments: readonly PipelineEnvironment[] }) {
  return (
    <ol className="pipeline" aria-label="Promotion path">
      {environments.map((environment, index) => (
        <li key={environment.name} className="pipeline-stage">
          {index > 0 && <PipelineArrow environment={environment} />}
          <PipelineBox environment={environment} />
        </li>
      ))}
    </ol>
  );
}

function PipelineArrow({ environment }: { environment: PipelineEnvironment }) {
  const arrival = arrivalOf(environment);
  return (
    <div className="pipeline-arrow" data-automatic={arrival.automatic}>
      <span className="pipeline-arrow-line" aria-hidden="true" />
      <Badge
        variant={arrival.automatic ? 'light' : 'outline'}
        color={arrival.automatic ? 'green' : 'gray'}
        tt="none"
      >
        {arrival.automatic ? 'Automatic' : 'Manual'}
      </Badge>
      <span className="pipeline-arrow-head" aria-hidden="true" />
    </div>
  );
}

function PipelineBox({ environment }: { environment: PipelineEnvironment }) {
  const arrival = arrivalOf(environment);
  const pushes = pushesOf(environment);
  const gates = gatesOf(environment);
  return (
    <Paper withBorder p="md" radius="md" className="pipeline-environment" data-environment={environment.name}>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {environment.name}
        </Title>
        <Text size="sm" className="pipeline-arrival">
          {arrival.text}
        </Text>
        {pushes && (
          <Text size="sm" className="pipeline-pushes">
            {pushes}
          </Text>
        )}
        {gates.length === 0 ? (
          <Text size="sm" c="dimmed" className="pipeline-gates">
            No gate: its steps start at once
          </Text>
        ) : (
          <ul className="plain-list pipeline-gates" aria-label={`Gates of ${environment.name}`}>
            {gates.map((gate) => (
              <li key={gate.text} className="pipeline-gate" data-gate={gate.kind}>
                <Badge size="sm" variant="light" color={GATE_LABELS[gate.kind].color} tt="none" mr={6}>
                  {GATE_LABELS[gate.kind].label}
                </Badge>
                <Text span size="sm">
                  {gate.text}
                </Text>
              </li>
            ))}
          </ul>
        )}
        <div>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            Steps
          </Text>
          <List type="ordered" size="sm" spacing={2} className="pipeline-steps">
            {environment.steps.map((step) => (
              <List.Item key={step.name}>
                {step.name} <Code>{step.type}</Code>
              </List.Item>
            ))}
          </List>
        </div>
        {environment.url && (
          <Anchor href={environment.url} size="sm" target="_blank" rel="noreferrer" className="pipeline-url">
            {environment.url}
          </Anchor>
        )}
      </Stack>
    </Paper>
  );
}
