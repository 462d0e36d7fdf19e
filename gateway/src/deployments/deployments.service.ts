import { DeploymentEntity, DeploymentEventEntity, ProjectEntity, StepLogEntity } from '@slipway/db';
import { isTerminal, type DeploymentEventBody } from '@slipway/domain';
import {
  DEPLOYMENT_RECORDED_UPDATE,
  DEPLOYMENT_WORKFLOW,
  deploymentWorkflowId,
  TASK_QUEUES,
  type DeploymentInput,
} from '@slipway/temporal';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityTarget } from 'typeorm';
import { apiError } from '../common/errors';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import { deployInputSchema, type DeployInput } from './deploy.input';
import type { DeploymentEventModel, DeploymentModel, StepLogLineModel } from './deployment.model';

const RECORD_DEADLINE_MS = 15_000;

/** Commands go to Temporal; reads come from the audit service's read models. */
@Injectable()
export class DeploymentsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async find(id: string): Promise<DeploymentModel | null> {
    if (!isUuid(id)) return null;
    const found = await this.dataSource
      .getRepository(DeploymentEntity)
      .findOne({ where: { id }, relations: { steps: true } });
    return found ? toModel(found) : null;
  }

  async list(filter: { project?: string; environment?: string; first: number }): Promise<DeploymentModel[]> {
    if (filter.first < 1 || filter.first > 100) {
      throw apiError('BAD_USER_INPUT', 'first must be between 1 and 100', { field: 'first' });
    }
    const found = await this.dataSource.getRepository(DeploymentEntity).find({
      where: {
        ...(filter.project ? { project: filter.project } : {}),
        ...(filter.environment ? { environment: filter.environment } : {}),
      },
      relations: { steps: true },
      order: { queuedAt: 'DESC', id: 'DESC' },
      take: filter.first,
    });
    return found.map(toModel);
  }

  async deploy(input: DeployInput, actor: string): Promise<DeploymentModel> {
    const parsed = deployInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw apiError('BAD_USER_INPUT', issue?.message ?? 'invalid input', { field: issue?.path.join('.') });
    }
    const project = await this.dataSource
      .getRepository(ProjectEntity)
      .findOne({ where: { name: parsed.data.project } });
    if (!project) throw apiError('NOT_FOUND', `project "${parsed.data.project}" does not exist`);
    const deploymentId = randomUUID();
    const workflowInput: DeploymentInput = {
      deploymentId,
      project: { name: project.name, repositoryUrl: project.repositoryUrl },
      environment: parsed.data.environment,
      ref: parsed.data.ref,
      actor,
    };
    let handle;
    try {
      handle = await this.temporal.workflow.start(DEPLOYMENT_WORKFLOW, {
        taskQueue: TASK_QUEUES.deploy,
        workflowId: deploymentWorkflowId(deploymentId),
        args: [workflowInput],
      });
    } catch (error) {
      throw apiError('UNAVAILABLE', `could not reach Temporal: ${(error as Error).message}`);
    }
    // Read-your-writes: answer once the deployment is in the log, so the caller can query it at once.
    const recorded = await Promise.race([
      handle.executeUpdate(DEPLOYMENT_RECORDED_UPDATE).then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), RECORD_DEADLINE_MS).unref()),
    ]);
    const deployment = recorded ? await this.find(deploymentId) : null;
    if (!deployment) {
      throw apiError(
        'UNAVAILABLE',
        `deployment ${deploymentId} was started but is not recorded yet; is the audit service running?`,
        { deploymentId },
      );
    }
    return deployment;
  }

  /** Asks the workflow to stop; it undoes the completed steps first. Answers with the state as of now. */
  async cancel(id: string): Promise<DeploymentModel> {
    const deployment = await this.find(id);
    if (!deployment) throw apiError('NOT_FOUND', `deployment ${id} does not exist`);
    if (isTerminal(deployment.status)) {
      throw apiError('CONFLICT', `deployment ${id} has already ended (${deployment.status})`);
    }
    try {
      await this.temporal.workflow.getHandle(deploymentWorkflowId(id)).cancel();
    } catch (error) {
      throw apiError('UNAVAILABLE', `could not reach Temporal: ${(error as Error).message}`);
    }
    return deployment;
  }

  /** Lines the steps printed, oldest first, after the line `afterId`. */
  async logsAfter(deploymentId: string, afterId: string, limit = MAX_LOG_PAGE): Promise<StepLogLineModel[]> {
    const rows = await this.pageAfter(StepLogEntity, deploymentId, afterId, limit);
    return rows.map(({ id, step, attempt, rollback, at, line }) => ({
      id,
      step,
      attempt,
      rollback,
      at,
      line,
    }));
  }

  async hasEnded(deploymentId: string): Promise<boolean> {
    const deployment = await this.dataSource.getRepository(DeploymentEntity).findOneBy({ id: deploymentId });
    return deployment !== null && isTerminal(deployment.status);
  }

  async eventsAfter(deploymentId: string, afterId: string, limit = 200): Promise<DeploymentEventModel[]> {
    return (await this.pageAfter(DeploymentEventEntity, deploymentId, afterId, limit)).map(toEventModel);
  }

  /** One deployment's rows of an append-only table after `afterId`, in the order they were appended. */
  private pageAfter<Row extends { id: string; deploymentId: string }>(
    entity: EntityTarget<Row>,
    deploymentId: string,
    afterId: string,
    limit: number,
  ): Promise<Row[]> {
    return this.dataSource
      .getRepository(entity)
      .createQueryBuilder('row')
      .where('row.deploymentId = :deploymentId', { deploymentId })
      .andWhere('row.id > :afterId', { afterId })
      .orderBy('row.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}

export const MAX_LOG_PAGE = 1000;

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** The read model is the API's shape; only the fields the schema declares are ever sent. */
function toModel(entity: DeploymentEntity): DeploymentModel {
  entity.steps.sort((a, b) => a.position - b.position);
  return entity;
}

function toEventModel(entity: DeploymentEventEntity): DeploymentEventModel {
  return {
    id: entity.id,
    deploymentId: entity.deploymentId,
    sequence: entity.sequence,
    type: entity.type,
    occurredAt: entity.occurredAt,
    step: 'step' in entity.body ? entity.body.step : null,
    detail: eventDetail(entity.body),
  };
}

function eventDetail(body: DeploymentEventBody): string | null {
  if ('error' in body) return body.error;
  if ('reason' in body) return body.reason;
  return null;
}
