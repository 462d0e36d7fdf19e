import {
  APPROVE_ACTION,
  failedStep,
  REJECT_ACTION,
  type DeploymentCard,
  type DeploymentState,
  type DeploymentStatus,
  type DeploymentStepState,
  type ReleaseDiff,
} from '@slipway/domain';
import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/web-api';
import type { SlackMessage } from './slack-api';

/** Block Kit's limits, past which Slack refuses the whole message. */
const SECTION_TEXT_LIMIT = 3000;
const FIELD_TEXT_LIMIT = 2000;
const HEADER_TEXT_LIMIT = 150;
/** A commit message line longer than this is cut: the message is a summary, the console has the rest. */
const COMMIT_LINE_LIMIT = 150;
const DIFF_COMMITS_SHOWN = 5;
const AUTHORS_NAMED = 5;

const STATUS: Record<DeploymentStatus, { emoji: string; word: string }> = {
  QUEUED: { emoji: ':hourglass_flowing_sand:', word: 'Queued' },
  WAITING_CI: { emoji: ':hourglass_flowing_sand:', word: 'Waiting for CI' },
  WAITING_APPROVAL: { emoji: ':raised_hand:', word: 'Waiting for approval' },
  RUNNING: { emoji: ':rocket:', word: 'Deploying' },
  ROLLING_BACK: { emoji: ':rewind:', word: 'Rolling back' },
  SUCCEEDED: { emoji: ':white_check_mark:', word: 'Succeeded' },
  FAILED: { emoji: ':x:', word: 'FAILED' },
  ROLLED_BACK: { emoji: ':leftwards_arrow_with_hook:', word: 'ROLLED BACK' },
  ROLLBACK_FAILED: { emoji: ':rotating_light:', word: 'ROLLBACK FAILED' },
  CANCELLED: { emoji: ':no_entry_sign:', word: 'Cancelled' },
  REJECTED: { emoji: ':no_entry:', word: 'Rejected' },
  EXPIRED: { emoji: ':alarm_clock:', word: 'Approval expired' },
  SUPERSEDED: { emoji: ':fast_forward:', word: 'Superseded' },
  BLOCKED: { emoji: ':snowflake:', word: 'Blocked' },
};

/**
 * The one message a deployment has in a channel, rewritten in place as it moves: where it goes, its
 * status, version, people, step and duration, the release diff, and Approve / Reject while it waits.
 */
export function deploymentMessage(card: DeploymentCard, consoleUrl: string, now: Date): SlackMessage {
  const { deployment } = card;
  const status = STATUS[deployment.status];
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: cut(`${status.emoji} ${where(deployment)} · ${status.word}`, HEADER_TEXT_LIMIT),
        emoji: true,
      },
    },
    {
      type: 'section',
      fields: facts(card, now).map(([name, value]) => mrkdwn(cut(`*${name}*\n${value}`, FIELD_TEXT_LIMIT))),
    },
    ...(deployment.reason ? [section(`*Reason:* ${escape(deployment.reason)}`)] : []),
    ...diffSection(card.diff),
    ...approvalBlocks(card),
    ...(card.queuedBehind
      ? [
          section(
            `:hourglass: Waiting for ${link(deploymentUrl(consoleUrl, card.queuedBehind), `deployment ${shortId(card.queuedBehind)}`)} to finish in ${escape(deployment.environment)}.`,
          ),
        ]
      : []),
    ...(card.freezeOverride
      ? [
          section(
            `:snowflake: *${escape(card.freezeOverride.actor)}* overrode the freeze window *${escape(card.freezeOverride.freeze)}*: ${escape(card.freezeOverride.reason)}`,
          ),
        ]
      : []),
    openInSlipway(deployment, consoleUrl),
  ];
  return { text: escape(`${where(deployment)}: ${outcome(card)}`), blocks };
}

/** The thread reply under a failed deployment's message: what failed, its error and the end of its log. */
export function failureReply(card: DeploymentCard, consoleUrl: string): SlackMessage {
  const { deployment } = card;
  const failed = failedStep(card);
  const undoFailed = deployment.steps.filter((step) => step.status === 'ROLLBACK_FAILED');
  const troubled = [
    ...(failed ? [{ step: failed, what: 'failed' }] : []),
    ...undoFailed.map((step) => ({ step, what: 'could not be rolled back' })),
  ];
  const blocks: KnownBlock[] = troubled.flatMap(({ step, what }) => [
    section(
      `:x: Step *${escape(step.name)}* (${stepNumber(deployment, step)}) ${what}${step.error ? `: ${escape(step.error)}` : '.'}`,
    ),
    ...(step.output.trim() ? [section(codeBlock(step.output))] : []),
  ]);
  if (troubled.length === 0) {
    blocks.push(
      section(
        `:x: ${escape(where(deployment))} ${outcome(card)}${deployment.reason ? `: ${escape(deployment.reason)}` : '.'}`,
      ),
    );
  }
  blocks.push(openInSlipway(deployment, consoleUrl));
  const error = failed?.error ?? deployment.reason;
  const firstLine = error?.split('\n')[0];
  return {
    text: escape(
      `${where(deployment)}: ${failed ? `${failed.name} failed` : outcome(card)}${firstLine ? `: ${firstLine}` : ''}`,
    ),
    blocks,
  };
}

