import type { DeploymentOutcome } from '@slipway/temporal';

export interface Email {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** `[Slipway] hello → production ROLLED_BACK`, with the reason and a link to the console. */
export function deploymentEmail(outcome: DeploymentOutcome, consoleUrl: string): Email {
  const link = new URL(`/deployments/${outcome.deploymentId}`, consoleUrl).toString();
  const version = outcome.commit
    ? `${outcome.commit.sha.slice(0, 7)} ${outcome.commit.message}`
    : 'unresolved';
  const subject = `[Slipway] ${outcome.project} → ${outcome.environment} ${outcome.status.replace('_', ' ')}`;
  const lines = [
    `${outcome.project} → ${outcome.environment}: ${outcome.status}`,
    `Version: ${version}`,
    ...(outcome.reason ? [`Reason: ${outcome.reason}`] : []),
    `Details: ${link}`,
  ];
  const html = [
    `<h2>${escapeHtml(outcome.project)} → ${escapeHtml(outcome.environment)}: ${escapeHtml(outcome.status)}</h2>`,
    `<p>Version: <code>${escapeHtml(version)}</code></p>`,
    ...(outcome.reason ? [`<p>Reason: ${escapeHtml(outcome.reason)}</p>`] : []),
    `<p><a href="${escapeHtml(link)}">Open the deployment in Slipway</a></p>`,
  ].join('\n');
  return { subject, text: lines.join('\n'), html };
}
