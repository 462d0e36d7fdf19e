import { autoTriggerMatches, globMatches } from './refs';

describe('auto triggers', () => {
  it.each([
    ['main', 'main', true],
    ['main', 'maintenance', false],
    ['release/*', 'release/1.2', true],
    ['release/*', 'release/1.2/hotfix', false],
    ['release/**', 'release/1.2/hotfix', true],
    ['v*.*', 'v1.2', true],
    ['v1.2', 'v1x2', false],
  ])('pattern %s against %s → %s', (pattern, name, expected) => {
    expect(globMatches(pattern, name)).toBe(expected);
  });

  it('matches branches against branch patterns and tags against tag patterns only', () => {
    const auto = { branches: ['main'], tags: ['v*'] };
    expect(autoTriggerMatches(auto, 'refs/heads/main')).toBe(true);
    expect(autoTriggerMatches(auto, 'refs/tags/v1.0.0')).toBe(true);
    expect(autoTriggerMatches(auto, 'refs/tags/main')).toBe(false);
    expect(autoTriggerMatches(auto, 'refs/heads/v1')).toBe(false);
    expect(autoTriggerMatches(auto, 'main')).toBe(false);
    expect(autoTriggerMatches(undefined, 'refs/heads/main')).toBe(false);
  });
});
