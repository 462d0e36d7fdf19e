import type { DeploymentStatus } from '../gql/graphql';

/** A deployment that holds or waits for its environment: the matrix animates it in its cell. */
export function isMoving(status: DeploymentStatus): boolean {
  return (
    status === 'QUEUED' || status === 'WAITING_APPROVAL' || status === 'RUNNING' || status === 'ROLLING_BACK'
  );
}
