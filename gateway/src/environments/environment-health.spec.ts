import type { DeploymentStatus } from '@slipway/domain';
import { environmentHealth } from './environment-health';

describe('environmentHealth', () => {
  it.each<[DeploymentStatus, boolean, string]>([
    ['SUCCEEDED', true, 'HEALTHY'],
    ['FAILED', true, 'DEGRADED'],
    ['ROLLED_BACK', true, 'DEGRADED'],
    ['ROLLBACK_FAILED', true, 'BROKEN'],
    ['ROLLBACK_FAILED', false, 'BROKEN'],
    ['CANCELLED', true, 'HEALTHY'],
    ['REJECTED', true, 'HEALTHY'],
    ['EXPIRED', true, 'HEALTHY'],
    ['SUPERSEDED', true, 'HEALTHY'],
    ['BLOCKED', true, 'HEALTHY'],
    ['FAILED', false, 'UNKNOWN'],
    ['CANCELLED', false, 'UNKNOWN'],
    ['RUNNING', true, 'DEPLOYING'],
    ['WAITING_APPROVAL', false, 'DEPLOYING'],
    ['ROLLING_BACK', true, 'DEPLOYING'],
  ])('latest %s, a success ever: %s → %s', (latest, everSucceeded, health) => {
    expect(environmentHealth(latest, everSucceeded)).toBe(health);
  });
});
