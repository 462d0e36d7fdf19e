import { useEffect, useState } from 'react';
import { messageOf } from '../../errors/messageOf';
import type { DeploymentReleaseDiffQuery } from '../../gql/graphql';
import { useGraphQLClient } from '../../graphql/useGraphQLClient';
import { RELEASE_DIFF_QUERY } from '../deploymentOperations';

export type ReleaseDiff = NonNullable<NonNullable<DeploymentReleaseDiffQuery['deployment']>['releaseDiff']>;

export interface ReleaseDiffState {
  /** undefined while it is read; null when the deployment has none (yet). */
  diff: ReleaseDiff | null | undefined;
  error: string | null;
}

/**
 * A deployment's release diff: read when the page opens, and again once its events announce it
 * (RELEASE_DIFF_READY), since it is worked out while the deployment runs.
 */
export function useReleaseDiff(deploymentId: string, announced: boolean): ReleaseDiffState {
  const client = useGraphQLClient();
  const [answer, setAnswer] = useState<{ diff: ReleaseDiff | null; announced: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    client.request(RELEASE_DIFF_QUERY, { id: deploymentId }, controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setAnswer({ diff: data.deployment?.releaseDiff ?? null, announced });
        setError(null);
      },
      (cause: unknown) => {
        if (!controller.signal.aborted) setError(messageOf(cause));
      },
    );
    return () => controller.abort();
  }, [client, deploymentId, announced]);

  // An empty answer read before the announcement is out of date once it comes: still reading.
  const stale = answer !== null && answer.diff === null && announced && !answer.announced;
  return { diff: answer === null || stale ? undefined : answer.diff, error };
}
