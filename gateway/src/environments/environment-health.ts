import { isTerminal, type DeploymentStatus } from '@slipway/domain';

export const ENVIRONMENT_HEALTHS = ['HEALTHY', 'DEPLOYING', 'DEGRADED', 'BROKEN', 'UNKNOWN'] as const;
export type EnvironmentHealth = (typeof ENVIRONMENT_HEALTHS)[number];

/** What each value means to the person reading it; the schema publishes these. */
export const ENVIRONMENT_HEALTH_MEANINGS: Record<EnvironmentHealth, string> = {
  HEALTHY: 'The latest deployment succeeded, or ended without touching what runs (cancelled, rejected…).',
  DEPLOYING: 'A deployment is queued, waits for approval, runs or rolls back.',
  DEGRADED: 'The latest deployment failed or was rolled back: the release before it still runs.',
  BROKEN: 'The rollback of the latest deployment failed: what runs needs a person.',
  UNKNOWN: 'No deployment has ever succeeded here: nothing Slipway knows of runs.',
};

/** From the environment's latest deployment and whether any ever succeeded there. */
export function environmentHealth(latest: DeploymentStatus, everSucceeded: boolean): EnvironmentHealth {
  if (!isTerminal(latest)) return 'DEPLOYING';
  if (latest === 'ROLLBACK_FAILED') return 'BROKEN';
  if (!everSucceeded) return 'UNKNOWN';
  if (latest === 'FAILED' || latest === 'ROLLED_BACK') return 'DEGRADED';
  return 'HEALTHY';
}
