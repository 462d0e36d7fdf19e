import {
  applyToCard,
  type DeploymentCard,
  type DeploymentEventBody,
  type DeploymentEventEnvelope,
} from '@slipway/domain';
import { DELIVERY_ATTEMPTS, type NotificationActivities, type NotificationRoute } from '@slipway/temporal';
import {
  createTestDatabase,
  scratchDir,
  slackMethod,
  startSlackApi,
  startSmtpServer,
  type SlackApiServer,
  type SmtpTestServer,
  type TestDatabase,
} from '@slipway/testing';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { createEmailSender } from './email/email-sender';
import { createNotificationActivities } from './notification.activities';
import { createSlackApi } from './slack/slack-api';

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
const CONSOLE = 'https://slipway.example.com';

/** A deployment of hello to production that failed at health-check and was rolled back. */
function rolledBackCard(deploymentId = randomUUID()): DeploymentCard {
  const bodies: DeploymentEventBody[] = [
    {
      type: 'DEPLOYMENT_QUEUED',
      project: 'hello',
      environment: 'production',
      ref: 'main',
      actor: 'alex',
      trigger: { type: 'manual' },
    },
    {
      type: 'ARTIFACT_READY',
      commitSha: 'a'.repeat(40),
      commitMessage: 'Greet in French',
      artifactDigest: 'd'.repeat(64),
      artifactSize: 10,
      built: true,
      commitAuthor: 'Ada Lovelace <ada@example.com>',
    },
    {
      type: 'RELEASE_DIFF_READY',
      from: 'b'.repeat(40),
      direction: 'FORWARD',
      truncated: false,
      commits: [
        {
          sha: 'a'.repeat(40),
          message: 'Greet in French',
          author: 'Ada Lovelace <ada@example.com>',
          committedAt: '2026-11-26T08:00:00Z',
          pullRequest: 12,
        },
        {
          sha: 'c'.repeat(40),
          message: 'Fix typo',
          author: 'Grace Hopper <grace@example.com>',
          committedAt: '2026-11-26T07:00:00Z',
          pullRequest: null,
        },
      ],
    },
    {
      type: 'DEPLOYMENT_STARTED',
      commitSha: 'a'.repeat(40),
      commitMessage: 'Greet in French',
      steps: ['deploy', 'health-check'],
    },
    { type: 'STEP_STARTED', step: 0 },
    { type: 'STEP_SUCCEEDED', step: 0, output: 'deployed' },
    { type: 'STEP_STARTED', step: 1 },
    { type: 'STEP_FAILED', step: 1, output: 'GET /healthz\n503 Service Unavailable', error: 'answered 503' },
    { type: 'ROLLBACK_STARTED', reason: 'health-check failed: answered 503' },
    { type: 'STEP_ROLLBACK_STARTED', step: 0 },
    { type: 'STEP_ROLLED_BACK', step: 0, output: 'restored' },
    { type: 'DEPLOYMENT_ROLLED_BACK', reason: 'health-check failed: answered 503' },
  ];
  let card: DeploymentCard | null = null;
  bodies.forEach((body, index) => {
    const envelope: DeploymentEventEnvelope = {
      eventId: randomUUID(),
      deploymentId,
      sequence: index + 1,
      occurredAt: new Date(Date.UTC(2026, 10, 26, 9, 0, index)).toISOString(),
      body,
    };
    card = applyToCard(card, envelope);
  });
  return card!;
}

/** The deployment's message for a channel, as the notifications workflow asks for it. */
function postTo(channel: string, card: DeploymentCard, kind = 'ROLLED_BACK') {
  return { key: `${card.deployment.id}/slack/${channel}`, kind, card, channel };
}

/**
 * The notifications service's activities against a real PostgreSQL, a real SMTP server and the Slack
 * Web API stand-in: each delivery is sent once whatever the number of attempts, and each attempt is
 * in the delivery log with the provider's answer.
 */
