import { createWebhookSecret, ProjectEntity, projectOfRepository, SecretBox } from '@slipway/db';
import { Inject, Injectable } from '@nestjs/common';
import { In, type DataSource } from 'typeorm';
import { authorize, visibleProjects, type Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import { DATA_SOURCE, GATEWAY_CONFIG } from '../common/injection-tokens';
import type { GatewayConfig } from '../config';
import { validated } from '../common/validation';
import {
  createProjectInputSchema,
  updateProjectInputSchema,
  type CreateProjectInput,
  type UpdateProjectInput,
} from './project.input';
import type { ProjectModel } from './project.model';
import {
  connectRepositoryInputSchema,
  type ConnectRepositoryInput,
  type RepositoryConnectionModel,
} from './repository-connection.model';

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

@Injectable()
export class ProjectsService {
  private readonly box: SecretBox | null;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.box = config.SLIPWAY_SECRET_KEY ? new SecretBox(config.SLIPWAY_SECRET_KEY) : null;
  }

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

  /**
   * Connects the project to its GitHub or GitLab repository and answers a new webhook secret, once.
   * Called again, it rotates: the previous secrets keep working for 24 hours, while the provider's
   * webhook settings are updated.
   */
  async connectRepository(
    name: string,
    input: ConnectRepositoryInput,
    principal: Principal,
  ): Promise<RepositoryConnectionModel> {
    const { provider, repository } = validated(connectRepositoryInputSchema, input);
    authorize(principal, ['admin'], { project: name });
    if (!this.box) {
      throw apiError('UNAVAILABLE', 'set SLIPWAY_SECRET_KEY on the gateway to keep webhook secrets');
    }
    const projects = this.dataSource.getRepository(ProjectEntity);
    const project = await projects.findOneBy({ name });
    if (!project) throw apiError('NOT_FOUND', `project "${name}" does not exist`, { field: 'project' });
    const taken = await projectOfRepository(this.dataSource, provider, repository);
    if (taken && taken.name !== name) {
      throw apiError('CONFLICT', `${repository} is already connected to project ${taken.name}`, {
        field: 'repository',
      });
    }
    await projects.update({ id: project.id }, { vcsProvider: provider, vcsRepository: repository });
    const secret = await createWebhookSecret(this.dataSource, this.box, name);
    return {
      project: toModel(Object.assign(project, { vcsProvider: provider, vcsRepository: repository })),
      webhookUrl: this.config.SLIPWAY_WEBHOOK_URL
        ? `${this.config.SLIPWAY_WEBHOOK_URL.replace(/\/+$/, '')}/webhooks/${provider}`
        : null,
      secret,
    };
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

function toModel({ name, repositoryUrl, specPath, vcsProvider, vcsRepository }: ProjectEntity): ProjectModel {
  return { name, repositoryUrl, specPath, vcsProvider, vcsRepository };
}
