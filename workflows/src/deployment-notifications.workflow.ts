import type { DeploymentEventEnvelope, NotificationEvent } from '@slipway/domain';
import {
  applyToCard,
  failedStep,
  isTerminal,
  notificationEventsBetween,
  type DeploymentCard,
} from '@slipway/domain/rules';
import type { NotificationRoute, SlackMessageRef } from '@slipway/temporal';
import { DEPLOYMENT_EVENTS_SIGNAL, DIGEST_ENTRY_SIGNAL } from '@slipway/temporal';
import { condition, defineSignal, setHandler, sleep } from '@temporalio/workflow';
import { deliveries, notificationSettings } from './activity-proxies';

/** The deployment's events, sent as each batch is stored. */
export const deploymentEventsSignal = defineSignal<[DeploymentEventEnvelope[]]>(DEPLOYMENT_EVENTS_SIGNAL);

export const digestEntrySignal = defineSignal(DIGEST_ENTRY_SIGNAL);

export interface DeploymentNotificationsInput {
  deploymentId: string;
  project: string;
  environment: string;
}

/**
 * News that is only worth an email while it lasts: when events arrive together (the notifications
 * service was down, or slow to start), a start, an approval request or a wait that is already over is
 * not emailed. The Slack message always shows the newest state anyway.
 */
const TRANSIENT_EVENTS = new Set<NotificationEvent>(['STARTED', 'APPROVAL_REQUIRED', 'QUEUED']);

/** The statuses a failure detail (failing step, log tail) is worth a thread reply for. */
const FAILURE_DETAIL_STATUSES = new Set(['FAILED', 'ROLLED_BACK', 'ROLLBACK_FAILED']);

/** One channel's message about the deployment: posted once, then kept current. */
interface SlackThread {
  channel: string;
  /** The event that made the channel hear about the deployment first. */
  firstEvent: NotificationEvent;
  message: SlackMessageRef | null;
  /** The card revision the message shows. */
  shown: number;
  syncing: boolean;
  /** Posting or updating failed for good: the channel is left alone. */
  broken: boolean;
  replied: boolean;
}

/**
 * Tells people about one deployment, as its events arrive: a Slack message per routed channel, posted
 * when the channel's first routed event happens and then updated in place (only the newest card is
 * sent: updates that pile up while one is in flight collapse into one), a thread reply with the
 * failing step, an email per routed event (or a digest entry), and the commit authors on success.
 * Each delivery is an activity keyed by deployment, event and place, so a retry never sends twice.
 * Nothing here can hold the deployment up: it only feeds this workflow signals.
 */
export async function deploymentNotificationsWorkflow(input: DeploymentNotificationsInput): Promise<void> {
  const waiting = new Map<number, DeploymentEventEnvelope>();
  let applied = 0;
  setHandler(deploymentEventsSignal, (events) => {
    for (const event of events) if (event.sequence > applied) waiting.set(event.sequence, event);
  });
  const route = await notificationSettings.notificationRoute(input.project, input.environment);
  if (route === null) return;

  let card: DeploymentCard | null = null;
  const threads = new Map<string, SlackThread>();
  let inFlight = 0;
  const track = (work: () => Promise<unknown>): void => {
    inFlight += 1;
    // A delivery that failed for good is in the delivery log; the others go on.
    void work()
      .catch(() => undefined)
      .finally(() => {
        inFlight -= 1;
      });
  };

  const syncSlack = async (thread: SlackThread): Promise<void> => {
    if (thread.syncing || thread.broken) return;
    thread.syncing = true;
    try {
      while (card !== null && card.revision > thread.shown) {
        const shown: DeploymentCard = card;
        if (thread.message === null) {
          thread.message = await deliveries.postToSlack({
            key: `${input.deploymentId}/slack/${thread.channel}`,
            kind: thread.firstEvent,
            card: shown,
            channel: thread.channel,
          });
        } else {
          await deliveries.updateInSlack({
            key: `${input.deploymentId}/slack/${thread.channel}/update/${shown.revision}`,
            kind: 'UPDATE',
            card: shown,
            message: thread.message,
          });
        }
        thread.shown = shown.revision;
      }
      const ended = card;
      if (ended !== null && thread.message !== null && !thread.replied && needsFailureDetails(ended)) {
        thread.replied = true;
        await deliveries.replyInSlack({
          key: `${input.deploymentId}/slack/${thread.channel}/failure`,
          kind: 'FAILURE_DETAILS',
          card: ended,
          message: thread.message,
        });
      }
    } catch {
      thread.broken = true;
    } finally {
      thread.syncing = false;
    }
  };

  /** `over`: the moment this event told of had passed before it could be told (see TRANSIENT_EVENTS). */
  const announce = (event: NotificationEvent, now: DeploymentCard, over: boolean): void => {
    if (route.events.includes(event)) {
      for (const channel of route.slackChannels) {
        if (!threads.has(channel)) {
          threads.set(channel, {
            channel,
            firstEvent: event,
            message: null,
            shown: 0,
            syncing: false,
            broken: false,
            replied: false,
          });
        }
      }
      if (route.emailRecipients.length > 0 && !over) {
        track(() => email(route, event, now, input.deploymentId));
      }
    }
    if (event === 'SUCCEEDED' && route.notifyAuthors) {
      track(() =>
        deliveries.tellAuthors({ key: `${input.deploymentId}/authors`, kind: 'ARRIVAL', card: now }),
      );
    }
  };

  for (;;) {
    // No timer: a deployment may wait for approval for days. One terminated by hand leaves this waiting, idle.
    await condition(() => waiting.has(applied + 1));
    const told: Array<{ event: NotificationEvent; at: DeploymentCard }> = [];
    let next = waiting.get(applied + 1);
    while (next !== undefined) {
      waiting.delete(next.sequence);
      const before: DeploymentCard | null = card;
      const after: DeploymentCard = applyToCard(before, next);
      card = after;
      applied = next.sequence;
      for (const event of notificationEventsBetween(before, after)) told.push({ event, at: after });
      next = waiting.get(applied + 1);
    }
    const latest = card;
    for (const { event, at } of told) {
      announce(event, at, TRANSIENT_EVENTS.has(event) && latest?.deployment.status !== at.deployment.status);
    }
    for (const thread of threads.values()) track(() => syncSlack(thread));
    if (card !== null && isTerminal(card.deployment.status)) break;
  }
  await condition(() => inFlight === 0);
}

function needsFailureDetails(card: DeploymentCard): boolean {
  return (
    FAILURE_DETAIL_STATUSES.has(card.deployment.status) &&
    (failedStep(card) !== null || !!card.deployment.reason)
  );
}

function email(
  route: NotificationRoute,
  event: NotificationEvent,
  card: DeploymentCard,
  deploymentId: string,
): Promise<void> {
  const key = `${deploymentId}/email/${event}`;
  if (route.emailDigestMinutes !== null) {
    return deliveries.addToDigest({ key, kind: event, card, route, event });
  }
  return deliveries.sendEmail({ key, kind: event, card, to: route.emailRecipients, event });
}

/**
 * One digest per routing scope: wakes when an entry waits, sleeps through the window (entries keep
 * coming in), sends them all as one email, and ends once a window passes with nothing new.
 */
export async function notificationDigestWorkflow(digest: string, windowMinutes: number): Promise<void> {
  let added = true;
  setHandler(digestEntrySignal, () => {
    added = true;
  });
  while (added) {
    added = false;
    await sleep(windowMinutes * 60_000);
    await deliveries.sendDigest(digest);
  }
}
