import type { ReleaseDiffDirection } from '@slipway/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model: how a deployment's release relates to the one it replaces; its commits are DeploymentCommitEntity. */
@Entity({ name: 'release_diffs' })
export class ReleaseDiffEntity {
  @PrimaryColumn({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @Column({ name: 'from_sha', type: 'text', nullable: true })
  fromSha!: string | null;

  @Column({ type: 'text' })
  direction!: ReleaseDiffDirection;

  @Column({ type: 'boolean' })
  truncated!: boolean;
}
