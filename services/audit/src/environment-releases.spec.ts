import { afterSuccess, type Releases, type Success } from './environment-releases';

const ID = {
  a: '00000000-0000-4000-8000-00000000000a',
  b: '00000000-0000-4000-8000-00000000000b',
  c: '00000000-0000-4000-8000-00000000000c',
};

function success(id: string, deployedAt: string): Success {
  return {
    project: 'shop',
    environment: 'production',
    deploymentId: id,
    ref: 'main',
    commitSha: id.slice(-1).repeat(40),
    commitMessage: `Release ${id.slice(-1)}`,
    artifactDigest: 'd'.repeat(64),
    actor: 'ada',
    deployedAt: new Date(deployedAt),
  };
}

/** The releases of an environment after these successes, in the order they were recorded. */
function recorded(...successes: Success[]): Releases | null {
  return successes.reduce<Releases | null>(
    (releases, next) => afterSuccess(releases, next) ?? releases,
    null,
  );
}

const running = (releases: Releases | null) => ({
  current: releases?.deploymentId,
  previous: releases?.previousDeploymentId,
});

describe('what runs in an environment', () => {
  it('is the first success, with nothing before it', () => {
    expect(afterSuccess(null, success(ID.a, '2026-11-01T08:00:00Z'))).toEqual({
      ...success(ID.a, '2026-11-01T08:00:00Z'),
      previousDeploymentId: null,
      previousCommitSha: null,
      previousDeployedAt: null,
    });
  });

  it('moves to a newer success, keeping the one it replaces as the previous release', () => {
    const releases = recorded(success(ID.a, '2026-11-01T08:00:00Z'), success(ID.b, '2026-11-02T08:00:00Z'));
    expect(releases).toMatchObject({
      deploymentId: ID.b,
      commitSha: 'b'.repeat(40),
      commitMessage: 'Release b',
      previousDeploymentId: ID.a,
      previousCommitSha: 'a'.repeat(40),
      previousDeployedAt: new Date('2026-11-01T08:00:00Z'),
    });
  });

  it('keeps the newest success by the moment it succeeded, whatever order they are recorded in', () => {
    const a = success(ID.a, '2026-11-01T08:00:00Z');
    const b = success(ID.b, '2026-11-02T08:00:00Z');
    const c = success(ID.c, '2026-11-03T08:00:00Z');
    expect(running(recorded(a, b, c))).toEqual({ current: ID.c, previous: ID.b });
    expect(running(recorded(c, a, b))).toEqual({ current: ID.c, previous: ID.b });
    expect(running(recorded(b, c, a))).toEqual({ current: ID.c, previous: ID.b });
  });

  it('breaks a tie on the moment by the greater deployment id', () => {
    const a = success(ID.a, '2026-11-01T08:00:00Z');
    const b = success(ID.b, '2026-11-01T08:00:00Z');
    expect(running(recorded(a, b))).toEqual({ current: ID.b, previous: ID.a });
    expect(running(recorded(b, a))).toEqual({ current: ID.b, previous: ID.a });
  });

  it('changes nothing for a success it already knows', () => {
    const releases = recorded(success(ID.a, '2026-11-01T08:00:00Z'), success(ID.b, '2026-11-02T08:00:00Z'));
    expect(afterSuccess(releases, success(ID.b, '2026-11-02T08:00:00Z'))).toBeNull();
    expect(afterSuccess(releases, success(ID.a, '2026-11-01T08:00:00Z'))).toBeNull();
  });

  it('changes nothing for a success older than both it keeps', () => {
    const releases = recorded(success(ID.b, '2026-11-02T08:00:00Z'), success(ID.c, '2026-11-03T08:00:00Z'));
    expect(afterSuccess(releases, success(ID.a, '2026-11-01T08:00:00Z'))).toBeNull();
  });
});
