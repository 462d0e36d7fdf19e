import { useEffect, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import type { InsightsProjectsQuery } from '../gql/graphql';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { INSIGHTS_PROJECTS_QUERY } from './insightsOperations';

export type InsightsProject = InsightsProjectsQuery['projects'][number];

export interface InsightsProjects {
  /** null until the answer arrives. */
  projects: InsightsProject[] | null;
  error: string | null;
}

/** The projects the caller may see, each with the environments that have had a deployment. */
export function useInsightsProjects(): InsightsProjects {
  const client = useGraphQLClient();
  const [projects, setProjects] = useState<InsightsProject[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    client.request(INSIGHTS_PROJECTS_QUERY, {}, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setProjects(data.projects);
      },
      (cause: unknown) => {
        if (!controller.signal.aborted) setError(messageOf(cause));
      },
    );
    return () => controller.abort();
  }, [client]);

  return { projects, error };
}
