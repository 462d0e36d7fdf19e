import {
  APPROVE_ACTION,
  applyToCard,
  REJECT_ACTION,
  type DeploymentCard,
  type DeploymentEventBody,
  type DeploymentTrigger,
  type ReleaseDiffCommit,
} from '@slipway/domain';
import { slackBlockProblems } from '@slipway/testing';
import { arrivalMessage, deploymentMessage, failureReply, formatDuration } from './deployment-message';
import type { SlackMessage } from './slack-api';

const CONSOLE = 'https://slipway.example.com/';
const SHA = 'abc1234def5678abc1234def5678abc1234def56';
const LINK = '<https://slipway.example.com/deployments/d-1|Open in Slipway>';

/** A card from events one second apart from 10:00:00, as the notifications workflow builds it. */
function cardOf(...bodies: DeploymentEventBody[]): DeploymentCard {
  const card = bodies.reduce<DeploymentCard | null>(
    (before, body, index) =>
      applyToCard(before, {
        eventId: `e${index + 1}`,
        deploymentId: 'd-1',
        sequence: index + 1,
        occurredAt: new Date(Date.UTC(2026, 10, 26, 10, 0, index)).toISOString(),
        body,
      }),
    null,
  );
  if (card === null) throw new Error('a card needs at least one event');
  return card;
}

const queued = (trigger: DeploymentTrigger = { type: 'push', ref: 'main' }): DeploymentEventBody => ({
  type: 'DEPLOYMENT_QUEUED',
  project: 'hello',
  environment: 'production',
  ref: 'main',
  actor: 'alice',
  trigger,
});
const artifact = (commitMessage = 'Add login\n\nLong description'): DeploymentEventBody => ({
  type: 'ARTIFACT_READY',
  commitSha: SHA,
  commitMessage,
  artifactDigest: 'sha256:00',
  artifactSize: 1,
  built: true,
  commitAuthor: 'carol@example.com',
});
const started = (commitMessage = 'Add login\n\nLong description'): DeploymentEventBody => ({
  type: 'DEPLOYMENT_STARTED',
  commitSha: SHA,
  commitMessage,
  steps: ['build', 'deploy', 'health-check', 'notify'],
});
const running: DeploymentEventBody[] = [
  queued(),
  artifact(),
  started(),
  { type: 'STEP_STARTED', step: 0 },
  { type: 'STEP_SUCCEEDED', step: 0, output: 'built' },
  { type: 'STEP_STARTED', step: 1 },
];
const failed: DeploymentEventBody[] = [
  ...running,
  { type: 'STEP_SUCCEEDED', step: 1, output: 'deployed' },
  { type: 'STEP_STARTED', step: 2 },
  {
    type: 'STEP_FAILED',
    step: 2,
    output: 'GET /health\n503 Service Unavailable',
    error: 'health check failed: 503',
  },
  { type: 'DEPLOYMENT_FAILED', reason: 'step health-check failed' },
];
const approvalRequested: DeploymentEventBody = {
  type: 'APPROVAL_REQUESTED',
  roles: ['release-manager', 'admin'],
  approvers: 2,
  expiresAt: '2026-11-26T12:00:00.000Z',
};

/** Everything a person reads in a message: its blocks' text, field by field, element by element. */
function readable(message: SlackMessage): string {
  return JSON.stringify(message.blocks)
    .match(/"text":"(?:[^"\\]|\\.)*"/g)!
    .map((text) => JSON.parse(`{${text}}`) as { text: string })
    .map(({ text }) => text)
    .join('\n');
}

function fields(message: SlackMessage): Record<string, string> {
  const section = message.blocks.find((block) => block.type === 'section' && block.fields);
  if (section?.type !== 'section' || !section.fields) throw new Error('no fields');
  return Object.fromEntries(
    section.fields.map((field) => {
      const [name, ...value] = field.text.split('\n');
      return [name!.replace(/\*/g, ''), value.join('\n')];
    }),
  );
}

function buttons(message: SlackMessage) {
  return message.blocks.flatMap((block) => (block.type === 'actions' ? block.elements : []));
}

const at = (time: string): Date => new Date(`2026-11-26T${time}Z`);

