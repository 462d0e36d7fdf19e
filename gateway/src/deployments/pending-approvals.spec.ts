import type { DeploymentEventBody } from '@slipway/domain';
import type { Grant, Principal } from '../auth/principal';
import { approvalRequestOf, couldApprove, type ApprovalRequest } from './pending-approvals';

const person = (name: string, ...grants: Grant[]): Principal => ({
  kind: 'user',
  id: name,
  name,
  grants,
  via: 'session',
});
const grant = (role: Grant['role'], project: string | null = null, environment: string | null = null) => ({
  role,
  project,
  environment,
});

const PRODUCTION = { project: 'shop', environment: 'production', actor: 'alex' };
const REQUEST: ApprovalRequest = {
  roles: ['deployer'],
  approvers: 2,
  expiresAt: new Date('2026-11-27T08:00:00Z'),
  approvedBy: ['ada'],
  allowSelfApproval: false,
};

describe('approvalRequestOf', () => {
  it('reads the roles, the count, the expiry and who approved after the request, each once', () => {
    const events: DeploymentEventBody[] = [
      {
        type: 'APPROVAL_REQUESTED',
        roles: ['admin'],
        approvers: 2,
        expiresAt: '2026-11-27T08:00:00.000Z',
        allowSelfApproval: true,
      },
      { type: 'APPROVAL_GIVEN', actor: 'ada', comment: '', remaining: 1 },
      { type: 'APPROVAL_GIVEN', actor: 'ada', comment: 'again', remaining: 1 },
    ];
    expect(approvalRequestOf(events)).toEqual({
      roles: ['admin'],
      approvers: 2,
      expiresAt: new Date('2026-11-27T08:00:00.000Z'),
      approvedBy: ['ada'],
      allowSelfApproval: true,
    });
  });

  it('leaves self-approval undecided for a request recorded before it was carried', () => {
    const older: DeploymentEventBody = { type: 'APPROVAL_REQUESTED', roles: [], approvers: 1, expiresAt: '' };
    expect(approvalRequestOf([older])?.allowSelfApproval).toBeNull();
  });

  it('is null when approval was never asked for', () => {
    expect(approvalRequestOf([{ type: 'STEP_STARTED', step: 0 }])).toBeNull();
  });
});

describe('couldApprove', () => {
  it('lets a holder of a requested role where the deployment lands approve', () => {
    expect(couldApprove(person('bo', grant('deployer', 'shop', 'production')), PRODUCTION, REQUEST)).toBe(
      true,
    );
  });

  it('lets an admin approve whatever roles are asked for', () => {
    expect(couldApprove(person('root', grant('admin')), PRODUCTION, { ...REQUEST, roles: ['qa'] })).toBe(
      true,
    );
  });

  it('refuses a role held only in another environment or project', () => {
    expect(couldApprove(person('bo', grant('deployer', 'shop', 'staging')), PRODUCTION, REQUEST)).toBe(false);
    expect(couldApprove(person('bo', grant('deployer', 'blog')), PRODUCTION, REQUEST)).toBe(false);
  });

  it('refuses a deployer when only another role is asked for', () => {
    expect(couldApprove(person('bo', grant('deployer')), PRODUCTION, { ...REQUEST, roles: ['admin'] })).toBe(
      false,
    );
  });

  it('refuses a viewer even when the spec names viewer, since deciding needs deployer', () => {
    expect(couldApprove(person('vi', grant('viewer')), PRODUCTION, { ...REQUEST, roles: ['viewer'] })).toBe(
      false,
    );
  });

  it('refuses someone who has approved already', () => {
    expect(couldApprove(person('ada', grant('admin')), PRODUCTION, REQUEST)).toBe(false);
  });

  it('refuses the requester unless the environment allows self-approval', () => {
    const alex = person('alex', grant('admin'));
    expect(couldApprove(alex, PRODUCTION, REQUEST)).toBe(false);
    expect(couldApprove(alex, PRODUCTION, { ...REQUEST, allowSelfApproval: true })).toBe(true);
    expect(couldApprove(alex, PRODUCTION, { ...REQUEST, allowSelfApproval: null })).toBe(true);
  });
});
