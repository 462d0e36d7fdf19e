import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Who hears what about a project's deployments, in one environment or (`*`) in all of them. */
@Entity({ name: 'notification_settings' })
export class NotificationSettingsEntity {
  @PrimaryColumn({ type: 'text' })
  project!: string;

  /** An environment name, or `*` for every environment without settings of its own. */
  @PrimaryColumn({ type: 'text' })
  environment!: string;

  @Column({ type: 'text', array: true })
  events!: string[];

  @Column({ name: 'slack_channels', type: 'text', array: true })
  slackChannels!: string[];

  @Column({ name: 'email_recipients', type: 'text', array: true })
  emailRecipients!: string[];

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
