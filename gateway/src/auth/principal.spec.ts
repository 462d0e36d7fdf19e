import {
  authorize,
  grantsOf,
  holds,
  requestOrigin,
  rolesIn,
  visibleProjects,
  type Principal,
} from './principal';

function person(grants: Principal['grants']): Principal {
  return { kind: 'user', id: 'u1', name: 'alex@example.com', grants, via: 'session' };
}

describe('roles per environment', () => {
  const developer = person([
    { role: 'deployer', project: null, environment: 'staging' },
    { role: 'viewer', project: null, environment: null },
  ]);

  it('lets a staging deployer deploy to staging in any project, and not to production', () => {
    expect(holds(developer, ['deployer'], { project: 'shop', environment: 'staging' })).toBe(true);
    expect(holds(developer, ['deployer'], { project: 'shop', environment: 'production' })).toBe(false);
    expect(rolesIn(developer, { project: 'shop', environment: 'production' })).toEqual(['viewer']);
  });

  it('counts a role held somewhere when no place is named (what the resolver guard checks)', () => {
    expect(holds(developer, ['deployer'])).toBe(true);
    expect(holds(developer, ['admin'])).toBe(false);
  });

  it('lets an admin of one project do anything there and nothing elsewhere', () => {
    const shopAdmin = person([{ role: 'admin', project: 'shop', environment: null }]);
    expect(holds(shopAdmin, ['deployer'], { project: 'shop', environment: 'production' })).toBe(true);
    expect(holds(shopAdmin, ['viewer'], { project: 'blog', environment: 'production' })).toBe(false);
    expect(visibleProjects(shopAdmin)).toEqual(['shop']);
  });

  it('refuses with the place and the roles needed', () => {
    expect(() => authorize(developer, ['deployer'], { project: 'shop', environment: 'production' })).toThrow(
      'This needs one of the roles deployer in project shop, environment production.',
    );
  });

  it('gives an API token its roles in each of its projects, or everywhere', () => {
    expect(grantsOf(['deployer'], ['shop', 'blog'])).toEqual([
      { role: 'deployer', project: 'shop', environment: null },
      { role: 'deployer', project: 'blog', environment: null },
    ]);
    expect(visibleProjects(person(grantsOf(['viewer'], null)))).toBeNull();
  });
});

describe('requestOrigin', () => {
  it('keeps the address and the User-Agent, cut to 300 characters', () => {
    const userAgent = `Mozilla/5.0 ${'x'.repeat(400)}`;
    expect(
      requestOrigin({ socket: { remoteAddress: '192.0.2.7' }, headers: { 'user-agent': userAgent } }),
    ).toEqual({ ip: '192.0.2.7', userAgent: userAgent.slice(0, 300) });
  });

  it('says null for what the request does not tell', () => {
    expect(requestOrigin({ socket: {}, headers: {} })).toEqual({ ip: null, userAgent: null });
    expect(requestOrigin({ socket: {}, headers: { 'user-agent': '' } }).userAgent).toBeNull();
  });
});
