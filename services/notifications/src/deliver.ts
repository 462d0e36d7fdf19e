import { ApplicationFailure } from '@temporalio/activity';
import { DELIVERY_ATTEMPTS } from '@slipway/temporal';
import { createHash } from 'node:crypto';
import { DeliveryError } from './delivery-error';
import type { DeliveryLog, DeliveryTarget } from './delivery-log';

/** What a provider answered to a send that worked. */
export interface Sent {
  response: string;
  /** How the provider names the message (a Slack `channel/ts`, a Message-ID). */
  providerRef?: string;
}

/**
 * Sends once, whatever the number of attempts: a delivery the log already holds as SENT is not sent
 * again (the attempt is logged as ALREADY_SENT), and `send` is told whether an earlier attempt may
 * have sent before it could log it (it then looks first, where the provider allows). Each attempt is
 * logged with the provider's answer; the error thrown tells Temporal whether and when to retry.
 * Resolves with the message's provider reference.
 */
export async function deliverOnce(
  log: DeliveryLog,
  target: DeliveryTarget,
  attempt: number,
  send: (retried: boolean) => Promise<Sent>,
): Promise<string | null> {
  const record = await log.open(target);
  if (record.state === 'SENT') {
    await log.attempt(target.key, attempt, 'ALREADY_SENT', 'sent by an earlier attempt: not sent again');
    return record.providerRef;
  }
  let sent: Sent;
  try {
    sent = await send(attempt > 1 || record.attempts > 0);
  } catch (error) {
    const failure =
      error instanceof DeliveryError
        ? error
        : new DeliveryError(error instanceof Error ? error.message : String(error), false);
    const givingUp = failure.permanent || attempt >= DELIVERY_ATTEMPTS;
    await log.attempt(target.key, attempt, givingUp ? 'FAILED' : 'RETRYING', failure.response);
    throw ApplicationFailure.create({
      type: 'DeliveryError',
      message: failure.response,
      nonRetryable: givingUp,
      ...(failure.retryAfterMs !== null ? { nextRetryDelay: failure.retryAfterMs } : {}),
    });
  }
  await log.attempt(target.key, attempt, 'SENT', sent.response, sent.providerRef ?? null);
  return sent.providerRef ?? null;
}

/** A Message-ID per delivery key, so a mail client shows a message sent twice (a crash after SMTP took it) once. */
export function messageIdOf(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@slipway>`;
}
