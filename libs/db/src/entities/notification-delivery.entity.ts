import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { NotificationDeliveryAttemptEntity } from './notification-delivery-attempt.entity';

export type DeliveryState = 'SENDING' | 'SENT' | 'FAILED';

/**
 * One message meant for one place (a Slack channel, a list of addresses), whatever the number of
 * attempts. `key` names it (deployment, what happened, where), so a retried activity finds what an
 * earlier attempt already did and never sends it twice.
 */
@Entity({ name: 'notification_deliveries' })
export class NotificationDeliveryEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** Null for a digest, which speaks of several deployments. */
  @Column({ name: 'deployment_id', type: 'uuid', nullable: true })
  deploymentId!: string | null;

  @Column({ type: 'text' })
  project!: string;

  @Column({ type: 'text', nullable: true })
  environment!: string | null;

  /** A notification event (FAILED, APPROVAL_REQUIRED…), or UPDATE, FAILURE_DETAILS, ARRIVAL, DIGEST. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  channel!: 'slack' | 'email';

  /** A Slack channel, or the comma-separated addresses. */
  @Column({ type: 'text' })
  target!: string;

  @Column({ type: 'text' })
  state!: DeliveryState;

  /** What the provider calls the message: a Slack `channel/ts`, an email's Message-ID. */
  @Column({ name: 'provider_ref', type: 'text', nullable: true })
  providerRef!: string | null;

  /** The provider's last answer. */
  @Column({ type: 'text', nullable: true })
  response!: string | null;

  @Column({ type: 'integer' })
  attempts!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @OneToMany(() => NotificationDeliveryAttemptEntity, (attempt) => attempt.delivery)
  attemptLog?: NotificationDeliveryAttemptEntity[];
}
