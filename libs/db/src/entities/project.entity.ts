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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
