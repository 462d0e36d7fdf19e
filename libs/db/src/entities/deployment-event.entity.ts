import type { DeploymentEventBody } from '@slipway/domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The append-only, hash-chained log (migration 1764250000000). `id` orders every event across
 * deployments in commit order; clients resume from it.
 */
@Entity({ name: 'deployment_events' })
@Index(['deploymentId', 'sequence'], { unique: true })
export class DeploymentEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'event_id', type: 'uuid', unique: true })
  eventId!: string;

  @Column({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'text' })
  type!: DeploymentEventBody['type'];

  @Column({ type: 'jsonb' })
  body!: DeploymentEventBody;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  /** The hash of the entry before it; null for the first. Written by the database's insert trigger only. */
  @Column({ name: 'prev_hash', type: 'bytea', nullable: true, insert: false, update: false })
  prevHash!: Buffer | null;

  /** sha256 over prevHash and every other column (deployment_events_entry_hash): the chain's link. */
  @Column({ type: 'bytea', insert: false, update: false })
  hash!: Buffer;
}
