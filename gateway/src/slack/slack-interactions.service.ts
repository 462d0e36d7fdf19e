import type { Logger } from '@slipway/service';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { SlackConfig } from '../config';
import type { SlackApprovals } from './slack-approvals';
import { readSlackInteraction, type SlackDecision } from './slack-interaction';
import type { SlackReplies } from './slack-replies';
import type { SlackRequestLog } from './slack-request-log';
import { verifySlackRequest, type SlackRequest } from './slack-signature';

/** How long a decision may take before the person is told to look in Slipway instead. */
const DECISION_DEADLINE_MS = 15_000;
const STILL_WORKING =
  'Slipway is taking long to record your decision: check the deployment in Slipway before clicking again';

/** What the endpoint answers Slack: a status and a short plain-text reason (empty when all is well). */
export interface SlackAnswer {
  status: number;
  text: string;
}

/**
 * Slack's Request URL for interactivity. A request is verified (fresh, signed, never seen before) and
 * acknowledged at once, since Slack shows the person an error after three seconds; the decision is
 * made afterwards, and its outcome told through the interaction's response_url.
 */
export class SlackInteractionsService implements BeforeApplicationShutdown {
  private readonly deciding = new Set<Promise<void>>();

  constructor(
    private readonly config: SlackConfig,
    private readonly requests: Pick<SlackRequestLog, 'firstSeen'>,
    private readonly approvals: Pick<SlackApprovals, 'decide'>,
    private readonly replies: Pick<SlackReplies, 'send'>,
    private readonly logger: Logger,
  ) {}

  async receive(request: SlackRequest): Promise<SlackAnswer> {
    const now = new Date();
    const verification = verifySlackRequest(
      request,
      this.config.signingSecret,
      Math.floor(now.getTime() / 1000),
    );
    if (!verification.verified) return { status: 401, text: verification.refusal };
    if (!(await this.requests.firstSeen(verification.signature, verification.requestedAt, now))) {
      return { status: 401, text: 'replayed request' };
    }
    const interaction = readSlackInteraction(request.rawBody);
    if (interaction.kind === 'unreadable') return { status: 400, text: interaction.reason };
    if (interaction.kind === 'decision') this.startDeciding(interaction.decision);
    return { status: 200, text: '' };
  }

  /** Decisions still being made finish (within their deadline) before the database and Temporal close. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.deciding]);
  }

  private startDeciding(click: SlackDecision): void {
    const work = this.decideAndReply(click).finally(() => this.deciding.delete(work));
    this.deciding.add(work);
  }

  private async decideAndReply(click: SlackDecision): Promise<void> {
    let text: string;
    try {
      text = await withDeadline(this.approvals.decide(click), DECISION_DEADLINE_MS, STILL_WORKING);
    } catch (error) {
      this.logger.error({ err: error, deploymentId: click.deploymentId }, 'a decision from Slack failed');
      text = 'Slipway could not record your decision: decide in Slipway instead';
    }
    try {
      await this.replies.send(click.responseUrl, text);
    } catch (error) {
      // The response_url carries a token of its own: it stays out of the log.
      this.logger.warn(
        { err: error, deploymentId: click.deploymentId },
        'could not tell the person in Slack how their decision went',
      );
    }
  }
}

/** The work's result, or `late` once the deadline passes (the work itself goes on). */
async function withDeadline<T>(work: Promise<T>, ms: number, late: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(late), ms)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