/** A direct message to an author of the release: their change is live. */
export function arrivalMessage(card: DeploymentCard, consoleUrl: string): SlackMessage {
  const { deployment } = card;
  const change = deployment.commitSha
    ? commitLine(deployment.commitSha, deployment.commitMessage)
    : deployment.ref;
  const inline = change.replace(/`/g, "'");
  return {
    text: escape(`Your change ${change} reached ${deployment.environment} (${deployment.project})`),
    blocks: [
      section(
        `:tada: Your change \`${escape(inline)}\` reached *${escape(deployment.environment)}* in ${escape(deployment.project)}.`,
      ),
      openInSlipway(deployment, consoleUrl),
    ],
  };
}

function facts(card: DeploymentCard, now: Date): Array<[string, string]> {
  const { deployment } = card;
  const step = currentStep(deployment);
  const duration = deployment.startedAt
    ? formatDuration(
        Date.parse(deployment.finishedAt ?? now.toISOString()) - Date.parse(deployment.startedAt),
      )
    : null;
  return [
    ['Status', `${STATUS[deployment.status].emoji} ${STATUS[deployment.status].word}`],
    ['Version', version(deployment)],
    ...(card.commitAuthor ? [['Author', escape(card.commitAuthor)] as [string, string]] : []),
    ['Started by', startedBy(deployment)],
    ...(step ? [[step.label, step.text] as [string, string]] : []),
    ...(duration ? [['Duration', duration] as [string, string]] : []),
  ];
}

/** The step running (or being undone) now; after a failure, the step that failed. */
function currentStep(deployment: DeploymentState): { label: string; text: string } | null {
  const of = (step: DeploymentStepState): string => `${escape(step.name)} (${stepNumber(deployment, step)})`;
  const failed = deployment.steps.find((step) => step.status === 'FAILED');
  if (deployment.status === 'RUNNING') {
    const running = deployment.steps.find((step) => step.status === 'RUNNING');
    return running ? { label: 'Current step', text: of(running) } : null;
  }
  if (deployment.status === 'ROLLING_BACK') {
    const undoing = deployment.steps.find((step) => step.status === 'ROLLING_BACK');
    if (undoing) return { label: 'Current step', text: `undoing ${of(undoing)}` };
  }
  return failed ? { label: 'Failed step', text: of(failed) } : null;
}

const stepNumber = (deployment: DeploymentState, step: DeploymentStepState): string =>
  `${step.position + 1} of ${deployment.steps.length}`;

/** The status in a few words: `FAILED at health-check`. */
function outcome(card: DeploymentCard): string {
  const { word } = STATUS[card.deployment.status];
  const failed = failedStep(card);
  return failed && card.deployment.status !== 'RUNNING' ? `${word} at ${failed.name}` : word;
}

function diffSection(diff: ReleaseDiff | null): KnownBlock[] {
  if (!diff || diff.commits.length === 0) return [];
  const authors = [...new Set(diff.commits.map((commit) => commit.author))];
  const named =
    authors.length > AUTHORS_NAMED
      ? `${authors.slice(0, AUTHORS_NAMED).join(', ')} and ${authors.length - AUTHORS_NAMED} others`
      : authors.join(', ');
  const count = `${diff.commits.length}${diff.truncated ? '+' : ''} ${diff.commits.length === 1 && !diff.truncated ? 'commit' : 'commits'}`;
  const summary = ((): string => {
    switch (diff.direction) {
      case 'FIRST':
        return `First release here: ${count} by ${named}`;
      case 'FORWARD':
        return `${count} by ${named}`;
      case 'BACKWARD':
        return `Goes back: ${count} by ${named} go away`;
      case 'DIVERGED':
        return `Diverged from the running release: ${count} by ${named}`;
    }
  })();
  const lines = diff.commits.slice(0, DIFF_COMMITS_SHOWN).map((commit) => {
    const pull = commit.pullRequest === null ? '' : ` (#${commit.pullRequest})`;
    return `• \`${shortSha(commit.sha)}\` ${escape(cut(commit.message, COMMIT_LINE_LIMIT))}${pull}`;
  });
  const hidden = diff.commits.length - DIFF_COMMITS_SHOWN;
  if (hidden > 0 || (diff.truncated && lines.length > 0)) {
    lines.push(hidden > 0 ? `and ${hidden}${diff.truncated ? '+' : ''} more` : 'and older commits');
  }
  return [section(`*${escape(summary)}*\n${lines.join('\n')}`)];
}

