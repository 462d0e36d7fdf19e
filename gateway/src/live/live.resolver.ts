import type { DeploymentEventListener } from '@slipway/events';
import { Inject } from '@nestjs/common';
import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import type { DataSource } from 'typeorm';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { canSee, visibleProjects, type Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import { DATA_SOURCE, EVENT_LISTENER } from '../common/injection-tokens';
import { validated } from '../common/validation';
import { DeploymentEventModel } from '../deployments/deployment.model';
import { DeploymentEventLog, type EventFilter } from './deployment-event-log';
import { ENVIRONMENT_EVENT_TYPES } from './environment-events';
import { liveEventStream } from './live-event-stream';
import { dashboardArgsSchema, environmentChangedArgsSchema } from './live.input';

/** Live views across deployments, fed by the gateway's one LISTEN connection. */
@Resolver()
export class LiveResolver {
  private readonly log: DeploymentEventLog;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(EVENT_LISTENER) private readonly listener: DeploymentEventListener,
  ) {
    this.log = new DeploymentEventLog(dataSource);
  }

  @Subscription(() => DeploymentEventModel, {
    description:
      'Every event of every deployment you may see, live; never completes. Without `after`, only what ' +
      'happens from now on; with the id of the last event you received, exactly what you missed, then live.',
    resolve: (event: DeploymentEventModel) => event,
  })
  async dashboard(
    @Args('after', { type: () => ID, nullable: true }) after: string | null | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AsyncIterableIterator<DeploymentEventModel>> {
    const args = validated(dashboardArgsSchema, { after });
    return this.follow(args.after, { projects: visibleProjects(principal), types: null });
  }

  @Subscription(() => DeploymentEventModel, {
    description:
      "The events that change what a project's environments show (a deployment queued, waiting for " +
      'approval, started, succeeded, failed, rolled back…; not step progress), live; never completes. ' +
      '`after` resumes as in `dashboard`.',
    resolve: (event: DeploymentEventModel) => event,
  })
  async environmentChanged(
    @Args('project') project: string,
    @Args('after', { type: () => ID, nullable: true }) after: string | null | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AsyncIterableIterator<DeploymentEventModel>> {
    const args = validated(environmentChangedArgsSchema, { project, after });
    // A project the caller may not see answers as one that does not exist: its name stays private.
    if (!canSee(principal, args.project) || !(await this.log.projectExists(args.project))) {
      throw apiError('NOT_FOUND', `project "${args.project}" does not exist`, { field: 'project' });
    }
    return this.follow(args.after, { projects: [args.project], types: ENVIRONMENT_EVENT_TYPES });
  }

  private async follow(
    after: string | null | undefined,
    filter: EventFilter,
  ): Promise<AsyncIterableIterator<DeploymentEventModel>> {
    const start = after ?? (await this.log.latestId());
    return liveEventStream(this.listener, start, (afterId) => this.log.eventsAfter(afterId, filter));
  }
}
