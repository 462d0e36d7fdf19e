import {
  ENVIRONMENT_GATE_ID,
  ENVIRONMENT_GATE_WORKFLOW,
  GATE_MESSAGES,
  TASK_QUEUES,
  type EnvironmentQueue,
  type PauseScope,
} from '@slipway/temporal';
import { DeploymentEntity, ProjectEntity } from '@slipway/db';
import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { authorize, canSee, type Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import { RESOURCE_NAME } from '../common/validation';
import type { DeploymentLoaders } from '../deployments/deployment-loaders';
import type { EnvironmentModel } from './environment.model';
import type { EnvironmentQueueModel, PauseScopeInput } from './environment-queue.model';

/** The environment gate's view: who holds each environment, who waits, and the pauses. */
@Injectable()
export class EnvironmentsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  /** The gate's queues in projects the principal may see; their deployments read in one batch. */
  async queues(
    scope: PauseScopeInput,
    principal: Principal,
    loaders: DeploymentLoaders,
  ): Promise<EnvironmentQueueModel[]> {
    let queues: EnvironmentQueue[];
    try {
      queues = await this.temporal.workflow
        .getHandle(ENVIRONMENT_GATE_ID)
        .query<EnvironmentQueue[], [PauseScope]>(GATE_MESSAGES.queue, checkedScope(scope, false));
    } catch (error) {
      // No deployment has queued yet: every environment is free.
      if (error instanceof WorkflowNotFoundError) return [];
      throw apiError('UNAVAILABLE', `could not reach Temporal: ${(error as Error).message}`);
    }
    return Promise.all(
      queues
        .filter((queue) => canSee(principal, queue.project))
        .map(async (queue) => ({
          project: queue.project,
          environment: queue.environment,
          running: queue.running === null ? null : await loaders.deployment.load(queue.running),
          // One that vanished from the read model (or failed to load) is left out rather than failing all.
          waiting: (await loaders.deployment.loadMany(queue.waiting)).filter(
            (deployment): deployment is DeploymentEntity =>
              deployment !== null && !(deployment instanceof Error),
          ),
          paused: queue.paused && { ...queue.paused, since: new Date(queue.paused.since) },
        })),
    );
  }

  /**
   * Each environment of the project that has had a deployment, read through the operation's batch that
   * also serves `Project.environments`. NOT_FOUND for a project that does not exist or that the principal
   * may not see.
   */
  async environments(
    project: string,
    principal: Principal,
    loaders: DeploymentLoaders,
  ): Promise<EnvironmentModel[]> {
    if (!RESOURCE_NAME.test(project)) {
      throw apiError('BAD_USER_INPUT', 'project must be a lowercase name of letters, digits and dashes', {
        field: 'project',
      });
    }
    const known = await this.dataSource.getRepository(ProjectEntity).existsBy({ name: project });
    if (!known || !canSee(principal, project)) {
      throw apiError('NOT_FOUND', `project "${project}" does not exist`, { field: 'project' });
    }
    return loaders.environments.load(project);
  }

  async pause(
    scope: PauseScopeInput,
    principal: Principal,
    reason: string,
    loaders: DeploymentLoaders,
  ): Promise<EnvironmentQueueModel[]> {
    const checked = checkedScope(scope, true);
    authorize(principal, ['admin'], checked);
    const trimmed = reason.trim();
    if (trimmed.length < 3 || trimmed.length > 500) {
      throw apiError('BAD_USER_INPUT', 'reason must say why, in 3 to 500 characters', { field: 'reason' });
    }
    await this.signal(GATE_MESSAGES.pause, { ...checked, actor: principal.name, reason: trimmed });
    return this.queues(scope, principal, loaders);
  }

  async resume(
    scope: PauseScopeInput,
    principal: Principal,
    loaders: DeploymentLoaders,
  ): Promise<EnvironmentQueueModel[]> {
    const checked = checkedScope(scope, true);
    authorize(principal, ['admin'], checked);
    await this.signal(GATE_MESSAGES.resume, checked);
    return this.queues(scope, principal, loaders);
  }

  private async signal(name: string, arg: object): Promise<void> {
    try {
      await this.temporal.workflow.signalWithStart(ENVIRONMENT_GATE_WORKFLOW, {
        workflowId: ENVIRONMENT_GATE_ID,
        taskQueue: TASK_QUEUES.deploy,
        args: [],
        signal: name,
        signalArgs: [arg],
      });
    } catch (error) {
      throw apiError('UNAVAILABLE', `could not reach Temporal: ${(error as Error).message}`);
    }
  }
}

/** Both or neither for a pause; a query may also name a project alone. */
function checkedScope(scope: PauseScopeInput, pausing: boolean): PauseScope {
  const project = scope.project ?? undefined;
  const environment = scope.environment ?? undefined;
  for (const [field, value] of Object.entries({ project, environment })) {
    if (value !== undefined && !RESOURCE_NAME.test(value)) {
      throw apiError('BAD_USER_INPUT', `${field} must be a lowercase name of letters, digits and dashes`, {
        field,
      });
    }
  }
  if (pausing && (project === undefined) !== (environment === undefined)) {
    throw apiError('BAD_USER_INPUT', 'name both project and environment, or neither for a global pause', {
      field: project === undefined ? 'project' : 'environment',
    });
  }
  if (!pausing && project === undefined && environment !== undefined) {
    throw apiError('BAD_USER_INPUT', 'an environment needs its project', { field: 'project' });
  }
  return {
    ...(project === undefined ? {} : { project }),
    ...(environment === undefined ? {} : { environment }),
  };
}
