import { createLogger } from '@slipway/service';
import type { AuditRecord } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import type { DeploymentModel } from '../deployments/deployment.model';
import type { SlackAccount } from './slack-accounts';
import { SlackApprovals } from './slack-approvals';
import type { SlackDecision } from './slack-interaction';

const DANA: Principal = {
  kind: 'user',
  id: 'b7f9c3de-52b1-4c0e-9a57-3c1c8e6c0b11',
  name: 'dana@example.com',
  grants: [{ role: 'deployer', project: null, environment: null }],
  via: 'slack',
};

const click = (decision: SlackDecision['decision']): SlackDecision => ({
  decision,
  deploymentId: '7c1b1f1e-3a55-4c55-9a8e-2f7f0f0d5b11',
  slackUserId: 'U024BE7LH',
  responseUrl: 'https://hooks.slack.com/actions/T1/2/3',
});

const waiting = (approvalsRemaining: number | null) =>
  ({ project: 'shop', environment: 'production', approvalsRemaining }) as DeploymentModel;

/** The approvals with fakes for Slack, the deployments service and the audit log; what each was asked. */
function approvalsWith(options: {
  account?: SlackAccount;
  decide?: (id: string, principal: Principal, comment: string) => Promise<DeploymentModel>;
}) {
  const audited: AuditRecord[] = [];
  const decisions: Array<{ decision: string; id: string; principal: Principal; comment: string }> = [];
  const decide = options.decide ?? (() => Promise.resolve(waiting(0)));
  const approvals = new SlackApprovals(
    { find: () => Promise.resolve(options.account ?? { linked: true, principal: DANA }) },
    {
      approve: (id, principal, comment) => {
        decisions.push({ decision: 'approve', id, principal, comment });
        return decide(id, principal, comment);
      },
      reject: (id, principal, comment) => {
        decisions.push({ decision: 'reject', id, principal, comment });
        return decide(id, principal, comment);
      },
    },
    {
      record: (records) => {
        audited.push(...records);
        return Promise.resolve();
      },
    },
    createLogger('test', 'silent'),
  );
  return { approvals, audited, decisions };
}

describe('deciding from Slack', () => {
  it('approves as the linked Slipway user, says how many approvals remain, and audits it as the mutation', async () => {
    const { approvals, audited, decisions } = approvalsWith({ decide: () => Promise.resolve(waiting(1)) });
    expect(await approvals.decide(click('approve'))).toBe('Approved — 1 more approval needed');
    expect(decisions).toEqual([
      { decision: 'approve', id: click('approve').deploymentId, principal: DANA, comment: 'via Slack' },
    ]);
    expect(audited).toEqual([
      {
        actor: DANA,
        ip: null,
        userAgent: null,
        action: 'approveDeployment',
        arguments: {
          id: click('approve').deploymentId,
          comment: 'via Slack',
          via: 'slack',
          slackUser: 'U024BE7LH',
        },
        outcome: 'ok',
        code: null,
        message: null,
      },
    ]);
  });

  it('says the deployment goes ahead once the last approval is in, and that a rejection stops it', async () => {
    expect(await approvalsWith({}).approvals.decide(click('approve'))).toBe(
      'Approved — shop goes to production',
    );
    const { approvals, audited } = approvalsWith({});
    expect(await approvals.decide(click('reject'))).toBe('Rejected — shop will not go to production');
    expect(audited[0]).toMatchObject({ action: 'rejectDeployment', outcome: 'ok' });
  });

  it("tells the person the refusal's own words, and audits it as denied", async () => {
    const refusal = 'dana@example.com may not decide on this deployment: it needs the role admin';
    const { approvals, audited } = approvalsWith({
      decide: () => Promise.reject(apiError('FORBIDDEN', refusal)),
    });
    expect(await approvals.decide(click('approve'))).toBe(refusal);
    expect(audited[0]).toMatchObject({ actor: DANA, outcome: 'denied', code: 'FORBIDDEN', message: refusal });
  });

  it('decides nothing for a Slack account linked to nobody, and audits the attempt without an actor', async () => {
    const message =
      'Your Slack account (dana@example.com) is not linked to a Slipway user: sign in to Slipway once with that email';
    const { approvals, audited, decisions } = approvalsWith({
      account: { linked: false, code: 'UNAUTHENTICATED', message },
    });
    expect(await approvals.decide(click('approve'))).toBe(message);
    expect(decisions).toEqual([]);
    expect(audited[0]).toMatchObject({ actor: null, outcome: 'denied', code: 'UNAUTHENTICATED', message });
  });

  it('keeps an unexpected failure to itself, and points the person to Slipway', async () => {
    const { approvals, audited } = approvalsWith({
      decide: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:5432')),
    });
    const told = await approvals.decide(click('approve'));
    expect(told).toBe(
      'Slipway could not record your decision because of an internal error: decide in Slipway instead',
    );
    expect(audited[0]).toMatchObject({ outcome: 'failed', code: 'INTERNAL_SERVER_ERROR' });
  });
});
