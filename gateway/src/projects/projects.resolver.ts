import { Query, Resolver } from '@nestjs/graphql';
import { ProjectModel } from './project.model';
import { ProjectsService } from './projects.service';

@Resolver(() => ProjectModel)
export class ProjectsResolver {
  constructor(private readonly projectsService: ProjectsService) {}

  @Query(() => [ProjectModel])
  projects(): Promise<ProjectModel[]> {
    return this.projectsService.list();
  }
}
