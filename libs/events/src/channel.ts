/** The one PostgreSQL NOTIFY channel deployment events travel on. */
export const DEPLOYMENT_EVENTS_CHANNEL = 'slipway_deployment_events';

/** What a notification carries: enough to fetch the event; the row is the truth. */
export interface DeploymentEventNotice {
  id: string;
  deploymentId: string;
}

export function parseNotice(payload: string | undefined): DeploymentEventNotice | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as Partial<DeploymentEventNotice>;
    if (typeof value.id === 'string' && typeof value.deploymentId === 'string') {
      return { id: value.id, deploymentId: value.deploymentId };
    }
  } catch {
    return null;
  }
  return null;
}
