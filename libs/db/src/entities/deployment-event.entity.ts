import type { DeploymentEventBody } from '@slipway/domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The append-only log. `id` orders every event across deployments; clients resume from it. */
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
}
