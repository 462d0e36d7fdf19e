import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import type { DeploymentLoaders } from '../deployments/deployment-loaders';
import { Loaders } from '../deployments/loaders.decorator';
import { EnvironmentModel } from '../environments/environment.model';
import { CreateProjectInput, UpdateProjectInput } from './project.input';
import { ProjectModel } from './project.model';
import { ProjectsService } from './projects.service';
import { ConnectRepositoryInput, RepositoryConnectionModel } from './repository-connection.model';

@Resolver(() => ProjectModel)
export class ProjectsResolver {
  constructor(private readonly projectsService: ProjectsService) {}

  @Query(() => [ProjectModel], { description: 'The projects you may see, by name.' })
  projects(@CurrentPrincipal() principal: Principal): Promise<ProjectModel[]> {
    return this.projectsService.list(principal);
  }

  /** A project reaches the API only for those who may see it: nothing more to check here. */
  @ResolveField(() => [EnvironmentModel], {
    description:
      'Each environment that has had a deployment, in the order the project first deployed to them, as environments(project) answers; read ' +
      'for all the projects of a query at once.',
  })
  environments(
    @Parent() project: ProjectModel,
    @Loaders() loaders: DeploymentLoaders,
  ): Promise<EnvironmentModel[]> {
    return loaders.environments.load(project.name);
  }

  @Mutation(() => ProjectModel, { description: 'Registers a repository to deploy. Admin only.' })
  @RequireRoles('admin')
  createProject(
    @Args('input') input: CreateProjectInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProjectModel> {
    return this.projectsService.create(input, principal);
  }

  @Mutation(() => ProjectModel, {
    description: 'Changes where a project is cloned from or where its spec sits; its name stays. Admin only.',
  })
  @RequireRoles('admin')
  updateProject(
    @Args('name') name: string,
    @Args('input') input: UpdateProjectInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProjectModel> {
    return this.projectsService.update(name, input, principal);
  }

  @Mutation(() => RepositoryConnectionModel, {
    description:
      'Connects a project to its GitHub or GitLab repository: pushes then deploy it. Answers the webhook ' +
      'secret once; calling again rotates it (the previous one keeps working for 24 hours). Admin only.',
  })
  @RequireRoles('admin')
  connectRepository(
    @Args('project') project: string,
    @Args('input') input: ConnectRepositoryInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RepositoryConnectionModel> {
    return this.projectsService.connectRepository(project, input, principal);
  }
}
