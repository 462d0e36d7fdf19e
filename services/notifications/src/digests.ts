import type { DeploymentCard, NotificationEvent } from '@slipway/domain';
import type { DataSource } from 'typeorm';
import { deliverOnce, messageIdOf } from './deliver';
import type { DeliveryLog } from './delivery-log';
import { digestEmail } from './email/deployment-email';
import type { EmailSender } from './email/email-sender';

/** The most entries one digest email lists; more wait for the next email, sent right after. */
const DIGEST_SIZE = 100;

interface WaitingEntry {
  id: string;
  event: NotificationEvent;
  recipients: string[];
  card: DeploymentCard;
  at: Date;
}

/**
 * Emails gathered per routing scope (`project/environment`, or `project/*`) and sent together. An entry
 * is kept once per deployment and event; a digest email is a delivery like any other, keyed by the
 * entries it carries, so a retry after a crash finds it sent and only marks the entries.
 */
export class NotificationDigests {
  constructor(
    private readonly dataSource: DataSource,
    private readonly log: DeliveryLog,
    private readonly email: EmailSender,
    private readonly consoleUrl: string,
  ) {}

  async add(
    digest: string,
    card: DeploymentCard,
    event: NotificationEvent,
    recipients: string[],
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_digest_entries (digest, deployment_id, event, recipients, card)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (digest, deployment_id, event) DO NOTHING`,
      [digest, card.deployment.id, event, recipients, JSON.stringify(card)],
    );
  }

  /** Sends everything waiting in the digest, one email per DIGEST_SIZE entries. */
  async send(digest: string, attempt: number): Promise<void> {
    const [project = digest, environment = '*'] = digest.split('/');
    for (;;) {
      const entries = await this.dataSource.query<WaitingEntry[]>(
        `SELECT id, event, recipients, card, at FROM notification_digest_entries
          WHERE digest = $1 AND sent_in IS NULL ORDER BY id LIMIT $2`,
        [digest, DIGEST_SIZE],
      );
      const first = entries[0];
      const last = entries[entries.length - 1];
      if (!first || !last) return;
      const recipients = [...new Set(entries.flatMap((entry) => entry.recipients))].sort();
      const key = `digest/${digest}/${first.id}-${last.id}`;
      await deliverOnce(
        this.log,
        {
          key,
          deploymentId: null,
          project,
          environment: environment === '*' ? null : environment,
          kind: 'DIGEST',
          channel: 'email',
          target: recipients.join(', '),
        },
        attempt,
        async () => {
          const content = digestEmail(
            entries.map((entry) => ({ card: entry.card, event: entry.event, at: entry.at.toISOString() })),
            this.consoleUrl,
            {
              project,
              environment: environment === '*' ? null : environment,
              from: first.at.toISOString(),
              to: last.at.toISOString(),
            },
          );
          const messageId = messageIdOf(key);
          const { response } = await this.email.send({ ...content, to: recipients, messageId });
          return { response, providerRef: messageId };
        },
      );
      await this.dataSource.query(
        `UPDATE notification_digest_entries SET sent_in = $1 WHERE digest = $2 AND sent_in IS NULL AND id BETWEEN $3 AND $4`,
        [key, digest, first.id, last.id],
      );
    }
  }
}