describe('notification activities', () => {
  let database: TestDatabase;
  let slack: SlackApiServer;
  let smtp: SmtpTestServer;
  let activities: NotificationActivities;
  const digestsScheduled: Array<[string, number]> = [];

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'notify' });
    slack = await startSlackApi();
    slack.addChannel('deploys');
    smtp = await startSmtpServer({ user: 'slipway', password: 'mail-secret' });
    activities = createNotificationActivities({
      dataSource: database.dataSource,
      slack: createSlackApi({ token: slack.token, apiUrl: slack.url }),
      email: createEmailSender({
        host: smtp.host,
        port: smtp.port,
        startTls: true,
        secure: false,
        user: 'slipway',
        password: 'mail-secret',
        allowSelfSigned: true,
        from: 'Slipway <slipway@example.com>',
        outboxDir: scratchDir('outbox'),
      }),
      consoleUrl: CONSOLE,
      scheduleDigest: (digest, minutes) => {
        digestsScheduled.push([digest, minutes]);
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    await slack.stop();
    await smtp.stop();
    await database.close();
  });

  /** Runs an activity as Temporal's attempt `attempt`; resolves with what it answered or threw. */
  async function attempt<T>(number: number, run: () => Promise<T>): Promise<T> {
    return new MockActivityEnvironment({ attempt: number }, { logger: quiet }).run(run);
  }

  async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
    const error = await promise.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof ApplicationFailure))
      throw new Error(`expected an ApplicationFailure, got ${String(error)}`);
    return error;
  }

  async function logOf(key: string) {
    const [delivery] = await database.dataSource.query<
      Array<{ state: string; response: string; attempts: number }>
    >(`SELECT state, response, attempts, channel, target, kind FROM notification_deliveries WHERE key = $1`, [
      key,
    ]);
    const attempts = await database.dataSource.query<
      Array<{ attempt: number; outcome: string; response: string }>
    >(
      `SELECT attempt, outcome, response FROM notification_delivery_attempts WHERE key = $1 ORDER BY attempt`,
      [key],
    );
    return { delivery, attempts };
  }

  it('posts the message once: a retried activity finds it sent and posts nothing', async () => {
    const card = rolledBackCard();
    const delivery = postTo('#deploys', card);
    const first = await attempt(1, () => activities.postToSlack(delivery));
    const again = await attempt(2, () => activities.postToSlack(delivery));
    expect(again).toEqual(first);
    const posted = slack
      .messages('deploys')
      .filter((message) => message.versions[0]?.metadata?.event_payload.key === delivery.key);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.versions[0]?.text).toContain('hello → production');
    const { delivery: row, attempts } = await logOf(delivery.key);
    expect(row).toMatchObject({ state: 'SENT', attempts: 2 });
    expect(attempts.map((entry) => entry.outcome)).toEqual(['SENT', 'ALREADY_SENT']);
  });

  it('after a crash between Slack taking the message and the log knowing it, finds the message instead of posting again', async () => {
    const card = rolledBackCard();
    const delivery = postTo('#deploys', card);
    const first = await attempt(1, () => activities.postToSlack(delivery));
    // What a worker killed right after chat.postMessage answered leaves behind.
    await database.dataSource.query(`DELETE FROM notification_delivery_attempts WHERE key = $1`, [
      delivery.key,
    ]);
    await database.dataSource.query(
      `UPDATE notification_deliveries SET state = 'SENDING', provider_ref = NULL, attempts = 0 WHERE key = $1`,
      [delivery.key],
    );
    await expect(attempt(2, () => activities.postToSlack(delivery))).resolves.toEqual(first);
    const posted = slack
      .messages('deploys')
      .filter((message) => message.versions[0]?.metadata?.event_payload.key === delivery.key);
    expect(posted).toHaveLength(1);
  });

  it('waits as long as Slack asks on a 429, then posts once; a missing channel fails for good, saying so', async () => {
    const card = rolledBackCard();
    const delivery = postTo('#deploys', card);
    slack.rateLimitNext({ retryAfterSeconds: 7 }, 0, slackMethod('chat.postMessage'));
    const limited = await failureOf(attempt(1, () => activities.postToSlack(delivery)));
    expect(limited.nonRetryable).toBe(false);
    expect(limited.nextRetryDelay).toBe(7000);
    await attempt(2, () => activities.postToSlack(delivery));
    const { attempts } = await logOf(delivery.key);
    expect(attempts).toEqual([
      { attempt: 1, outcome: 'RETRYING', response: 'Slack: HTTP 429, retry after 7s' },
      expect.objectContaining({ attempt: 2, outcome: 'SENT' }),
    ]);

    const nowhere = postTo('#nowhere', card);
    const refused = await failureOf(attempt(1, () => activities.postToSlack(nowhere)));
    expect(refused.nonRetryable).toBe(true);
    expect(refused.message).toContain('channel_not_found');
    expect((await logOf(nowhere.key)).delivery).toMatchObject({ state: 'FAILED' });
  });

  it('updates the message in place and answers in its thread with the failing step and its log', async () => {
    const card = rolledBackCard();
    const message = await attempt(1, () => activities.postToSlack(postTo('#deploys', card, 'STARTED')));
    await attempt(1, () =>
      activities.updateInSlack({
        key: `${card.deployment.id}/slack/#deploys/update/12`,
        kind: 'UPDATE',
        card,
        message,
      }),
    );
    const reply = {
      key: `${card.deployment.id}/slack/#deploys/failure`,
      kind: 'FAILURE_DETAILS',
      card,
      message,
    };
    await attempt(1, () => activities.replyInSlack(reply));
    await attempt(2, () => activities.replyInSlack(reply));
    const thread = slack
      .messages('deploys')
      .filter((posted) => posted.ts === message.ts || posted.threadTs === message.ts);
    expect(thread).toHaveLength(2);
    expect(thread[0]?.versions).toHaveLength(2);
    expect(thread[1]?.versions[0]?.text).toContain('health-check');
    expect(JSON.stringify(thread[1]?.versions[0]?.blocks)).toContain('503 Service Unavailable');
  });

  it('emails the recipients once over STARTTLS with both parts and the link, even when the activity is retried', async () => {
    const card = rolledBackCard();
    const delivery = {
      key: `${card.deployment.id}/email/ROLLED_BACK`,
      kind: 'ROLLED_BACK',
      card,
      to: ['ops@example.com', 'lead@example.com'],
      event: 'ROLLED_BACK' as const,
    };
    const before = smtp.messages().length;
    await attempt(1, () => activities.sendEmail(delivery));
    await attempt(2, () => activities.sendEmail(delivery));
    const received = smtp.messages().slice(before);
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail).toMatchObject({
      envelopeTo: ['ops@example.com', 'lead@example.com'],
      subject: '[Slipway] hello → production ROLLED BACK at health-check',
      secure: true,
      user: 'slipway',
    });
    const link = `${CONSOLE}/deployments/${card.deployment.id}`;
    expect(mail?.text).toContain(link);
    expect(mail?.html).toContain(link);
    const { delivery: row } = await logOf(delivery.key);
    expect(row).toMatchObject({
      state: 'SENT',
      channel: 'email',
      target: 'ops@example.com, lead@example.com',
    });
  });

  it('tries a mail server that answers 451 again, and gives up after the last attempt with its answer logged', async () => {
    const card = rolledBackCard();
    const delivery = {
      key: `${card.deployment.id}/email/FAILED`,
      kind: 'FAILED',
      card,
      to: ['ops@example.com'],
      event: 'FAILED' as const,
    };
    smtp.refuseNext(451, 'try again later');
    const busy = await failureOf(attempt(1, () => activities.sendEmail(delivery)));
    expect(busy.nonRetryable).toBe(false);
    smtp.refuseNext(451, 'try again later');
    const last = await failureOf(attempt(DELIVERY_ATTEMPTS, () => activities.sendEmail(delivery)));
    expect(last.nonRetryable).toBe(true);
    const { delivery: row, attempts } = await logOf(delivery.key);
    expect(row).toMatchObject({ state: 'FAILED' });
    expect(attempts.map((entry) => entry.outcome)).toEqual(['RETRYING', 'FAILED']);
    expect(attempts[1]?.response).toContain('451');
    expect(attempts[1]?.response).not.toContain('mail-secret');
  });

  it('tells each author: by Slack DM when Slack knows their address, else by email', async () => {
    const ada = slack.addUser({ name: 'ada', email: 'ada@example.com' });
    const card = rolledBackCard();
    const before = smtp.messages().length;
    const delivery = { key: `${card.deployment.id}/authors`, kind: 'ARRIVAL', card };
    await attempt(1, () => activities.tellAuthors(delivery));
    await attempt(2, () => activities.tellAuthors(delivery));
    expect(slack.dmsTo(ada.id)).toHaveLength(1);
    const mails = smtp.messages().slice(before);
    expect(mails.map((mail) => mail.envelopeTo)).toEqual([['grace@example.com']]);
  });

  it('gathers a digest and sends it as one email; sending again sends nothing', async () => {
    const route: NotificationRoute = {
      events: ['FAILED', 'ROLLED_BACK'],
      slackChannels: [],
      emailRecipients: ['ops@example.com'],
      emailDigestMinutes: 30,
      notifyAuthors: false,
      digest: 'hello/production',
    };
    const cards = [rolledBackCard(), rolledBackCard()];
    for (const card of cards) {
      const delivery = {
        key: `${card.deployment.id}/email/ROLLED_BACK`,
        kind: 'ROLLED_BACK',
        card,
        route,
        event: 'ROLLED_BACK' as const,
      };
      await attempt(1, () => activities.addToDigest(delivery));
      await attempt(2, () => activities.addToDigest(delivery));
    }
    expect(digestsScheduled).toContainEqual(['hello/production', 30]);
    const before = smtp.messages().length;
    await attempt(1, () => activities.sendDigest('hello/production'));
    await attempt(2, () => activities.sendDigest('hello/production'));
    const mails = smtp.messages().slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('[Slipway] hello → production: 2 updates (2 failed)');
    for (const card of cards) expect(mails[0]?.text).toContain(card.deployment.id);
  });
});
