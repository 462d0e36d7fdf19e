import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A project's webhook secret, sealed with the installation's secret key (see SecretBox). A rotated-out
 * secret keeps working until `expiresAt`, so webhooks signed with it while the provider is updated
 * are not lost.
 */
@Entity({ name: 'webhook_secrets' })
export class WebhookSecretEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  project!: string;

  /** AES-256-GCM: nonce, tag and ciphertext (SecretBox.seal). */
  @Column({ type: 'bytea' })
  secret!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