describe('deploymentMessage', () => {
  it('shows a running deployment: where, status, version, people, current step and duration so far', () => {
    const message = deploymentMessage(cardOf(...running), CONSOLE, at('10:01:07'));

    expect(message.text).toBe('hello → production: Deploying');
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':rocket: hello → production · Deploying', emoji: true },
    });
    expect(fields(message)).toEqual({
      Status: ':rocket: Deploying',
      Version: '`abc1234` Add login',
      Author: 'carol@example.com',
      'Started by': 'alice (push to main)',
      'Current step': 'deploy (2 of 4)',
      Duration: '1m 05s',
    });
    expect(readable(message)).toContain(LINK);
    expect(buttons(message)).toEqual([]);
  });

  it('shows the ref while the commit is not known yet, and who started it and how', () => {
    const message = deploymentMessage(
      cardOf(queued({ type: 'rollback', replacing: SHA })),
      CONSOLE,
      at('10:00:00'),
    );

    expect(fields(message)).toEqual({
      Status: ':hourglass_flowing_sand: Queued',
      Version: 'main (commit not known yet)',
      'Started by': 'alice (rollback replacing `abc1234`)',
    });
  });

  it('shows a failure: the failing step, its duration to the end, and a fallback text saying where it failed', () => {
    const message = deploymentMessage(cardOf(...failed), CONSOLE, at('11:00:00'));

    expect(message.text).toBe('hello → production: FAILED at health-check');
    expect(fields(message)).toMatchObject({
      Status: ':x: FAILED',
      'Failed step': 'health-check (3 of 4)',
      Duration: '7s',
    });
    expect(readable(message)).toContain('*Reason:* step health-check failed');
  });

  it('offers Approve and Reject, with a confirmation, only while the deployment waits for approval', () => {
    const waiting = cardOf(queued(), artifact(), approvalRequested, {
      type: 'APPROVAL_GIVEN',
      actor: 'bob',
      comment: '',
      remaining: 1,
    });
    const approved = cardOf(queued(), artifact(), approvalRequested, {
      type: 'APPROVAL_GIVEN',
      actor: 'bob',
      comment: '',
      remaining: 0,
    });

    const message = deploymentMessage(waiting, CONSOLE, at('10:00:05'));

    expect(readable(message)).toContain(
      ':raised_hand: *Needs 1 more approval* (of 2) from release-manager or admin, before <!date^1795694400^{date_short_pretty} {time}|2026-11-26 12:00 UTC>.\nApproved so far by bob.',
    );
    expect(buttons(message)).toEqual([
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Approve' },
        action_id: APPROVE_ACTION,
        value: 'd-1',
        style: 'primary',
        confirm: {
          title: { type: 'plain_text', text: 'Approve this deployment?' },
          text: { type: 'plain_text', text: 'abc1234 Add login will deploy to production.' },
          confirm: { type: 'plain_text', text: 'Approve' },
          deny: { type: 'plain_text', text: 'Cancel' },
          style: 'primary',
        },
      },
      expect.objectContaining({ action_id: REJECT_ACTION, value: 'd-1', style: 'danger' }),
    ]);
    expect(APPROVE_ACTION).toBe('approve_deployment');
    expect(REJECT_ACTION).toBe('reject_deployment');
    expect(buttons(deploymentMessage(approved, CONSOLE, at('10:00:05')))).toEqual([]);
  });

  it('sums up the release diff: how many commits by whom, the newest five, and how many more', () => {
    const commit = (index: number, author: string): ReleaseDiffCommit => ({
      sha: `${index}`.repeat(40).slice(0, 40),
      message: `Change ${index}`,
      author,
      committedAt: '2026-11-25T10:00:00Z',
      pullRequest: index === 1 ? 12 : null,
    });
    const commits = [1, 2, 3, 4, 5, 6, 7].map((index) => commit(index, index % 2 ? 'alice' : 'bob'));
    const card = cardOf(queued(), artifact(), {
      type: 'RELEASE_DIFF_READY',
      from: '9'.repeat(40),
      direction: 'FORWARD',
      commits,
      truncated: false,
    });

    expect(readable(deploymentMessage(card, CONSOLE, at('10:00:05')))).toContain(
      [
        '*7 commits by alice, bob*',
        '• `1111111` Change 1 (#12)',
        '• `2222222` Change 2',
        '• `3333333` Change 3',
        '• `4444444` Change 4',
        '• `5555555` Change 5',
        'and 2 more',
      ].join('\n'),
    );
  });

  it('says what it waits behind and who overrode a freeze', () => {
    const card = cardOf(
      queued(),
      { type: 'FREEZE_OVERRIDDEN', actor: 'dana', freeze: 'black-friday', reason: 'hotfix' },
      { type: 'QUEUED_BEHIND', behind: 'd-0123456789' },
    );

    const text = readable(deploymentMessage(card, CONSOLE, at('10:00:05')));

    expect(text).toContain(
      ':hourglass: Waiting for <https://slipway.example.com/deployments/d-0123456789|deployment d-012345> to finish in production.',
    );
    expect(text).toContain(':snowflake: *dana* overrode the freeze window *black-friday*: hotfix');
  });

  it('escapes Slack markup in what people wrote, so a commit message cannot mention @channel or link', () => {
    const hostile = 'Fix <!channel> & <https://evil.example|docs>';
    const card = cardOf(queued(), artifact(hostile), started(hostile), {
      type: 'DEPLOYMENT_FAILED',
      reason: '<@U123> broke it',
    });

    const message = deploymentMessage(card, CONSOLE, at('10:00:05'));

    expect(fields(message).Version).toBe(
      '`abc1234` Fix &lt;!channel&gt; &amp; &lt;https://evil.example|docs&gt;',
    );
    expect(readable(message)).toContain('*Reason:* &lt;@U123&gt; broke it');
    expect(`${message.text}\n${readable(message)}`).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil/);
  });

  it('stays within Block Kit limits however long what people wrote is', () => {
    const long = `${'x'.repeat(4000)} <end>`;
    const card = cardOf(queued(), artifact(long), {
      type: 'DEPLOYMENT_FAILED',
      reason: '&'.repeat(3000),
    });

    const message = deploymentMessage(card, CONSOLE, at('10:00:05'));

    expect(slackBlockProblems(message.blocks)).toEqual([]);
    expect(fields(message).Version).toMatch(/^`abc1234` x{149}…$/);
    expect(readable(message)).toMatch(/\*Reason:\* (&amp;)+…/);
  });
});

