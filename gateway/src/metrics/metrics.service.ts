import { ProjectEntity } from '@slipway/db';
import { loadDeploymentMetrics } from '@slipway/history';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { canSee, type Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import { DATA_SOURCE } from '../common/injection-tokens';
import { validated } from '../common/validation';
import type { DeploymentMetricsModel } from './deployment-metrics.model';
import { deploymentMetricsArgsSchema, type DeploymentMetricsArgs } from './metrics.input';

/** Success rates and DORA metrics, read for people who may see the project. */
@Injectable()
export class MetricsService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** NOT_FOUND for a project that does not exist or that the principal may not see. */
  async deploymentMetrics(
    args: DeploymentMetricsArgs,
    principal: Principal,
  ): Promise<DeploymentMetricsModel> {
    const query = validated(deploymentMetricsArgsSchema, args);
    const found = canSee(principal, query.project)
      ? await this.dataSource.getRepository(ProjectEntity).existsBy({ name: query.project })
      : false;
    if (!found) {
      throw apiError('NOT_FOUND', `project "${query.project}" does not exist`, { field: 'project' });
    }
    return { ...query, ...(await loadDeploymentMetrics(this.dataSource, query)) };
  }
}
