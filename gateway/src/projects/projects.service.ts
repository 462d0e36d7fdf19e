import { ProjectEntity } from '@slipway/db';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/injection-tokens';
import type { ProjectModel } from './project.model';

@Injectable()
export class ProjectsService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async list(): Promise<ProjectModel[]> {
    const projects = await this.dataSource.getRepository(ProjectEntity).find({ order: { name: 'ASC' } });
    return projects.map(({ name, repositoryUrl }) => ({ name, repositoryUrl }));
  }
}
