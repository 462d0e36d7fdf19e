import { grantsForGroups, parseRoleMap } from './role-map';

describe('SLIPWAY_ROLE_MAP', () => {
  const map = parseRoleMap(
    JSON.stringify({
      platform: ['admin'],
      developers: ['deployer@development', 'deployer@staging', 'viewer'],
      'shop-team': ['deployer@shop/production', 'deployer@shop/*'],
    }),
  );

  it('gives each group its grants, scoped to an environment, a project, or both', () => {
    expect(grantsForGroups(map, ['developers', 'shop-team'])).toEqual([
      { role: 'deployer', project: null, environment: 'development' },
      { role: 'deployer', project: null, environment: 'staging' },
      { role: 'viewer', project: null, environment: null },
      { role: 'deployer', project: 'shop', environment: 'production' },
      { role: 'deployer', project: 'shop', environment: null },
    ]);
  });

  it('gives nothing for groups it does not name, and each grant once', () => {
    expect(grantsForGroups(map, ['everyone', 'guests'])).toEqual([]);
    expect(grantsForGroups(map, ['platform', 'platform'])).toEqual([
      { role: 'admin', project: null, environment: null },
    ]);
  });

  it('names every bad grant and its group', () => {
    expect(() => parseRoleMap(JSON.stringify({ ops: ['root', 'deployer@Prod'], devs: 'deployer' }))).toThrow(
      [
        'SLIPWAY_ROLE_MAP is invalid:',
        '  - group "ops": "root": the role must be one of admin, deployer, viewer',
        '  - group "ops": "deployer@Prod" is not role, role@environment or role@project/environment',
        '  - group "devs": expected a list of grants such as ["deployer@staging"]',
      ].join('\n'),
    );
  });

  it('says when it is not a JSON object', () => {
    expect(() => parseRoleMap('admins: admin')).toThrow(/^SLIPWAY_ROLE_MAP is not JSON/);
    expect(() => parseRoleMap('["admin"]')).toThrow('SLIPWAY_ROLE_MAP must be a JSON object');
  });
});
