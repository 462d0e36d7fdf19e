import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model: a commit rolled back in an environment; pushes skip it there until a newer one comes. */
@Entity({ name: 'bad_commits' })
export class BadCommitEntity {
  @PrimaryColumn({ type: 'text' })
  project!: string;

  @PrimaryColumn({ type: 'text' })
  environment!: string;

  @PrimaryColumn({ name: 'commit_sha', type: 'text' })
  commitSha!: string;

  @Column({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'marked_at', type: 'timestamptz' })
  markedAt!: Date;
}
