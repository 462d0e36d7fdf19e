import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A signed request from Slack the gateway accepted. Its signature covers its timestamp and body, so
 * seeing the same signature again means the same request replayed; rows are kept only while their
 * timestamp is recent enough to pass the freshness check.
 */
@Entity({ name: 'slack_requests' })
export class SlackRequestEntity {
  /** `X-Slack-Signature`, e.g. `v0=a2114d57…`. */
  @PrimaryColumn({ type: 'text' })
  signature!: string;

  /** `X-Slack-Request-Timestamp`: when Slack says it sent the request. */
  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
