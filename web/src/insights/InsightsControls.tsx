import { Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { WINDOW_DAYS, type WindowDays } from './insightsView';
import type { InsightsProject } from './useInsightsProjects';

interface InsightsControlsProps {
  projects: InsightsProject[];
  project: InsightsProject;
  /** null when the project has no environment with a deployment yet. */
  environment: string | null;
  days: WindowDays;
  onProjectChange: (project: string) => void;
  onEnvironmentChange: (environment: string) => void;
  onDaysChange: (days: WindowDays) => void;
}

const WINDOW_LABELS: Record<WindowDays, string> = {
  7: '7 days',
  30: '30 days',
  90: '90 days',
  365: '1 year',
};

/** Which environment of which project, over how long. */
export function InsightsControls(props: InsightsControlsProps) {
  const windowLabelId = useId();
  return (
    <Group align="flex-end" gap="md">
      <Select
        label="Project"
        data={props.projects.map(({ name }) => name)}
        value={props.project.name}
        onChange={(name) => name && props.onProjectChange(name)}
        allowDeselect={false}
        searchable
        w={{ base: '100%', xs: 220 }}
      />
      <Select
        label="Environment"
        data={props.project.environments.map(({ name }) => name)}
        value={props.environment}
        onChange={(name) => name && props.onEnvironmentChange(name)}
        allowDeselect={false}
        disabled={props.environment === null}
        placeholder="None deployed yet"
        w={{ base: '100%', xs: 220 }}
      />
      <Stack gap={4}>
        <Text component="span" id={windowLabelId} size="sm" fw={500}>
          Window
        </Text>
        <SegmentedControl
          role="radiogroup"
          aria-labelledby={windowLabelId}
          data={WINDOW_DAYS.map((days) => ({ value: String(days), label: WINDOW_LABELS[days] }))}
          value={String(props.days)}
          onChange={(value) => {
            const days = WINDOW_DAYS.find((offered) => String(offered) === value);
            if (days) props.onDaysChange(days);
          }}
        />
      </Stack>
    </Group>
  );
}
