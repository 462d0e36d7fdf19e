import type { DeploymentStatus } from '../gql/graphql';

export function isFinished(status: DeploymentStatus): boolean {
  return (
    status === 'SUCCEEDED' ||
    status === 'FAILED' ||
    status === 'ROLLED_BACK' ||
    status === 'ROLLBACK_FAILED' ||
    status === 'CANCELLED'
  );
}
