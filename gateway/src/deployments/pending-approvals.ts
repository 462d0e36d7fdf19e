import type { DeploymentEventBody } from '@slipway/domain';
import { holds, rolesIn, type Principal } from '../auth/principal';

/** What a deployment waiting for approval asks for, read from its events. */
export interface ApprovalRequest {
  /** Any of these roles may approve (admin always may). */
  roles: string[];
  /** Distinct people who must approve. */
  approvers: number;
  expiresAt: Date;
  /** Who has approved since it was asked for. */
  approvedBy: string[];
  /** Whether the requester may approve; null when the request did not say (older deployments). */
  allowSelfApproval: boolean | null;
}

/** The latest request for approval in a deployment's events (in sequence order), with the approvals after it. */
export function approvalRequestOf(events: readonly DeploymentEventBody[]): ApprovalRequest | null {
  let request: ApprovalRequest | null = null;
  for (const event of events) {
    if (event.type === 'APPROVAL_REQUESTED') {
      request = {
        roles: event.roles,
        approvers: event.approvers,
        expiresAt: new Date(event.expiresAt),
        approvedBy: [],
        allowSelfApproval: event.allowSelfApproval ?? null,
      };
    } else if (event.type === 'APPROVAL_GIVEN' && request && !request.approvedBy.includes(event.actor)) {
      request.approvedBy.push(event.actor);
    }
  }
  return request;
}

/**
 * Whether the principal could approve, as the gateway and the workflow would check it: deployer (or
 * admin) where the deployment lands, one of the requested roles there (or admin), no approval of
 * theirs yet, and not the requester unless the environment allows it (when an older request did not
 * say, the workflow decides, and the answer says who asked).
 */
export function couldApprove(
  principal: Principal,
  deployment: { project: string; environment: string; actor: string },
  request: ApprovalRequest,
): boolean {
  if (request.allowSelfApproval === false && deployment.actor === principal.name) return false;
  return couldDecide(principal, deployment, request) && !request.approvedBy.includes(principal.name);
}

/**
 * The role need of a decision, approval or rejection alike: deployer (or admin) where the deployment
 * lands, and one of the requested roles there (or admin). Rejecting needs nothing more.
 */
export function couldDecide(
  principal: Principal,
  deployment: { project: string; environment: string },
  request: Pick<ApprovalRequest, 'roles'>,
): boolean {
  const scope = { project: deployment.project, environment: deployment.environment };
  if (!holds(principal, ['deployer'], scope)) return false;
  const roles: readonly string[] = rolesIn(principal, scope);
  return roles.includes('admin') || request.roles.some((role) => roles.includes(role));
}
