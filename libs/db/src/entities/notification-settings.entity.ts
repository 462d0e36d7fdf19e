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

  /** Emails for this scope are gathered and sent together every so many minutes; null: one email per event. */
  @Column({ name: 'email_digest_minutes', type: 'integer', nullable: true })
  emailDigestMinutes!: number | null;

  /** The authors of the commits in a release hear when it reaches the environment. */
  @Column({ name: 'notify_authors', type: 'boolean', default: false })
  notifyAuthors!: boolean;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
