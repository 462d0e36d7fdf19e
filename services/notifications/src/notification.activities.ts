import {
  applyToCard,
  notificationEventsBetween,
  type DeploymentCard,
  type DeploymentEventEnvelope,
} from '@slipway/domain';
import type { Delivery, NotificationActivities, SlackMessageRef } from '@slipway/temporal';
import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { commitAuthors } from './commit-authors';
import { deliverOnce, messageIdOf } from './deliver';
import { DeliveryError } from './delivery-error';
import { DeliveryLog, type DeliveryTarget } from './delivery-log';
import { NotificationDigests } from './digests';
import { arrivalEmail, deploymentEmail } from './email/deployment-email';
import type { EmailSender } from './email/email-sender';
import { notificationRoute } from './notification-routes';
import { arrivalMessage, deploymentMessage, failureReply } from './slack/deployment-message';
import type { SlackApi, SlackMessage } from './slack/slack-api';

export interface NotificationDependencies {
  dataSource: DataSource;
  /** Null when no Slack bot token is configured: Slack deliveries are logged as failed, saying so. */
  slack: SlackApi | null;
  email: EmailSender;
  /** The console's address, for links. */
  consoleUrl: string;
  /** Makes sure a digest workflow will send what waits in the digest. */
  scheduleDigest(digest: string, windowMinutes: number): Promise<void>;
  now?: () => Date;
}

const SLACK_NOT_CONFIGURED = new DeliveryError('Slack is not configured: set SLACK_BOT_TOKEN', true);

