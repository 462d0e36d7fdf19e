import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBucketStart, formatSpan } from './formatMetric';
import { CHART_HEIGHT, TOOLTIP_STYLE } from './chartFrame';
import { useChartColors } from './useChartColors';
import type { DeploymentMetrics } from './useDeploymentMetrics';

/** Median duration and median lead time per bucket; a bucket with nothing to measure is bridged over. */
export function SpeedChart({ series }: { series: DeploymentMetrics['series'] }) {
  const colors = useChartColors();
  const data = series.map((point) => ({
    bucket: formatBucketStart(point.start),
    duration: point.medianDurationMs,
    leadTime: point.medianLeadTimeMs,
  }));
  const tick = { fill: colors.axis, fontSize: 12 };
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid stroke={colors.grid} vertical={false} />
        <XAxis dataKey="bucket" tick={tick} stroke={colors.grid} minTickGap={16} />
        <YAxis tick={tick} stroke={colors.grid} tickFormatter={formatSpan} width={72} />
        <Tooltip
          contentStyle={TOOLTIP_STYLE}
          formatter={(value) => (typeof value === 'number' ? formatSpan(value) : '—')}
        />
        <Legend wrapperStyle={{ color: colors.axis, fontSize: 13 }} />
        <Line
          dataKey="duration"
          name="Median duration"
          stroke={colors.duration}
          strokeWidth={2}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          dataKey="leadTime"
          name="Median lead time"
          stroke={colors.leadTime}
          strokeWidth={2}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
