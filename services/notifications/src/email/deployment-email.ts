import {
  failedStep,
  logTail,
  type DeploymentCard,
  type DeploymentState,
  type NotificationEvent,
  type ReleaseDiff,
} from '@slipway/domain';
import { renderEmail, type EmailBlock, type EmailTone, type RenderedEmail } from './email-layout';

/** The events that mean a deployment went wrong, counted apart in a digest's subject. */
const FAILURES: ReadonlySet<NotificationEvent> = new Set(['FAILED', 'ROLLED_BACK', 'ROLLBACK_FAILED']);

/** `[Slipway] hello → production FAILED at health-check`: one deployment, one event, everything needed to act. */
export function deploymentEmail(
  card: DeploymentCard,
  event: NotificationEvent,
  consoleUrl: string,
): RenderedEmail {
  const { deployment } = card;
  const heading = `${deployment.project} → ${deployment.environment} ${headline(card, event)}`;
  return renderEmail({
    subject: `[Slipway] ${heading}`,
    heading,
    tone: toneOf(event),
    blocks: [
      { type: 'facts', facts: deploymentFacts(card) },
      ...situation(card, consoleUrl),
      ...(deployment.reason ? [{ type: 'paragraph' as const, text: `Reason: ${deployment.reason}` }] : []),
      ...diffBlocks(card.diff),
      ...failureBlocks(card),
      {
        type: 'button',
        label: 'Open the deployment in Slipway',
        url: deploymentUrl(consoleUrl, deployment.id),
      },
    ],
  });
}

export interface DigestWindow {
  project: string;
  /** Null: every environment of the project. */
  environment: string | null;
  /** When the first and the last entry happened (ISO 8601). */
  from: string;
  to: string;
}

/** `[Slipway] hello → production: 7 updates (3 failed)`: one email for a noisy environment. */
export function digestEmail(
  entries: Array<{ card: DeploymentCard; event: NotificationEvent; at: string }>,
  consoleUrl: string,
  window: DigestWindow,
): RenderedEmail {
  const scope = window.environment === null ? window.project : `${window.project} → ${window.environment}`;
  const failed = entries.filter((entry) => FAILURES.has(entry.event)).length;
  const count = `${entries.length} ${entries.length === 1 ? 'update' : 'updates'}`;
  const summary = failed > 0 ? `${count} (${failed} failed)` : count;
  return renderEmail({
    subject: `[Slipway] ${scope}: ${summary}`,
    heading: `${scope}: ${summary}`,
    tone: failed > 0 ? 'failure' : 'neutral',
    blocks: [
      { type: 'paragraph', text: `From ${formatTime(window.from)} to ${formatTime(window.to)}.` },
      {
        type: 'links',
        items: entries.map(({ card, event, at }) => {
          const { deployment } = card;
          const where = window.environment === null ? `${deployment.environment} ` : '';
          return {
            text: `${formatTime(at)}  ${where}${headline(card, event)}: ${version(deployment)} by ${deployment.actor}`,
            url: deploymentUrl(consoleUrl, deployment.id),
          };
        }),
      },
    ],
  });
}

/** `[Slipway] your change reached production (hello abc1234)`, to the people whose commits went out. */
export function arrivalEmail(card: DeploymentCard, consoleUrl: string): RenderedEmail {
  const { deployment } = card;
  const commit = deployment.commitSha ? shortSha(deployment.commitSha) : deployment.ref;
  return renderEmail({
    subject: `[Slipway] your change reached ${deployment.environment} (${deployment.project} ${commit})`,
    heading: `Your change reached ${deployment.environment}`,
    tone: 'success',
    blocks: [
      { type: 'facts', facts: deploymentFacts(card) },
      ...diffBlocks(card.diff),
      {
        type: 'button',
        label: 'Open the deployment in Slipway',
        url: deploymentUrl(consoleUrl, deployment.id),
      },
    ],
  });
}

/** What happened, in the words of a subject line. */
function headline(card: DeploymentCard, event: NotificationEvent): string {
  const at = (what: string): string => {
    const step = failedStep(card);
    return step ? `${what} at ${step.name}` : what;
  };
  switch (event) {
    case 'QUEUED':
      return `queued behind ${card.queuedBehind ? shortId(card.queuedBehind) : 'another deployment'}`;
    case 'STARTED':
      return 'STARTED';
    case 'SUCCEEDED':
      return 'SUCCEEDED';
    case 'FAILED':
      return at('FAILED');
    case 'ROLLED_BACK':
      return at('ROLLED BACK');
    case 'ROLLBACK_FAILED':
      return at('ROLLBACK FAILED');
    case 'APPROVAL_REQUIRED':
      return 'needs approval';
    case 'APPROVAL_EXPIRED':
      return 'approval expired';
    case 'FREEZE_OVERRIDDEN':
      return `freeze overridden by ${card.freezeOverride?.actor ?? 'someone'}`;
  }
}

function toneOf(event: NotificationEvent): EmailTone {
  switch (event) {
    case 'FAILED':
    case 'ROLLED_BACK':
    case 'ROLLBACK_FAILED':
      return 'failure';
    case 'SUCCEEDED':
      return 'success';
    case 'APPROVAL_REQUIRED':
    case 'APPROVAL_EXPIRED':
    case 'FREEZE_OVERRIDDEN':
    case 'QUEUED':
      return 'attention';
    case 'STARTED':
      return 'neutral';
  }
}

