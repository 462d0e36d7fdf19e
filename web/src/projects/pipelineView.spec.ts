import { describe, expect, it } from '@jest/globals';
import { arrivalOf, gatesOf, pushesOf, specDuration, type PipelineEnvironment } from './pipelineView';

const plain: PipelineEnvironment = {
  name: 'staging',
  after: null,
  url: null,
  auto: null,
  approval: null,
  ci: null,
  freeze: [],
  steps: [{ name: 'release', type: 'release' }],
};

describe('specDuration', () => {
  it('says a duration in the largest unit that divides it evenly', () => {
    expect(specDuration(86_400_000)).toBe('24 h');
    expect(specDuration(223_200_000)).toBe('62 h');
    expect(specDuration(5_400_000)).toBe('90 min');
    expect(specDuration(30_000)).toBe('30 s');
    expect(specDuration(1500)).toBe('1500 ms');
  });
});

describe('arrivalOf', () => {
  it('is automatic after the environment the spec names, and by hand otherwise', () => {
    expect(arrivalOf({ ...plain, after: 'development' })).toEqual({
      automatic: true,
      text: 'Promoted automatically once development succeeds',
    });
    expect(arrivalOf(plain)).toEqual({ automatic: false, text: 'Deployed or promoted by hand' });
  });
});

describe('pushesOf', () => {
  it('names the branches and tags whose pushes deploy there', () => {
    expect(pushesOf({ ...plain, auto: { branches: ['main'], tags: [] } })).toBe(
      'A push to branch main deploys here',
    );
    expect(pushesOf({ ...plain, auto: { branches: ['main', 'release/*'], tags: ['v*'] } })).toBe(
      'A push to branch main, branch release/* or tag v* deploys here',
    );
    expect(pushesOf(plain)).toBeNull();
    expect(pushesOf({ ...plain, auto: { branches: [], tags: [] } })).toBeNull();
  });
});

describe('gatesOf', () => {
  it('lists CI, approval and freeze windows in the order a deployment meets them', () => {
    const gates = gatesOf({
      ...plain,
      approval: {
        roles: ['admin', 'deployer'],
        approvers: 2,
        allowSelfApproval: false,
        timeoutMs: 86_400_000,
      },
      ci: { required: true, timeoutMs: 3_600_000, checks: ['test', 'lint'] },
      freeze: [{ name: 'weekend', cron: '0 18 * * FRI', durationMs: 223_200_000 }],
    });
    expect(gates).toEqual([
      { kind: 'ci', text: 'CI must pass (test and lint) within 1 h' },
      { kind: 'approval', text: 'Approval by 2 × admin or deployer; expires after 24 h' },
      { kind: 'freeze', text: 'Freeze “weekend”: from 0 18 * * FRI (UTC) for 62 h' },
    ]);
  });

  it('says when the requester may approve, and leaves out CI that is declared but not required', () => {
    const gates = gatesOf({
      ...plain,
      approval: { roles: ['admin'], approvers: 1, allowSelfApproval: true, timeoutMs: 7_200_000 },
      ci: { required: false, timeoutMs: 3_600_000, checks: null },
    });
    expect(gates).toEqual([
      { kind: 'approval', text: 'Approval by 1 × admin, the requester may approve; expires after 2 h' },
    ]);
  });

  it('has no gate for an environment that asks for none', () => {
    expect(gatesOf(plain)).toEqual([]);
  });
});
