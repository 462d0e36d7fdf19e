import type { StepStatus } from '@slipway/domain';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { DeploymentEntity } from './deployment.entity';

@Entity({ name: 'deployment_steps' })
export class DeploymentStepEntity {
  @PrimaryColumn({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @ManyToOne('DeploymentEntity', 'steps', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deployment_id' })
  deployment!: DeploymentEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  status!: StepStatus;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'text' })
  output!: string;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