function deploymentFacts(card: DeploymentCard): Array<[string, string | null]> {
  const { deployment } = card;
  return [
    ['Project', deployment.project],
    ['Environment', deployment.environment],
    ['Status', deployment.status.replace(/_/g, ' ')],
    ['Version', version(deployment)],
    ['Author', card.commitAuthor],
    ['Started by', startedBy(deployment)],
    ...timing(deployment),
  ];
}

/** What the deployment waits for, or who let it through, when that is why the email was sent. */
function situation(card: DeploymentCard, consoleUrl: string): EmailBlock[] {
  const blocks: EmailBlock[] = [];
  if (card.approval) {
    const { approval } = card;
    const approvedBy =
      approval.approvedBy.length > 0 ? ` Approved so far by ${approval.approvedBy.join(', ')}.` : '';
    blocks.push({
      type: 'paragraph',
      text: `Needs ${approval.approvers} ${approval.approvers === 1 ? 'approval' : 'approvals'} from ${approval.roles.join(' or ')} before ${formatTime(approval.expiresAt)}.${approvedBy}`,
    });
  }
  if (card.queuedBehind) {
    blocks.push({
      type: 'links',
      items: [
        {
          text: `Waiting for deployment ${shortId(card.queuedBehind)} to finish in ${card.deployment.environment}`,
          url: deploymentUrl(consoleUrl, card.queuedBehind),
        },
      ],
    });
  }
  if (card.freezeOverride) {
    const { actor, freeze, reason } = card.freezeOverride;
    blocks.push({ type: 'paragraph', text: `${actor} overrode the freeze window ${freeze}: ${reason}` });
  }
  return blocks;
}

function diffBlocks(diff: ReleaseDiff | null): EmailBlock[] {
  if (!diff || diff.commits.length === 0) return [];
  const count = `${diff.commits.length}${diff.truncated ? '+' : ''} ${diff.commits.length === 1 && !diff.truncated ? 'commit' : 'commits'}`;
  const from = diff.from ? shortSha(diff.from) : null;
  const title = ((): string => {
    switch (diff.direction) {
      case 'FIRST':
        return `First release here: ${count}`;
      case 'FORWARD':
        return `Changes since ${from ?? 'the running release'}: ${count}`;
      case 'BACKWARD':
        return `Goes back from ${from ?? 'the running release'}; these ${count} go away`;
      case 'DIVERGED':
        return `Diverged from ${from ?? 'the running release'}: ${count} it lacks`;
    }
  })();
  const items = diff.commits.map(
    (commit) =>
      `${shortSha(commit.sha)} ${commit.message} (${commit.author}${commit.pullRequest === null ? '' : `, #${commit.pullRequest}`})`,
  );
  return [{ type: 'list', title, items: diff.truncated ? [...items, '… and older commits'] : items }];
}

/** The step that failed, and any step whose undoing failed: their error and the end of their log. */
function failureBlocks(card: DeploymentCard): EmailBlock[] {
  const failed = failedStep(card);
  const undoFailed = card.deployment.steps.filter((step) => step.status === 'ROLLBACK_FAILED');
  return [
    ...(failed ? [{ step: failed, what: 'failed' }] : []),
    ...undoFailed.map((step) => ({ step, what: 'could not be rolled back' })),
  ].flatMap(({ step, what }): EmailBlock[] => {
    const tail = logTail(step.output);
    return [
      { type: 'paragraph', text: `Step ${step.name} ${what}${step.error ? `: ${step.error}` : '.'}` },
      ...(tail ? [{ type: 'log' as const, title: `Last lines of ${step.name}'s log`, text: tail }] : []),
    ];
  });
}

function version(deployment: DeploymentState): string {
  if (!deployment.commitSha) return `${deployment.ref} (commit not resolved yet)`;
  const message = deployment.commitMessage?.split('\n')[0]?.trim();
  return message ? `${shortSha(deployment.commitSha)} ${message}` : shortSha(deployment.commitSha);
}

function startedBy(deployment: DeploymentState): string {
  const { actor, trigger } = deployment;
  switch (trigger.type) {
    case 'manual':
      return actor;
    case 'push':
      return `${actor} (push to ${trigger.ref})`;
    case 'promotion':
      return `${actor} (promoted after ${trigger.after})`;
    case 'rollback':
      return `${actor} (rollback${trigger.replacing ? ` replacing ${shortSha(trigger.replacing)}` : ''})`;
  }
}

function timing(deployment: DeploymentState): Array<[string, string | null]> {
  const { queuedAt, startedAt, finishedAt } = deployment;
  if (startedAt && finishedAt) return [['Duration', formatDuration(startedAt, finishedAt)]];
  if (startedAt) return [['Started', formatTime(startedAt)]];
  if (finishedAt) return [['Ended', formatTime(finishedAt)]];
  return [['Queued', formatTime(queuedAt)]];
}

function deploymentUrl(consoleUrl: string, deploymentId: string): string {
  return `${consoleUrl.replace(/\/+$/, '')}/deployments/${encodeURIComponent(deploymentId)}`;
}

const shortSha = (sha: string): string => sha.slice(0, 7);
const shortId = (id: string): string => id.slice(0, 8);

/** `2025-03-01 14:05 UTC`: readers are anywhere, and an email cannot know where. */
function formatTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatDuration(fromIso: string, toIso: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  if (Number.isNaN(seconds)) return 'unknown';
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${rest}s`;
  return `${rest}s`;
}
