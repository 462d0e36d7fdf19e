import { useEffect, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import type { DeploymentMetricsQuery } from '../gql/graphql';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { DEPLOYMENT_METRICS_QUERY } from './insightsOperations';
import { metricsWindow, type WindowDays } from './insightsView';

export type DeploymentMetrics = DeploymentMetricsQuery['deploymentMetrics'];

export interface DeploymentMetricsState {
  /** The numbers of the current choice; null while they load. */
  metrics: DeploymentMetrics | null;
  error: string | null;
}

interface Settled {
  key: string;
  metrics: DeploymentMetrics | null;
  error: string | null;
}

/** The metrics of one environment over the `days` up to now, fetched again whenever the choice changes. */
export function useDeploymentMetrics(
  project: string,
  environment: string,
  days: WindowDays,
): DeploymentMetricsState {
  const client = useGraphQLClient();
  const key = JSON.stringify([project, environment, days]);
  const [settled, setSettled] = useState<Settled | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const variables = { project, environment, ...metricsWindow(days, new Date()) };
    client.request(DEPLOYMENT_METRICS_QUERY, variables, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ key, metrics: data.deploymentMetrics, error: null });
      },
      (cause: unknown) => {
        if (!controller.signal.aborted) setSettled({ key, metrics: null, error: messageOf(cause) });
      },
    );
    return () => controller.abort();
  }, [client, key, project, environment, days]);

  // An answer for an earlier choice is not shown under the new one.
  const current = settled?.key === key ? settled : null;
  return { metrics: current?.metrics ?? null, error: current?.error ?? null };
}
