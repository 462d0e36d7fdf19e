import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
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
  ): Promise<EnvironmentQueueModel[]> {
    return this.environments.queues(scope);
  }

  @Mutation(() => [EnvironmentQueueModel], {
    description: 'Stops new deployments from starting (one environment, or everywhere); running ones go on.',
  })
  @RequireRoles('admin')
  pauseDeployments(
    @Args('scope', { type: () => PauseScopeInput, defaultValue: {} }) scope: PauseScopeInput,
    @Args('reason') reason: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EnvironmentQueueModel[]> {
    return this.environments.pause(scope, principal, reason);
  }

  @Mutation(() => [EnvironmentQueueModel], {
    description: 'Lifts a pause; waiting deployments start in order.',
  })
  @RequireRoles('admin')
  resumeDeployments(
    @Args('scope', { type: () => PauseScopeInput, defaultValue: {} }) scope: PauseScopeInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EnvironmentQueueModel[]> {
    return this.environments.resume(scope, principal);
  }
}
