import type { DeploymentStatus } from '@slipway/domain';
import type { Grant, Principal } from '../auth/principal';
import {
  deploymentPermissions,
  type DeploymentFacts,
  type EnvironmentReleases,
  type PermissionReads,
} from './deployment-permissions';
import type { ApprovalRequest } from './pending-approvals';

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

const ADMIN = person('root', grant('admin'));
const VIEWER = person('vic', grant('viewer'));
const DEPLOYER = person('dee', grant('deployer', 'shop'));
const STAGING_DEPLOYER = person('sam', grant('deployer', 'shop', 'staging'));

const SHA = { old: 'a'.repeat(40), new: 'b'.repeat(40) };

const deployment = (status: DeploymentStatus, changes: Partial<DeploymentFacts> = {}): DeploymentFacts => ({
  id: 'd-1',
  project: 'shop',
  environment: 'production',
  actor: 'alex',
  status,
  commitSha: SHA.new,
  ...changes,
});

const request = (changes: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
  roles: ['deployer'],
  approvers: 2,
  expiresAt: new Date('2026-11-27T08:00:00Z'),
  approvedBy: [],
  allowSelfApproval: false,
  ...changes,
});

/** What runs in production: this deployment, after an earlier release of another commit. */
const RUNS_HERE: EnvironmentReleases = { current: { deploymentId: 'd-1' }, previous: { commitSha: SHA.old } };

/** Reads that answer as given and count how often they were made. */
function reads(
  approval: ApprovalRequest | null = null,
  releases: EnvironmentReleases | null = null,
): PermissionReads & { made: string[] } {
  const made: string[] = [];
  return {
    made,
    approvalRequest: () => {
      made.push('approvalRequest');
      return Promise.resolve(approval);
    },
    environmentReleases: () => {
      made.push('environmentReleases');
      return Promise.resolve(releases);
    },
  };
}

const NOTHING = { approve: false, reject: false, cancel: false, rollback: false, redeploy: false };

describe('deploymentPermissions', () => {
  it('lets an admin approve, reject and cancel a deployment waiting for approval', async () => {
    const can = await deploymentPermissions(
      ADMIN,
      deployment('WAITING_APPROVAL'),
      reads(request({ roles: ['admin'] })),
    );
    expect(can).toEqual({ approve: true, reject: true, cancel: true, rollback: false, redeploy: false });
  });

  it('offers a viewer nothing, whatever the deployment is doing', async () => {
    const cases: Array<[DeploymentStatus, ReturnType<typeof reads>]> = [
      ['WAITING_APPROVAL', reads(request({ roles: ['viewer', 'deployer'] }))],
      ['RUNNING', reads()],
      ['SUCCEEDED', reads(null, RUNS_HERE)],
      ['FAILED', reads()],
    ];
    for (const [status, answers] of cases) {
      expect(await deploymentPermissions(VIEWER, deployment(status), answers)).toEqual(NOTHING);
    }
  });

  it('offers a deployer of another environment nothing where the deployment lands', async () => {
    const waiting = await deploymentPermissions(
      STAGING_DEPLOYER,
      deployment('WAITING_APPROVAL'),
      reads(request()),
    );
    const ended = await deploymentPermissions(
      STAGING_DEPLOYER,
      deployment('SUCCEEDED'),
      reads(null, RUNS_HERE),
    );
    expect([waiting, ended]).toEqual([NOTHING, NOTHING]);
  });

  it('lets someone who approved already, or who asked for it, reject but not approve', async () => {
    const approvedAlready = await deploymentPermissions(
      DEPLOYER,
      deployment('WAITING_APPROVAL'),
      reads(request({ approvedBy: ['dee'] })),
    );
    const requester = await deploymentPermissions(
      DEPLOYER,
      deployment('WAITING_APPROVAL', { actor: 'dee' }),
      reads(request({ allowSelfApproval: false })),
    );
    for (const can of [approvedAlready, requester]) {
      expect(can).toMatchObject({ approve: false, reject: true });
    }
    const allowed = await deploymentPermissions(
      DEPLOYER,
      deployment('WAITING_APPROVAL', { actor: 'dee' }),
      reads(request({ allowSelfApproval: true })),
    );
    expect(allowed).toMatchObject({ approve: true, reject: true });
  });

  it('refuses both decisions to a deployer when the request asks for a role they lack', async () => {
    const can = await deploymentPermissions(
      DEPLOYER,
      deployment('WAITING_APPROVAL'),
      reads(request({ roles: ['admin'] })),
    );
    expect(can).toEqual({ ...NOTHING, cancel: true });
  });

  it('offers no decision without a request, and reads the request only while it waits for approval', async () => {
    const unrequested = await deploymentPermissions(ADMIN, deployment('WAITING_APPROVAL'), reads(null));
    expect(unrequested).toMatchObject({ approve: false, reject: false });
    const running = reads(request({ roles: ['admin'] }));
    expect(await deploymentPermissions(ADMIN, deployment('RUNNING'), running)).toMatchObject({
      approve: false,
      reject: false,
    });
    expect(running.made).toEqual([]);
  });

  it('lets a deployer cancel until the deployment ends', async () => {
    const stillGoing: DeploymentStatus[] = [
      'QUEUED',
      'WAITING_CI',
      'WAITING_APPROVAL',
      'RUNNING',
      'ROLLING_BACK',
    ];
    const ended: DeploymentStatus[] = [
      'SUCCEEDED',
      'FAILED',
      'ROLLED_BACK',
      'CANCELLED',
      'REJECTED',
      'SUPERSEDED',
    ];
    for (const status of stillGoing) {
      expect((await deploymentPermissions(DEPLOYER, deployment(status), reads())).cancel).toBe(true);
    }
    for (const status of ended) {
      expect((await deploymentPermissions(DEPLOYER, deployment(status), reads())).cancel).toBe(false);
    }
  });

  it('offers a rollback of a success that still runs where an earlier release of another commit ran', async () => {
    const can = async (releases: EnvironmentReleases | null) =>
      (await deploymentPermissions(DEPLOYER, deployment('SUCCEEDED'), reads(null, releases))).rollback;
    expect(await can(RUNS_HERE)).toBe(true);
    expect(await can({ ...RUNS_HERE, current: { deploymentId: 'a-later-one' } })).toBe(false);
    expect(await can({ ...RUNS_HERE, previous: null })).toBe(false);
    expect(await can({ ...RUNS_HERE, previous: { commitSha: SHA.new } })).toBe(false);
    expect(await can({ ...RUNS_HERE, previous: { commitSha: null } })).toBe(false);
    expect(await can(null)).toBe(false);
  });

  it('reads the environment only for a success, and offers no rollback of anything else', async () => {
    const failed = reads(null, RUNS_HERE);
    expect((await deploymentPermissions(ADMIN, deployment('FAILED'), failed)).rollback).toBe(false);
    expect(failed.made).toEqual([]);
  });

  it('offers a redeploy of an ended deployment whose commit is known', async () => {
    const can = async (status: DeploymentStatus, commitSha: string | null) =>
      (await deploymentPermissions(DEPLOYER, deployment(status, { commitSha }), reads(null, RUNS_HERE)))
        .redeploy;
    expect(await can('SUCCEEDED', SHA.new)).toBe(true);
    expect(await can('ROLLED_BACK', SHA.new)).toBe(true);
    expect(await can('FAILED', null)).toBe(false);
    expect(await can('RUNNING', SHA.new)).toBe(false);
  });
});
