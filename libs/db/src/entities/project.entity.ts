import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'projects' })
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ name: 'repository_url', type: 'text' })
  repositoryUrl!: string;

  /** Where the pipeline spec sits in the repository, relative to its root. */
  @Column({ name: 'spec_path', type: 'text', default: '.slipway.yml' })
  specPath!: string;

  /** The connected repository's host: `github` or `gitlab`; null until one is connected. */
  @Column({ name: 'vcs_provider', type: 'text', nullable: true })
  vcsProvider!: 'github' | 'gitlab' | null;

  /** `owner/name` on GitHub, the `path_with_namespace` on GitLab, as webhooks name it. */
  @Column({ name: 'vcs_repository', type: 'text', nullable: true })
  vcsRepository!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
