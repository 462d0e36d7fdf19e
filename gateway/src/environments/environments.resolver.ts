import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import type { DeploymentLoaders } from '../deployments/deployment-loaders';
import { Loaders } from '../deployments/loaders.decorator';
import { EnvironmentModel } from './environment.model';
import { EnvironmentQueueModel, PauseScopeInput } from './environment-queue.model';
import { EnvironmentsService } from './environments.service';

@Resolver(() => EnvironmentQueueModel)
export class EnvironmentsResolver {
  constructor(private readonly environments: EnvironmentsService) {}

  @Query(() => [EnvironmentQueueModel], {
    description: 'What runs in each environment and what waits for it, in order; pauses included.',
  })
  environmentQueues(
    @Args('scope', { type: () => PauseScopeInput, defaultValue: {} }) scope: PauseScopeInput,
    @CurrentPrincipal() principal: Principal,
    @Loaders() loaders: DeploymentLoaders,
  ): Promise<EnvironmentQueueModel[]> {
    return this.environments.queues(scope, principal, loaders);
  }

  @Query(() => [EnvironmentModel], {
    name: 'environments',
    description:
      'Each environment of a project that has had a deployment, in the order it first deployed to them ' +
      "(its pipeline's order when it promotes; the name breaks ties): what runs there, what moves, and " +
      'how it stands.',
  })
  listEnvironments(
    @Args('project') project: string,
    @CurrentPrincipal() principal: Principal,
    @Loaders() loaders: DeploymentLoaders,
  ): Promise<EnvironmentModel[]> {
    return this.environments.environments(project, principal, loaders);
  }

  @Mutation(() => [EnvironmentQueueModel], {
    description: 'Stops new deployments from starting (one environment, or everywhere); running ones go on.',
  })
  @RequireRoles('admin')
  pauseDeployments(
    @Args('scope', { type: () => PauseScopeInput, defaultValue: {} }) scope: PauseScopeInput,
    @Args('reason') reason: string,
    @CurrentPrincipal() principal: Principal,
    @Loaders() loaders: DeploymentLoaders,
  ): Promise<EnvironmentQueueModel[]> {
    return this.environments.pause(scope, principal, reason, loaders);
  }

  @Mutation(() => [EnvironmentQueueModel], {
    description: 'Lifts a pause; waiting deployments start in order.',
  })
  @RequireRoles('admin')
  resumeDeployments(
    @Args('scope', { type: () => PauseScopeInput, defaultValue: {} }) scope: PauseScopeInput,
    @CurrentPrincipal() principal: Principal,
    @Loaders() loaders: DeploymentLoaders,
  ): Promise<EnvironmentQueueModel[]> {
    return this.environments.resume(scope, principal, loaders);
  }
}
