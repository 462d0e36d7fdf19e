import { ProjectEntity } from '@slipway/db';
import { Inject, Injectable } from '@nestjs/common';
import { In, type DataSource } from 'typeorm';
import { authorize, visibleProjects, type Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import { DATA_SOURCE } from '../common/injection-tokens';
import { validated } from '../common/validation';
import {
  createProjectInputSchema,
  updateProjectInputSchema,
  type CreateProjectInput,
  type UpdateProjectInput,
} from './project.input';
import type { ProjectModel } from './project.model';

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

@Injectable()
export class ProjectsService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The projects the principal may see, by name. */
  async list(principal: Principal): Promise<ProjectModel[]> {
    const visible = visibleProjects(principal);
    if (visible?.length === 0) return [];
    const projects = await this.dataSource.getRepository(ProjectEntity).find({
      where: visible ? { name: In(visible) } : {},
      order: { name: 'ASC' },
    });
    return projects.map(toModel);
  }

  async create(input: CreateProjectInput, principal: Principal): Promise<ProjectModel> {
    const checked = validated(createProjectInputSchema, input);
    authorize(principal, ['admin'], { project: checked.name });
    const repository = this.dataSource.getRepository(ProjectEntity);
    try {
      // insert, not save: a project of that name already there is a conflict, never overwritten.
      await repository.insert(checked);
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
        throw apiError('CONFLICT', `project "${checked.name}" already exists`, { field: 'name' });
      }
      throw error;
    }
    return toModel(await repository.findOneByOrFail({ name: checked.name }));
  }

  async update(name: string, input: UpdateProjectInput, principal: Principal): Promise<ProjectModel> {
    const checked = validated(updateProjectInputSchema, input);
    authorize(principal, ['admin'], { project: name });
    const repository = this.dataSource.getRepository(ProjectEntity);
    const project = await repository.findOneBy({ name });
    if (!project) throw apiError('NOT_FOUND', `project "${name}" does not exist`, { field: 'name' });
    const changes = {
      ...(checked.repositoryUrl ? { repositoryUrl: checked.repositoryUrl } : {}),
      ...(checked.specPath ? { specPath: checked.specPath } : {}),
    };
    if (Object.keys(changes).length > 0) await repository.update({ id: project.id }, changes);
    return toModel(Object.assign(project, changes));
  }
}

function toModel({ name, repositoryUrl, specPath }: ProjectEntity): ProjectModel {
  return { name, repositoryUrl, specPath };
}
