import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model: one commit of a deployment's release diff; position 0 is the newest. */
@Entity({ name: 'deployment_commits' })
export class DeploymentCommitEntity {
  @PrimaryColumn({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  sha!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'text' })
  author!: string;

  @Column({ name: 'committed_at', type: 'timestamptz' })
  committedAt!: Date;

  @Column({ name: 'pull_request', type: 'integer', nullable: true })
  pullRequest!: number | null;
}
