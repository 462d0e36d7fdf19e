import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NotificationDeliveryEntity } from './notification-delivery.entity';

export type DeliveryAttemptOutcome = 'SENT' | 'ALREADY_SENT' | 'RETRYING' | 'FAILED';

/** One try at a delivery and what the provider answered. */
@Entity({ name: 'notification_delivery_attempts' })
export class NotificationDeliveryAttemptEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @PrimaryColumn({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  outcome!: DeliveryAttemptOutcome;

  @Column({ type: 'text' })
  response!: string;

  @ManyToOne(() => NotificationDeliveryEntity, (delivery) => delivery.attemptLog)
  @JoinColumn({ name: 'key' })
  delivery?: NotificationDeliveryEntity;
}
