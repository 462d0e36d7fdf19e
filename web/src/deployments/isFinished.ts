import type { DeploymentStatus } from '../gql/graphql';

/** Statuses a deployment never leaves: nothing more will happen to it. */
const ENDED: ReadonlySet<DeploymentStatus> = new Set([
  'SUCCEEDED',
  'FAILED',
  'ROLLED_BACK',
  'ROLLBACK_FAILED',
  'CANCELLED',
  'REJECTED',
  'EXPIRED',
  'SUPERSEDED',
  'BLOCKED',
]);

export function isFinished(status: DeploymentStatus): boolean {
  return ENDED.has(status);
}