describe('failureReply', () => {
  it('names the failing step and its error, and shows the end of its log in a code block', () => {
    const reply = failureReply(cardOf(...failed), CONSOLE);

    expect(reply.text).toBe('hello → production: health-check failed: health check failed: 503');
    expect(readable(reply)).toBe(
      [
        ':x: Step *health-check* (3 of 4) failed: health check failed: 503',
        '```\nGET /health\n503 Service Unavailable\n```',
        `${LINK} · deployment d-1`,
      ].join('\n'),
    );
  });

  it('keeps the last lines of a log too long for one block, escaped', () => {
    const output = `${'<'.repeat(2000)}\nthe last line`;
    const card = cardOf(...running, { type: 'STEP_FAILED', step: 1, output, error: 'boom' });

    const reply = failureReply(card, CONSOLE);

    expect(slackBlockProblems(reply.blocks)).toEqual([]);
    expect(readable(reply)).toMatch(/```\n…(&lt;)+\nthe last line\n```/);
  });

  it('gives the reason when no step failed', () => {
    const card = cardOf(queued(), {
      type: 'CI_FAILED',
      check: 'test',
      url: null,
      reason: 'check test failed',
    });

    const reply = failureReply(card, CONSOLE);

    expect(reply.text).toBe('hello → production: FAILED: check test failed');
    expect(readable(reply)).toContain(':x: hello → production FAILED: check test failed');
  });
});

describe('arrivalMessage', () => {
  it('tells an author their change reached the environment', () => {
    const card = cardOf(queued(), artifact(), started(), { type: 'DEPLOYMENT_SUCCEEDED' });

    const message = arrivalMessage(card, CONSOLE);

    expect(message.text).toBe('Your change abc1234 Add login reached production (hello)');
    expect(readable(message)).toBe(
      [
        ':tada: Your change `abc1234 Add login` reached *production* in hello.',
        `${LINK} · deployment d-1`,
      ].join('\n'),
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [42_000, '42s'],
    [65_000, '1m 05s'],
    [7_390_000, '2h 03m 10s'],
  ])('writes %d ms as %s', (milliseconds, written) => {
    expect(formatDuration(milliseconds)).toBe(written);
  });
});
