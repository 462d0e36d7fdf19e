/** The one PostgreSQL NOTIFY channel: something was appended for a deployment (an event or output). */
export const DEPLOYMENT_EVENTS_CHANNEL = 'slipway_deployment_events';

/** A notification only says which deployment changed; readers then read the tables, the truth. */
export interface DeploymentNotice {
  deploymentId: string;
}

export function parseNotice(payload: string | undefined): DeploymentNotice | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as Partial<DeploymentNotice>;
    if (typeof value.deploymentId === 'string') return { deploymentId: value.deploymentId };
  } catch {
    return null;
  }
  return null;
}
