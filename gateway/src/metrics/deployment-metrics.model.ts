import { METRICS_BUCKETS, type MetricsBucket } from '@slipway/domain';
import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export const MetricsBucketEnum = Object.fromEntries(
  METRICS_BUCKETS.map((bucket) => [bucket, bucket]),
) as Record<MetricsBucket, MetricsBucket>;
registerEnumType(MetricsBucketEnum, {
  name: 'MetricsBucket',
  description:
    'How a time series cuts its window: UTC days from midnight, or ISO weeks from Monday 00:00 UTC.',
});

@ObjectType('DeploymentDurations', {
  description: 'From start to finish of the counted deployments, in milliseconds; null when none counted.',
})
export class DeploymentDurationsModel {
  @Field(() => Float, { nullable: true })
  meanMs!: number | null;

  @Field(() => Float, { nullable: true })
  medianMs!: number | null;

  @Field(() => Float, { nullable: true, description: 'Interpolated between the closest ranks.' })
  p90Ms!: number | null;
}

@ObjectType('DeploymentFrequency', { description: 'Successful deployments in the window.' })
export class DeploymentFrequencyModel {
  @Field(() => Int)
  deployments!: number;

  @Field(() => Float, { description: 'deployments divided by the length of the window in days.' })
  perDay!: number;
}

@ObjectType('LeadTimeForChanges', {
  description:
    'From commit to running: for each commit a successful deployment newly brought (its release diff ' +
    'went FIRST or FORWARD), its finish minus the commit time, in milliseconds.',
})
export class LeadTimeForChangesModel {
  @Field(() => Int, { description: 'How many commits were measured.' })
  commits!: number;

  @Field(() => Float, { nullable: true })
  medianMs!: number | null;

  @Field(() => Float, { nullable: true })
  p90Ms!: number | null;
}

@ObjectType('TimeToRestore', {
  description:
    'Incidents that started in the window: a counted deployment failing after a success (or as the first), ' +
    'with the failures after it, up to the next successful deployment (possibly after the window), in ' +
    'milliseconds from the end of the first failure to the end of that success.',
})
export class TimeToRestoreModel {
  @Field(() => Int)
  restored!: number;

  @Field(() => Int, { description: 'No deployment has succeeded since.' })
  unrestored!: number;

  @Field(() => Float, { nullable: true })
  medianMs!: number | null;

  @Field(() => Float, { nullable: true })
  meanMs!: number | null;
}

@ObjectType('MetricsPoint', {
  description: 'One bucket of the time series: the counted deployments that finished in it.',
})
export class MetricsPointModel {
  @Field(() => Date, { description: 'Where the bucket starts; the first may start before since.' })
  start!: Date;

  @Field(() => Int)
  counted!: number;

  @Field(() => Int)
  succeeded!: number;

  @Field(() => Int, { description: 'FAILED, ROLLED_BACK and ROLLBACK_FAILED.' })
  failed!: number;

  @Field(() => Int, { description: 'ROLLED_BACK and ROLLBACK_FAILED.' })
  rolledBack!: number;

  @Field(() => Int)
  changeFailures!: number;

  @Field(() => Float, { nullable: true })
  medianDurationMs!: number | null;

  @Field(() => Float, { nullable: true, description: 'Over the commits of its successful deployments.' })
  medianLeadTimeMs!: number | null;

  @Field(() => Int, { description: 'Incidents that started in the bucket and were restored.' })
  restored!: number;

  @Field(() => Float, { nullable: true })
  medianRestoreMs!: number | null;
}

@ObjectType('DeploymentMetrics', {
  description:
    'Success rates and the DORA metrics of one environment over [since, until). A deployment counts when ' +
    'it started running and finished in the window as SUCCEEDED, FAILED, ROLLED_BACK or ROLLBACK_FAILED. ' +
    'Rates are null when nothing counted. The README ("Metrics") defines each number.',
})
export class DeploymentMetricsModel {
  @Field()
  project!: string;

  @Field()
  environment!: string;

  @Field(() => Date)
  since!: Date;

  @Field(() => Date)
  until!: Date;

  @Field(() => MetricsBucketEnum)
  bucket!: MetricsBucket;

  @Field(() => Int)
  counted!: number;

  @Field(() => Int)
  succeeded!: number;

  @Field(() => Int, { description: 'FAILED, ROLLED_BACK and ROLLBACK_FAILED.' })
  failed!: number;

  @Field(() => Int, { description: 'ROLLED_BACK and ROLLBACK_FAILED.' })
  rolledBack!: number;

  @Field(() => Int, {
    description:
      'Finished in the window without changing the environment: cancelled, rejected, expired, superseded, ' +
      'blocked, or failed before running (CI). Not in any rate.',
  })
  notRun!: number;

  @Field(() => Float, { nullable: true, description: 'succeeded / counted.' })
  successRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'failed / counted.' })
  failureRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'rolledBack / counted.' })
  rollbackRate!: number | null;

  @Field(() => DeploymentDurationsModel)
  duration!: DeploymentDurationsModel;

  @Field(() => DeploymentFrequencyModel)
  deploymentFrequency!: DeploymentFrequencyModel;

  @Field(() => LeadTimeForChangesModel)
  leadTime!: LeadTimeForChangesModel;

  @Field(() => Int, {
    description: 'Counted deployments that failed, or succeeded and were rolled back later.',
  })
  changeFailures!: number;

  @Field(() => Float, { nullable: true, description: 'changeFailures / counted.' })
  changeFailureRate!: number | null;

  @Field(() => TimeToRestoreModel)
  timeToRestore!: TimeToRestoreModel;

  @Field(() => [MetricsPointModel], { description: 'Every bucket of the window, empty ones included.' })
  series!: MetricsPointModel[];
}
