import { SimpleGrid } from '@mantine/core';
import { formatPerDay, formatRate, formatSpan } from './formatMetric';
import { MetricTile, type MetricTileProps } from './MetricTile';
import type { DeploymentMetrics } from './useDeploymentMetrics';

/** The tiles of the window, in the order a reader asks: how often it works, how fast, how it recovers. */
export function MetricTiles({ metrics, days }: { metrics: DeploymentMetrics; days: number }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
      {tilesOf(metrics, days).map((tile) => (
        <MetricTile key={tile.label} {...tile} />
      ))}
    </SimpleGrid>
  );
}

function tilesOf(metrics: DeploymentMetrics, days: number): MetricTileProps[] {
  const { counted, deploymentFrequency, leadTime, timeToRestore, duration } = metrics;
  return [
    {
      label: 'Success rate',
      value: rate(metrics.successRate),
      detail: `${metrics.succeeded} of ${counted} succeeded`,
      definition: 'Succeeded ÷ deployments that ran and ended in the window.',
    },
    {
      label: 'Failure rate',
      value: rate(metrics.failureRate),
      detail: `${metrics.failed} of ${counted} failed`,
      definition: 'Failed, rolled back or rollback failed ÷ counted deployments.',
    },
    {
      label: 'Rollback rate',
      value: rate(metrics.rollbackRate),
      detail: `${metrics.rolledBack} of ${counted} rolled back`,
      definition: 'Rolled back or rollback failed ÷ counted deployments.',
    },
    {
      label: 'Deployment frequency',
      value: formatPerDay(deploymentFrequency.perDay),
      detail: `${deploymentFrequency.deployments} successful in ${days} days`,
      definition: "Successful deployments ÷ the window's length in days.",
    },
    {
      label: 'Lead time for changes',
      value: span(leadTime.medianMs),
      whyMissing: 'No commit newly deployed in this window.',
      detail: `p90 ${span(leadTime.p90Ms) ?? '—'} · ${plural(leadTime.commits, 'commit')}`,
      definition: 'Median time from a commit to the successful deployment that first brought it.',
    },
    {
      label: 'Change failure rate',
      value: rate(metrics.changeFailureRate),
      detail: `${metrics.changeFailures} of ${counted} caused a failure`,
      definition: 'Deployments that failed, or succeeded and were rolled back later ÷ counted.',
    },
    {
      label: 'Time to restore',
      value: span(timeToRestore.medianMs),
      whyMissing: 'No incident restored in this window.',
      detail: `${timeToRestore.restored} restored · ${timeToRestore.unrestored} not yet`,
      definition: 'Median time from the first failure of an incident to the next success.',
    },
    {
      label: 'Duration',
      value: span(duration.medianMs),
      detail: `p90 ${span(duration.p90Ms) ?? '—'}`,
      definition: 'Median time from start to finish of the counted deployments.',
    },
  ];
}

function rate(value: number | null): string | null {
  return value === null ? null : formatRate(value);
}

function span(value: number | null): string | null {
  return value === null ? null : formatSpan(value);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
