import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBucketStart } from './formatMetric';
import { CHART_HEIGHT, TOOLTIP_STYLE } from './chartFrame';
import { useChartColors } from './useChartColors';
import type { DeploymentMetrics } from './useDeploymentMetrics';

/** Stacked bars of how the counted deployments of each bucket ended. */
export function OutcomeChart({ series }: { series: DeploymentMetrics['series'] }) {
  const colors = useChartColors();
  // `failed` includes the rolled back; the bars stack, so each deployment is drawn once.
  const data = series.map((point) => ({
    bucket: formatBucketStart(point.start),
    succeeded: point.succeeded,
    failed: point.failed - point.rolledBack,
    rolledBack: point.rolledBack,
  }));
  const tick = { fill: colors.axis, fontSize: 12 };
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid stroke={colors.grid} vertical={false} />
        <XAxis dataKey="bucket" tick={tick} stroke={colors.grid} minTickGap={16} />
        <YAxis allowDecimals={false} tick={tick} stroke={colors.grid} />
        <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fill: colors.grid, fillOpacity: 0.4 }} />
        {/* In the order of the stack, bottom first, rather than alphabetical. */}
        <Legend itemSorter={null} wrapperStyle={{ color: colors.axis, fontSize: 13 }} />
        <Bar
          dataKey="succeeded"
          name="Succeeded"
          stackId="outcome"
          fill={colors.succeeded}
          isAnimationActive={false}
        />
        <Bar
          dataKey="failed"
          name="Failed"
          stackId="outcome"
          fill={colors.failed}
          isAnimationActive={false}
        />
        <Bar
          dataKey="rolledBack"
          name="Rolled back"
          stackId="outcome"
          fill={colors.rolledBack}
          isAnimationActive={false}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}
