import { DeploymentEntity, DeploymentEventEntity, ProjectEntity } from '@slipway/db';
import type { DeploymentEventType } from '@slipway/domain';
import type { DataSource } from 'typeorm';
import { toEventModel } from '../deployments/deployments.service';
import type { DeploymentEventModel } from '../deployments/deployment.model';

/** Which events a live view wants: of these projects (null: all), of these types (null: all). */
export interface EventFilter {
  projects: readonly string[] | null;
  types: readonly DeploymentEventType[] | null;
}

const PAGE_SIZE = 200;

/**
 * The event log of every deployment, read as live views need it. Its insert trigger hands out ids
 * under a lock (migration EventLogChain), so ids grow in commit order and reading "after the last id
 * delivered" never skips an event that commits late.
 */
export class DeploymentEventLog {
  constructor(private readonly dataSource: DataSource) {}

  /** Where a view that wants only what happens from now on starts. */
  async latestId(): Promise<string> {
    const [row] = await this.dataSource.query<Array<{ id: string }>>(
      'SELECT COALESCE(MAX(id), 0)::text AS id FROM deployment_events',
    );
    return row?.id ?? '0';
  }

  async projectExists(name: string): Promise<boolean> {
    return this.dataSource.getRepository(ProjectEntity).existsBy({ name });
  }

  /** The next page of matching events after `afterId`, in id order. */
  async eventsAfter(afterId: string, filter: EventFilter): Promise<DeploymentEventModel[]> {
    if (filter.projects?.length === 0 || filter.types?.length === 0) return [];
    const query = this.dataSource
      .getRepository(DeploymentEventEntity)
      .createQueryBuilder('event')
      .where('event.id > :afterId', { afterId })
      .orderBy('event.id', 'ASC')
      .limit(PAGE_SIZE);
    if (filter.projects) {
      // The read model is written in the event's own transaction, so every visible event has its row.
      query
        .innerJoin(DeploymentEntity, 'deployment', 'deployment.id = event.deploymentId')
        .andWhere('deployment.project IN (:...projects)', { projects: filter.projects });
    }
    if (filter.types) query.andWhere('event.type IN (:...types)', { types: filter.types });
    return (await query.getMany()).map(toEventModel);
  }
}