function approvalBlocks(card: DeploymentCard): KnownBlock[] {
  const { approval, deployment } = card;
  if (!approval) return [];
  const remaining = deployment.approvalsRemaining ?? approval.approvers;
  const who = approval.roles.map(escape).join(' or ');
  const so =
    approval.approvedBy.length > 0
      ? `\nApproved so far by ${approval.approvedBy.map(escape).join(', ')}.`
      : '';
  const ask = section(
    `:raised_hand: *Needs ${remaining} more ${remaining === 1 ? 'approval' : 'approvals'}* (of ${approval.approvers}) from ${who}, before ${slackDate(approval.expiresAt)}.${so}`,
  );
  const button = (text: string, actionId: string, style: 'primary' | 'danger', confirm: string): Button => ({
    type: 'button',
    text: { type: 'plain_text', text },
    action_id: actionId,
    value: deployment.id,
    style,
    confirm: {
      title: { type: 'plain_text', text: `${text} this deployment?` },
      text: { type: 'plain_text', text: cut(confirm, 300) },
      confirm: { type: 'plain_text', text },
      deny: { type: 'plain_text', text: 'Cancel' },
      style,
    },
  });
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: 'deployment_approval',
    elements: [
      button(
        'Approve',
        APPROVE_ACTION,
        'primary',
        `${version(deployment, false)} will deploy to ${deployment.environment}.`,
      ),
      button(
        'Reject',
        REJECT_ACTION,
        'danger',
        `${where(deployment)} will not deploy. This cannot be undone.`,
      ),
    ],
  };
  return [ask, actions];
}

function openInSlipway(deployment: DeploymentState, consoleUrl: string): KnownBlock {
  return {
    type: 'context',
    elements: [
      mrkdwn(
        `${link(deploymentUrl(consoleUrl, deployment.id), 'Open in Slipway')} · deployment ${shortId(deployment.id)}`,
      ),
    ],
  };
}

function version(deployment: DeploymentState, formatted = true): string {
  if (!deployment.commitSha)
    return formatted ? `${escape(deployment.ref)} (commit not known yet)` : deployment.ref;
  const line = commitLine(deployment.commitSha, deployment.commitMessage);
  if (!formatted) return line;
  const sha = shortSha(deployment.commitSha);
  return `\`${sha}\`${line.length > sha.length ? ` ${escape(line.slice(sha.length + 1))}` : ''}`;
}

/** `abc1234 first line of the message`, cut to a readable length. */
function commitLine(sha: string, message: string | null): string {
  const first = message?.split('\n')[0]?.trim();
  return first ? `${shortSha(sha)} ${cut(first, COMMIT_LINE_LIMIT)}` : shortSha(sha);
}

function startedBy(deployment: DeploymentState): string {
  const { trigger } = deployment;
  const actor = escape(deployment.actor);
  switch (trigger.type) {
    case 'manual':
      return actor;
    case 'push':
      return `${actor} (push to ${escape(trigger.ref)})`;
    case 'promotion':
      return `${actor} (promoted after ${escape(trigger.after)})`;
    case 'rollback':
      return `${actor} (rollback${trigger.replacing ? ` replacing \`${shortSha(trigger.replacing)}\`` : ''})`;
  }
}

const where = (deployment: DeploymentState): string => `${deployment.project} → ${deployment.environment}`;

/** `1m 05s`, `2h 03m 10s`, `42s`. */
export function formatDuration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (value: number): string => String(value).padStart(2, '0');
  if (hours > 0) return `${hours}h ${two(minutes)}m ${two(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${two(seconds)}s`;
  return `${seconds}s`;
}

/** Slack shows it in each reader's own time zone; the fallback is UTC. */
function slackDate(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return escape(iso);
  const fallback = `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(time / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** Slack reads `&`, `<` and `>` as markup: a commit message must not become a link or a mention. */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The end of a step's log as a code block that fits a section (the end is where the error is). */
function codeBlock(output: string): string {
  const fence = '```';
  // A fence inside the log would end the block early.
  const characters = Array.from(output.replace(/\s+$/, '').replace(/```/g, '`\u200b``'));
  const room = SECTION_TEXT_LIMIT - fence.length * 2 - 3;
  let used = 0;
  let start = characters.length;
  while (start > 0 && used + escape(characters[start - 1]!).length <= room) {
    used += escape(characters[start - 1]!).length;
    start -= 1;
  }
  const tail = escape(characters.slice(start).join(''));
  return `${fence}\n${start > 0 ? '…' : ''}${tail}\n${fence}`;
}

/** Cut to `max` characters; never inside an `&amp;` of escaped text. */
const cut = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1).replace(/&[a-z]{0,3}$/, '')}…` : text;
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
const section = (text: string): SectionBlock => ({
  type: 'section',
  text: mrkdwn(cut(text, SECTION_TEXT_LIMIT)),
});
const link = (url: string, label: string): string => `<${url}|${escape(label)}>`;
const deploymentUrl = (consoleUrl: string, deploymentId: string): string =>
  `${consoleUrl.replace(/\/+$/, '')}/deployments/${encodeURIComponent(deploymentId)}`;
const shortSha = (sha: string): string => sha.slice(0, 7);
const shortId = (id: string): string => id.slice(0, 8);
