import { isTerminal, type DeploymentStatus } from '@slipway/domain';
import { holds, type Principal } from '../auth/principal';
import { couldApprove, couldDecide, type ApprovalRequest } from './pending-approvals';

/** What the caller may do to a deployment now. */
export interface DeploymentPermissions {
  approve: boolean;
  reject: boolean;
  cancel: boolean;
  rollback: boolean;
  redeploy: boolean;
}

/** The deployment, as far as the decision needs it. */
export interface DeploymentFacts {
  id: string;
  project: string;
  environment: string;
  actor: string;
  status: DeploymentStatus;
  commitSha: string | null;
}

/** What runs in the deployment's environment now and ran there before (Environment.current/previous). */
export interface EnvironmentReleases {
  current: { deploymentId: string } | null;
  previous: { commitSha: string | null } | null;
}

/** Reads a decision may need; each is made only when the deployment's status makes it matter. */
export interface PermissionReads {
  /** The deployment's latest request for approval; null when none was made. */
  approvalRequest(): Promise<ApprovalRequest | null>;
  /** Its environment's releases; null when nothing ever succeeded there. */
  environmentReleases(): Promise<EnvironmentReleases | null>;
}

/**
 * Which actions the principal may take on the deployment now, by the rules the mutations check:
 * approving and rejecting by the approval request's role need (pending-approvals), the rest by the
 * deployer role where the deployment lands (admin there always may), each only in a state it applies to.
 */
export async function deploymentPermissions(
  principal: Principal,
  deployment: DeploymentFacts,
  reads: PermissionReads,
): Promise<DeploymentPermissions> {
  const deployer = holds(principal, ['deployer'], {
    project: deployment.project,
    environment: deployment.environment,
  });
  const ended = isTerminal(deployment.status);
  const request = deployment.status === 'WAITING_APPROVAL' ? await reads.approvalRequest() : null;
  return {
    approve: request !== null && couldApprove(principal, deployment, request),
    reject: request !== null && couldDecide(principal, deployment, request),
    cancel: deployer && !ended,
    rollback: deployer && deployment.status === 'SUCCEEDED' && (await canRollBack(deployment, reads)),
    redeploy: deployer && ended && deployment.commitSha !== null,
  };
}

/**
 * The deployment still runs in its environment and an earlier release of another commit ran there: the
 * one a rollback puts back (the rollback mutation refuses the commit that already runs).
 */
async function canRollBack(deployment: DeploymentFacts, reads: PermissionReads): Promise<boolean> {
  const releases = await reads.environmentReleases();
  const previous = releases?.previous?.commitSha ?? null;
  return (
    releases?.current?.deploymentId === deployment.id &&
    previous !== null &&
    previous !== deployment.commitSha
  );
}
