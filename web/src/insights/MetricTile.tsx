import { Paper, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';

export interface MetricTileProps {
  label: string;
  /** The number, formatted; null when there is nothing to compute it from. */
  value: string | null;
  /** Why the value can be missing, told in place of it when it is; by default, nothing was counted. */
  whyMissing?: string;
  /** The counts behind the number. */
  detail: string;
  /** What the number means, in one line (from the README's "Metrics"). */
  definition: string;
}

const NOTHING_COUNTED = 'Nothing counted in this window.';

/** One number of the window, with what it is made of and what it means. */
export function MetricTile({
  label,
  value,
  whyMissing = NOTHING_COUNTED,
  detail,
  definition,
}: MetricTileProps) {
  const labelId = useId();
  return (
    <Paper withBorder p="md" role="group" aria-labelledby={labelId} className="metric-tile">
      <Text id={labelId} size="sm" fw={600} c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.3} className="metric-value">
        {value ?? (
          <Tooltip label={whyMissing} events={{ hover: true, focus: true, touch: true }}>
            <span tabIndex={0}>
              <span aria-hidden="true">—</span>
              <VisuallyHidden>none: {whyMissing}</VisuallyHidden>
            </span>
          </Tooltip>
        )}
      </Text>
      <Text size="sm">{detail}</Text>
      <Text size="xs" c="dimmed" mt={4}>
        {definition}
      </Text>
    </Paper>
  );
}
