import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { apiError } from '../common/errors';
import { DeploymentEventModel, DeploymentModel } from './deployment.model';
import { DeploymentsService } from './deployments.service';

@Resolver(() => DeploymentEventModel)
export class DeploymentEventResolver {
  constructor(private readonly deployments: DeploymentsService) {}

  @ResolveField(() => DeploymentModel, {
    description: 'The deployment as it is now, so a live view can render from each event.',
  })
  async deployment(@Parent() event: DeploymentEventModel): Promise<DeploymentModel> {
    const found = await this.deployments.find(event.deploymentId);
    if (!found) throw apiError('NOT_FOUND', `deployment ${event.deploymentId} does not exist`);
    return found;
  }
}
