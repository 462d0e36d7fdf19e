import { NotificationDeliveryEntity, ProjectEntity } from '@slipway/db';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { canSee, type Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import { DATA_SOURCE } from '../common/injection-tokens';
import { isUuid } from '../common/validation';
import type { NotificationDeliveryModel } from './notification-delivery.model';

const MAX_PAGE = 100;

/** The delivery log the notifications service keeps, read for people who may see the project. */
@Injectable()
export class NotificationDeliveriesService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Newest first; one deployment's when `deploymentId` is given. */
  async list(
    project: string,
    deploymentId: string | null,
    first: number,
    principal: Principal,
  ): Promise<NotificationDeliveryModel[]> {
    if (first < 1 || first > MAX_PAGE) {
      throw apiError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE}`, { field: 'first' });
    }
    if (deploymentId !== null && !isUuid(deploymentId)) {
      throw apiError(
        'BAD_USER_INPUT',
        `deploymentId must be a deployment id (a UUID), not "${deploymentId}"`,
        {
          field: 'deploymentId',
        },
      );
    }
    const found = canSee(principal, project)
      ? await this.dataSource.getRepository(ProjectEntity).existsBy({ name: project })
      : false;
    if (!found) throw apiError('NOT_FOUND', `project "${project}" does not exist`, { field: 'project' });
    const rows = await this.dataSource.getRepository(NotificationDeliveryEntity).find({
      where: { project, ...(deploymentId ? { deploymentId } : {}) },
      relations: { attemptLog: true },
      order: { createdAt: 'DESC', key: 'ASC', attemptLog: { attempt: 'ASC' } },
      take: first,
    });
    return rows.map((row) => ({
      deploymentId: row.deploymentId,
      project: row.project,
      environment: row.environment,
      kind: row.kind,
      channel: row.channel,
      target: row.target,
      state: row.state,
      response: row.response,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      attempts: (row.attemptLog ?? []).map(({ attempt, at, outcome, response }) => ({
        attempt,
        at,
        outcome,
        response,
      })),
    }));
  }
}
