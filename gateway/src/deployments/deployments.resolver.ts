import type { DeploymentEventListener } from '@slipway/events';
import { Inject } from '@nestjs/common';
import {
  Args,
  ID,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { apiError } from '../common/errors';
import { EVENT_LISTENER } from '../common/injection-tokens';
import { DeployInput, PromoteInput, RollbackInput } from './deploy.input';
import { deploymentEventStream, stepLogStream } from './deployment-event-stream';
import { isUuid } from '../common/validation';
import { DeploymentConnectionModel } from './deployment-connection.model';
import { DeploymentFilter } from './deployment-filter.input';
import type { DeploymentLoaders } from './deployment-loaders';
import {
  DeploymentEventModel,
  DeploymentModel,
  DeploymentStepModel,
  StepLogLineModel,
} from './deployment.model';
import { deploymentPermissions } from './deployment-permissions';
import { DeploymentPermissionsModel } from './deployment-permissions.model';
import { DeploymentsService, MAX_DEPLOYMENT_PAGE, MAX_LOG_PAGE } from './deployments.service';
import { Loaders } from './loaders.decorator';
import { PendingApprovalModel } from './pending-approval.model';
import { ReleaseDiffModel } from './release-diff.model';

@Resolver(() => DeploymentModel)
export class DeploymentsResolver {
  constructor(
    private readonly deployments: DeploymentsService,
    @Inject(EVENT_LISTENER) private readonly listener: DeploymentEventListener,
  ) {}

  @Query(() => DeploymentModel, {
    nullable: true,
    description: 'null when it does not exist or is in a project you may not see.',
  })
  deployment(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeploymentModel | null> {
    return this.deployments.findVisible(id, principal);
  }

  @Query(() => DeploymentConnectionModel, {
    name: 'deployments',
    description: 'Deployments in the projects you may see, newest first, a page at a time.',
  })
  listDeployments(
    @Args('filter', { type: () => DeploymentFilter, nullable: true }) filter: DeploymentFilter | null,
    @Args('first', { type: () => Int, defaultValue: 20, description: `1 to ${MAX_DEPLOYMENT_PAGE}.` })
    first: number,
    @Args('after', {
      type: () => String,
      nullable: true,
      description: "The previous page's pageInfo.endCursor.",
    })
    after: string | null | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeploymentConnectionModel> {
    return this.deployments.page(principal, filter, first, after);
  }

  @Query(() => [PendingApprovalModel], {
    description:
      'Deployments waiting for an approval you could give: in projects you may see, asking for a role you ' +
      'hold there, not approved by you yet. The longest waiting first.',
  })
  pendingApprovals(@CurrentPrincipal() principal: Principal): Promise<PendingApprovalModel[]> {
    return this.deployments.pendingApprovals(principal);
  }

  @ResolveField(() => [DeploymentStepModel])
  steps(
    @Parent() deployment: DeploymentModel,
    @Loaders() loaders: DeploymentLoaders,
  ): Promise<DeploymentStepModel[]> {
    return loaders.steps.load(deployment.id);
  }

  @ResolveField(() => ReleaseDiffModel, {
    nullable: true,
    description:
      'The commits between the release running in the environment and this one, taken before any approval; ' +
      'null until known (or when the repository could not tell).',
  })
  releaseDiff(
    @Parent() deployment: DeploymentModel,
    @Loaders() loaders: DeploymentLoaders,
  ): Promise<ReleaseDiffModel | null> {
    return loaders.releaseDiff.load(deployment.id);
  }

  @ResolveField(() => DeploymentPermissionsModel, {
    description: 'What you may do to it now; the console offers only these actions.',
  })
  viewerCan(
    @Parent() deployment: DeploymentModel,
    @CurrentPrincipal() principal: Principal,
    @Loaders() loaders: DeploymentLoaders,
  ): Promise<DeploymentPermissionsModel> {
    return deploymentPermissions(principal, deployment, {
      approvalRequest: () => loaders.approvalRequest.load(deployment.id),
      environmentReleases: async () =>
        (await loaders.environments.load(deployment.project)).find(
          (environment) => environment.name === deployment.environment,
        ) ?? null,
    });
  }

  @Query(() => [StepLogLineModel], { description: 'What the steps printed, oldest first, a page at a time.' })
  async stepLogs(
    @Args('deploymentId', { type: () => ID }) deploymentId: string,
    @Args('after', { type: () => ID, nullable: true }) after: string | null | undefined,
    @Args('first', { type: () => Int, defaultValue: 500 }) first: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StepLogLineModel[]> {
    if (first < 1 || first > MAX_LOG_PAGE) {
      throw apiError('BAD_USER_INPUT', `first must be between 1 and ${MAX_LOG_PAGE}`, { field: 'first' });
    }
    await this.existing(deploymentId, after, principal);
    return this.deployments.logsAfter(deploymentId, after ?? '0', first);
  }

  @Subscription(() => StepLogLineModel, {
    description: 'The lines the steps print, live (in ~200 ms batches), from the start or after `after`.',
    resolve: (line: StepLogLineModel) => line,
  })
  async deploymentLogs(
    @Args('id', { type: () => ID }) id: string,
    @Args('after', { type: () => ID, nullable: true }) after: string | null | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AsyncIterableIterator<StepLogLineModel>> {
    await this.existing(id, after, principal);
    return stepLogStream(
      id,
      after ?? '0',
      this.listener,
      (afterId) => this.deployments.logsAfter(id, afterId),
      () => this.deployments.hasEnded(id),
    );
  }

  @Mutation(() => DeploymentModel, { description: 'Deploys a ref of a project to one environment.' })
  @RequireRoles('deployer')
  deploy(
    @Args('input') input: DeployInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeploymentModel> {
    return this.deployments.deploy(input, principal);
  }

  @Mutation(() => DeploymentModel, {
    description:
      'Deploys the release running in one environment to another from its stored artifact (no rebuild); ' +
      'success promotes it further along `after`.',
  })
  @RequireRoles('deployer')
  promote(
    @Args('input') input: PromoteInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeploymentModel> {
    return this.deployments.promote(input, principal);
  }

  @Mutation(() => DeploymentModel, {
    description:
      'Puts an earlier release back in an environment from its stored artifact (no rebuild); the commit it ' +
      'replaces is marked bad there, so pushes skip it.',
  })
  @RequireRoles('deployer')
  rollback(
    @Args('input') input: RollbackInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeploymentModel> {
    return this.deployments.rollback(input, principal);
  }

  @Mutation(() => DeploymentModel, {
    description:
      'Approves a deployment waiting for approval. The environment decides who may: its roles, how many ' +
      'people, and whether the person who asked may approve.',
  })
  @RequireRoles('deployer')
  approveDeployment(
    @Args('id', { type: () => ID }) id: string,
    @Args('comment', { defaultValue: '' }) comment: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeploymentModel> {
    return this.deployments.approve(id, principal, comment);
  }

  @Mutation(() => DeploymentModel, {
    description: 'Refuses a deployment waiting for approval; it ends REJECTED.',
  })
  @RequireRoles('deployer')
  rejectDeployment(
    @Args('id', { type: () => ID }) id: string,
    @Args('comment', { defaultValue: '' }) comment: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeploymentModel> {
    return this.deployments.reject(id, principal, comment);
  }

  @Mutation(() => DeploymentModel, {
    description: 'Cancels a deployment that has not ended; the steps already done are rolled back first.',
  })
  @RequireRoles('deployer')
  cancelDeployment(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeploymentModel> {
    return this.deployments.cancel(id, principal);
  }

  @Subscription(() => DeploymentEventModel, {
    description: 'Every event of one deployment from the start (or after `after`), live, then completes.',
    resolve: (event: DeploymentEventModel) => event,
  })
  async deploymentEvents(
    @Args('id', { type: () => ID }) id: string,
    @Args('after', { type: () => ID, nullable: true }) after: string | null | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AsyncIterableIterator<DeploymentEventModel>> {
    await this.existing(id, after, principal);
    return deploymentEventStream(id, after ?? '0', this.listener, (afterId) =>
      this.deployments.eventsAfter(id, afterId),
    );
  }

  /** Checks a deployment id and a resume position, and that the deployment exists where the principal can see. */
  private async existing(id: string, after: string | null | undefined, principal: Principal): Promise<void> {
    if (!isUuid(id)) throw apiError('BAD_USER_INPUT', `"${id}" is not a deployment id`, { field: 'id' });
    if (after !== null && after !== undefined && !/^\d{1,19}$/.test(after)) {
      throw apiError('BAD_USER_INPUT', `"${after}" is not a position to resume after`, { field: 'after' });
    }
    if (!(await this.deployments.findVisible(id, principal))) {
      throw apiError('NOT_FOUND', `deployment ${id} does not exist`);
    }
  }
}
