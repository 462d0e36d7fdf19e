import type { Logger } from '@slipway/service';
import { GraphQLError } from 'graphql';
import { auditArguments } from '../audit/audit-arguments';
import { auditOutcome } from '../audit/audit-outcome';
import type { AuditRecord, AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import type { DeploymentModel } from '../deployments/deployment.model';
import type { DeploymentsService } from '../deployments/deployments.service';
import type { SlackAccounts } from './slack-accounts';
import type { SlackDecision } from './slack-interaction';

/** The comment a decision made in Slack carries, in the deployment's history and the audit log. */
export const SLACK_COMMENT = 'via Slack';

const ACTIONS = { approve: 'approveDeployment', reject: 'rejectDeployment' } as const;

/**
 * Approve and Reject clicked in Slack: the person is found by their Slack account, then decides
 * through the very service the GraphQL mutations use (its role checks, the workflow's Temporal
 * Update and its approval rules), and the attempt is in the audit log as a mutation would be.
 */
export class SlackApprovals {
  constructor(
    private readonly accounts: Pick<SlackAccounts, 'find'>,
    private readonly deployments: Pick<DeploymentsService, 'approve' | 'reject'>,
    private readonly audit: Pick<AuditService, 'record'>,
    private readonly logger: Logger,
  ) {}

  /** Makes the decision; answers what to tell the person who clicked. */
  async decide(click: SlackDecision): Promise<string> {
    const account = await this.accounts.find(click.slackUserId);
    if (!account.linked) {
      await this.record(click, null, { code: account.code, message: account.message });
      return account.message;
    }
    const { principal } = account;
    try {
      const deployment =
        click.decision === 'approve'
          ? await this.deployments.approve(click.deploymentId, principal, SLACK_COMMENT)
          : await this.deployments.reject(click.deploymentId, principal, SLACK_COMMENT);
      await this.record(click, principal, null);
      return decided(click.decision, deployment);
    } catch (error) {
      if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
        await this.record(click, principal, { code: error.extensions.code, message: error.message });
        return error.message;
      }
      this.logger.error({ err: error, deploymentId: click.deploymentId }, 'a decision from Slack failed');
      await this.record(click, principal, { code: 'INTERNAL_SERVER_ERROR', message: 'Internal error' });
      return 'Slipway could not record your decision because of an internal error: decide in Slipway instead';
    }
  }

  /** As the GraphQL audit plugin records a mutation; Slack, not an address, says where it came from. */
  private async record(
    click: SlackDecision,
    principal: Principal | null,
    failure: { code: string; message: string } | null,
  ): Promise<void> {
    const record: AuditRecord = {
      actor: principal,
      ip: null,
      userAgent: null,
      action: ACTIONS[click.decision],
      arguments: auditArguments({
        id: click.deploymentId,
        comment: SLACK_COMMENT,
        via: 'slack',
        slackUser: click.slackUserId,
      }),
      outcome: auditOutcome(failure?.code ?? null),
      code: failure?.code ?? null,
      message: failure?.message ?? null,
    };
    try {
      await this.audit.record([record]);
    } catch (error) {
      this.logger.error({ err: error, action: record.action }, 'could not write the audit log');
    }
  }
}

/** What the person reads once their decision is in. */
function decided(decision: SlackDecision['decision'], deployment: DeploymentModel): string {
  const { project, environment } = deployment;
  if (decision === 'reject') return `Rejected — ${project} will not go to ${environment}`;
  const remaining = deployment.approvalsRemaining ?? 0;
  if (remaining === 0) return `Approved — ${project} goes to ${environment}`;
  return `Approved — ${remaining} more approval${remaining === 1 ? '' : 's'} needed`;
}
