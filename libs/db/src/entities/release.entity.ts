import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model: a commit that was built, and the artifact every environment deploys for it. */
@Entity({ name: 'releases' })
export class ReleaseEntity {
  @PrimaryColumn({ type: 'text' })
  project!: string;

  @PrimaryColumn({ name: 'commit_sha', type: 'text' })
  commitSha!: string;

  @Column({ name: 'commit_message', type: 'text' })
  commitMessage!: string;

  @Column({ name: 'artifact_digest', type: 'text' })
  artifactDigest!: string;

  // Artifacts stay far below 2^53 bytes: a JavaScript number holds the size exactly.
  @Column({
    name: 'artifact_size',
    type: 'bigint',
    transformer: { to: (value: number) => value, from: (value: string) => Number(value) },
  })
  artifactSize!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
