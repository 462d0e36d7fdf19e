import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One webhook delivery accepted from GitHub or GitLab: its id is seen once, a redelivery does nothing. */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'text' })
  provider!: string;

  /** X-GitHub-Delivery or X-Gitlab-Event-UUID. */
  @PrimaryColumn({ name: 'delivery_id', type: 'text' })
  deliveryId!: string;

  @Column({ type: 'text' })
  project!: string;

  /** The provider's event name: push, ping, pull_request, Push Hook… */
  @Column({ type: 'text' })
  event!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** What it did: e.g. `started release-shop-<sha>`, `ignored: a branch deletion`. */
  @Column({ type: 'text' })
  outcome!: string;
}
