import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Read model: what runs in an environment now (its newest successful deployment, by the moment it
 * succeeded) and what ran before it, the release a rollback would put back. Kept by the audit service
 * in the transaction that appends DEPLOYMENT_SUCCEEDED, so the dashboard reads one row per environment.
 */
@Entity({ name: 'environment_releases' })
export class EnvironmentReleaseEntity {
  @PrimaryColumn({ type: 'text' })
  project!: string;

  @PrimaryColumn({ type: 'text' })
  environment!: string;

  @Column({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @Column({ type: 'text' })
  ref!: string;

  @Column({ name: 'commit_sha', type: 'text', nullable: true })
  commitSha!: string | null;

  @Column({ name: 'commit_message', type: 'text', nullable: true })
  commitMessage!: string | null;

  @Column({ name: 'artifact_digest', type: 'text', nullable: true })
  artifactDigest!: string | null;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ name: 'deployed_at', type: 'timestamptz' })
  deployedAt!: Date;

  @Column({ name: 'previous_deployment_id', type: 'uuid', nullable: true })
  previousDeploymentId!: string | null;

  @Column({ name: 'previous_commit_sha', type: 'text', nullable: true })
  previousCommitSha!: string | null;

  @Column({ name: 'previous_deployed_at', type: 'timestamptz', nullable: true })
  previousDeployedAt!: Date | null;
}
