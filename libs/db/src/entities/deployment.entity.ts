import type { DeploymentStatus, DeploymentTrigger } from '@slipway/domain';
import { Column, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import { DeploymentStepEntity } from './deployment-step.entity';

/** Read model: the latest state of one deployment, kept by the audit service (indexes: see the migrations). */
@Entity({ name: 'deployments' })
export class DeploymentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  project!: string;

  @Column({ type: 'text' })
  environment!: string;

  @Column({ type: 'text' })
  ref!: string;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'jsonb' })
  trigger!: DeploymentTrigger;

  @Column({ type: 'text' })
  status!: DeploymentStatus;

  @Column({ name: 'commit_sha', type: 'text', nullable: true })
  commitSha!: string | null;

  @Column({ name: 'commit_message', type: 'text', nullable: true })
  commitMessage!: string | null;

  @Column({ name: 'artifact_digest', type: 'text', nullable: true })
  artifactDigest!: string | null;

  @Column({ name: 'approvals_remaining', type: 'integer', nullable: true })
  approvalsRemaining!: number | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'queued_at', type: 'timestamptz' })
  queuedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'last_sequence', type: 'integer' })
  lastSequence!: number;

  @OneToMany(() => DeploymentStepEntity, (step) => step.deployment, { cascade: true })
  steps!: DeploymentStepEntity[];
}
