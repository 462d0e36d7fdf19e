import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { apiError } from '../common/errors';
import type { DeploymentLoaders } from './deployment-loaders';
import { DeploymentEventModel, DeploymentModel } from './deployment.model';
import { Loaders } from './loaders.decorator';

@Resolver(() => DeploymentEventModel)
export class DeploymentEventResolver {
  @ResolveField(() => DeploymentModel, {
    description: 'The deployment as it is now, so a live view can render from each event.',
  })
  async deployment(
    @Parent() event: DeploymentEventModel,
    @Loaders() loaders: DeploymentLoaders,
  ): Promise<DeploymentModel> {
    const found = await loaders.deployment.load(event.deploymentId);
    if (!found) throw apiError('NOT_FOUND', `deployment ${event.deploymentId} does not exist`);
    return found;
  }
}
