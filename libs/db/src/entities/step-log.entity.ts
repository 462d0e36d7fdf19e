import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One line a step printed, as it printed it; `id` orders every line across a deployment. */
@Entity({ name: 'step_logs' })
@Index(['deploymentId', 'id'])
export class StepLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @Column({ type: 'integer' })
  step!: number;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'boolean' })
  rollback!: boolean;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  line!: string;
}
