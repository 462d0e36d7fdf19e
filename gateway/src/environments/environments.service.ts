import {
  ENVIRONMENT_GATE_ID,
  ENVIRONMENT_GATE_WORKFLOW,
  GATE_MESSAGES,
  TASK_QUEUES,
  type EnvironmentQueue,
  type PauseScope,
} from '@slipway/temporal';
import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { authorize, type Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import { TEMPORAL_CLIENT } from '../common/injection-tokens';
import { RESOURCE_NAME } from '../common/validation';
import { DeploymentsService } from '../deployments/deployments.service';
import type { DeploymentModel } from '../deployments/deployment.model';
import type { EnvironmentQueueModel, PauseScopeInput } from './environment-queue.model';

/** The environment gate's view: who holds each environment, who waits, and the pauses. */
@Injectable()
export class EnvironmentsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly deployments: DeploymentsService,
  ) {}

  async queues(scope: PauseScopeInput): Promise<EnvironmentQueueModel[]> {
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
      queues.map(async (queue) => ({
        project: queue.project,
        environment: queue.environment,
        running: queue.running === null ? null : await this.deployments.find(queue.running),
        waiting: (await Promise.all(queue.waiting.map((id) => this.deployments.find(id)))).filter(
          (deployment): deployment is DeploymentModel => deployment !== null,
        ),
        paused: queue.paused && { ...queue.paused, since: new Date(queue.paused.since) },
      })),
    );
  }

  async pause(
    scope: PauseScopeInput,
    principal: Principal,
    reason: string,
  ): Promise<EnvironmentQueueModel[]> {
    const checked = checkedScope(scope, true);
    authorize(principal, ['admin'], checked);
    const trimmed = reason.trim();
    if (trimmed.length < 3 || trimmed.length > 500) {
      throw apiError('BAD_USER_INPUT', 'reason must say why, in 3 to 500 characters', { field: 'reason' });
    }
    await this.signal(GATE_MESSAGES.pause, { ...checked, actor: principal.name, reason: trimmed });
    return this.queues(scope);
  }

  async resume(scope: PauseScopeInput, principal: Principal): Promise<EnvironmentQueueModel[]> {
    const checked = checkedScope(scope, true);
    authorize(principal, ['admin'], checked);
    await this.signal(GATE_MESSAGES.resume, checked);
    return this.queues(scope);
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