export function createNotificationActivities(deps: NotificationDependencies): NotificationActivities {
  const log = new DeliveryLog(deps.dataSource);
  const digests = new NotificationDigests(deps.dataSource, log, deps.email, deps.consoleUrl);
  const now = deps.now ?? (() => new Date());
  const attempt = (): number => Context.current().info.attempt;
  const targetOf = (delivery: Delivery, channel: 'slack' | 'email', target: string): DeliveryTarget => ({
    key: delivery.key,
    deploymentId: delivery.card.deployment.id,
    project: delivery.card.deployment.project,
    environment: delivery.card.deployment.environment,
    kind: delivery.kind,
    channel,
    target,
  });
  const slackApi = (): SlackApi => {
    if (deps.slack === null) throw SLACK_NOT_CONFIGURED;
    return deps.slack;
  };

  /**
   * Posts to Slack once per delivery: an attempt that died after Slack took the message but before the
   * log knew it finds the message by its key instead of posting it again.
   */
  const postOnce = async (
    delivery: Delivery,
    channel: string,
    message: () => SlackMessage,
    thread?: SlackMessageRef,
  ): Promise<SlackMessageRef> => {
    const target = targetOf(delivery, 'slack', thread?.channel ?? channel);
    const ref = await deliverOnce(log, target, attempt(), async (retried) => {
      const slack = slackApi();
      const earlier = retried ? await slack.findPosted(channel, delivery.key, thread?.ts) : null;
      if (earlier) {
        return { response: 'Slack: found as posted by an earlier attempt', providerRef: refText(earlier) };
      }
      const posted = await slack.post(channel, message(), delivery.key, thread?.ts);
      return { response: `Slack: ok, posted ${posted.ts}`, providerRef: refText(posted) };
    });
    return parseRef(ref);
  };

  const postToSlack: NotificationActivities['postToSlack'] = (delivery) =>
    postOnce(delivery, delivery.channel, () => deploymentMessage(delivery.card, deps.consoleUrl, now()));

  const sendEmail = async (
    delivery: Delivery,
    to: string[],
    content: () => ReturnType<typeof deploymentEmail>,
  ) => {
    await deliverOnce(log, targetOf(delivery, 'email', to.join(', ')), attempt(), async () => {
      const messageId = messageIdOf(delivery.key);
      const { response } = await deps.email.send({ ...content(), to, messageId });
      return { response, providerRef: messageId };
    });
  };

  return {
    notificationRoute: (project, environment) => notificationRoute(deps.dataSource, project, environment),

    postToSlack,

    updateInSlack: async (delivery) => {
      await deliverOnce(log, targetOf(delivery, 'slack', delivery.message.channel), attempt(), async () => {
        await slackApi().update(delivery.message, deploymentMessage(delivery.card, deps.consoleUrl, now()));
        return {
          response: `Slack: ok, updated ${delivery.message.ts}`,
          providerRef: refText(delivery.message),
        };
      });
    },

    replyInSlack: async (delivery) => {
      const { message } = delivery;
      await postOnce(delivery, message.channel, () => failureReply(delivery.card, deps.consoleUrl), message);
    },

    sendEmail: (delivery) =>
      sendEmail(delivery, delivery.to, () => deploymentEmail(delivery.card, delivery.event, deps.consoleUrl)),

    addToDigest: async ({ card, event, route }) => {
      if (route.emailDigestMinutes === null) return;
      await digests.add(route.digest, card, event, route.emailRecipients);
      await deps.scheduleDigest(route.digest, route.emailDigestMinutes);
    },

    sendDigest: (digest) => digests.send(digest, attempt()),

    tellAuthors: async (delivery) => {
      for (const author of commitAuthors(delivery.card)) {
        const key = `${delivery.key}/${author}`;
        const user = deps.slack ? await deps.slack.userIdByEmail(author).catch(unlessRetryable) : null;
        if (user !== null) {
          await postOnce({ ...delivery, key }, user, () => arrivalMessage(delivery.card, deps.consoleUrl));
        } else {
          await sendEmail({ ...delivery, key }, [author], () => arrivalEmail(delivery.card, deps.consoleUrl));
        }
      }
    },

    notifyDeploymentFinished: async ({ deploymentId }) => {
      const card = await cardFromLog(deps.dataSource, deploymentId);
      if (card === null) return;
      const route = await notificationRoute(
        deps.dataSource,
        card.deployment.project,
        card.deployment.environment,
      );
      const [event] = notificationEventsBetween(null, card);
      if (route === null || event === undefined || !route.events.includes(event)) return;
      if (route.emailRecipients.length > 0) {
        const delivery = { key: `${deploymentId}/email/${event}`, kind: event, card };
        await sendEmail(delivery, route.emailRecipients, () => deploymentEmail(card, event, deps.consoleUrl));
      }
      for (const channel of route.slackChannels) {
        await postToSlack({ key: `${deploymentId}/slack/${channel}`, kind: event, card, channel });
      }
    },
  };
}

/** A Slack look-up that failed for good (no such user, a token without the scope) falls back to email. */
function unlessRetryable(error: unknown): null {
  if (error instanceof DeliveryError && error.permanent) return null;
  throw error;
}

function refText(ref: SlackMessageRef): string {
  return `${ref.channel}/${ref.ts}`;
}

function parseRef(ref: string | null): SlackMessageRef {
  const [channel, ts] = (ref ?? '').split('/');
  if (!channel || !ts)
    throw new DeliveryError(`the delivery log holds no Slack message reference (${ref})`, true);
  return { channel, ts };
}

/** A deployment as its log tells it, for deployments that only report how they ended. */
async function cardFromLog(dataSource: DataSource, deploymentId: string): Promise<DeploymentCard | null> {
  const rows = await dataSource.query<
    Array<{
      event_id: string;
      sequence: number;
      occurred_at: Date;
      body: DeploymentEventEnvelope['body'];
    }>
  >(
    `SELECT event_id, sequence, occurred_at, body FROM deployment_events WHERE deployment_id = $1 ORDER BY sequence`,
    [deploymentId],
  );
  let card: DeploymentCard | null = null;
  for (const row of rows) {
    card = applyToCard(card, {
      eventId: row.event_id,
      deploymentId,
      sequence: row.sequence,
      occurredAt: row.occurred_at.toISOString(),
      body: row.body,
    });
  }
  return card;
}
