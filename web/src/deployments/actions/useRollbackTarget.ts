import { useEffect, useState } from 'react';
import { messageOf } from '../../errors/messageOf';
import type { DeploymentFieldsFragment } from '../../gql/graphql';
import { useGraphQLClient } from '../../graphql/useGraphQLClient';
import { ENVIRONMENT_RELEASES_QUERY } from '../deploymentOperations';

export interface RollbackTarget {
  commitSha: string;
  deploymentId: string;
  deployedAt: string;
}

export interface RollbackTargetState {
  /** undefined while it is read; null when there is nothing to put back. */
  target: RollbackTarget | null | undefined;
  /** Why there is nothing to put back, or why it could not be read. */
  problem: string | null;
}

/**
 * The release a rollback of this deployment would put back: what ran in its environment before it.
 * Read afresh each time `wanted` turns true (when the person asks to roll back), since a later
 * deployment may have replaced this one in the meantime.
 */
export function useRollbackTarget(
  deployment: DeploymentFieldsFragment,
  wanted: boolean,
): RollbackTargetState {
  const client = useGraphQLClient();
  const { id, project, environment } = deployment;
  const [state, setState] = useState<RollbackTargetState>({ target: undefined, problem: null });

  useEffect(() => {
    if (!wanted) return undefined;
    const controller = new AbortController();
    setState({ target: undefined, problem: null });
    client.request(ENVIRONMENT_RELEASES_QUERY, { project }, controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        const releases = data.environments.find((each) => each.name === environment);
        const previous = releases?.previous;
        if (releases?.current?.deploymentId !== id) {
          setState({
            target: null,
            problem: `This deployment no longer runs in ${environment}: reload the page.`,
          });
        } else if (!previous?.commitSha) {
          setState({ target: null, problem: `No earlier release of ${environment} is known to put back.` });
        } else {
          setState({ target: { ...previous, commitSha: previous.commitSha }, problem: null });
        }
      },
      (cause: unknown) => {
        if (controller.signal.aborted) return;
        setState({
          target: null,
          problem: `Could not read what ran before: ${messageOf(cause)}`,
        });
      },
    );
    return () => controller.abort();
  }, [client, wanted, id, project, environment]);

  return state;
}
