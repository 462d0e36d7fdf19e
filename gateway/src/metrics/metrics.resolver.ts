import type { MetricsBucket } from '@slipway/domain';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { DeploymentMetricsModel, MetricsBucketEnum } from './deployment-metrics.model';
import { MetricsService } from './metrics.service';

@Resolver(() => DeploymentMetricsModel)
export class MetricsResolver {
  constructor(private readonly metrics: MetricsService) {}

  @Query(() => DeploymentMetricsModel, {
    description:
      'Success rates and DORA metrics of one environment of a project you may see, over [since, until) ' +
      '(at most 730 days), with their time series in at most 400 buckets.',
  })
  deploymentMetrics(
    @Args('project') project: string,
    @Args('environment') environment: string,
    @Args('since', { type: () => Date }) since: Date,
    @Args('until', { type: () => Date, description: 'Not included.' }) until: Date,
    @Args('bucket', { type: () => MetricsBucketEnum, defaultValue: 'DAY' }) bucket: MetricsBucket,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeploymentMetricsModel> {
    return this.metrics.deploymentMetrics({ project, environment, since, until, bucket }, principal);
  }
}
