import { useEffect, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import type { RecentDeploymentsQuery } from '../gql/graphql';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { RECENT_DEPLOYMENTS_QUERY } from './deploymentOperations';

const REFRESH_INTERVAL_MS = 5_000;
const COUNT = 20;

export type DeploymentSummary = RecentDeploymentsQuery['deployments']['nodes'][number];

export interface RecentDeployments {
  /** null until the first answer arrives. */
  deployments: DeploymentSummary[] | null;
  error: string | null;
}

/** The latest deployments, refreshed every few seconds (the next refresh waits for the previous one). */
export function useRecentDeployments(): RecentDeployments {
  const client = useGraphQLClient();
  const [deployments, setDeployments] = useState<DeploymentSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;

    async function refresh(): Promise<void> {
      try {
        const data = await client.request(RECENT_DEPLOYMENTS_QUERY, { first: COUNT }, controller.signal);
        if (controller.signal.aborted) return;
        setDeployments(data.deployments.nodes);
        setError(null);
      } catch (cause) {
        if (controller.signal.aborted) return;
        setError(messageOf(cause));
      }
      timer = window.setTimeout(() => void refresh(), REFRESH_INTERVAL_MS);
    }

    void refresh();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [client]);

  return { deployments, error };
}
