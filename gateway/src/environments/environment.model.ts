import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DeploymentModel } from '../deployments/deployment.model';
import {
  ENVIRONMENT_HEALTH_MEANINGS,
  ENVIRONMENT_HEALTHS,
  type EnvironmentHealth,
} from './environment-health';

export const EnvironmentHealthEnum = Object.fromEntries(
  ENVIRONMENT_HEALTHS.map((health) => [health, health]),
) as Record<EnvironmentHealth, EnvironmentHealth>;
registerEnumType(EnvironmentHealthEnum, {
  name: 'EnvironmentHealth',
  description: 'How an environment stands, from its latest deployment and the release it runs.',
  valuesMap: Object.fromEntries(
    ENVIRONMENT_HEALTHS.map((health) => [health, { description: ENVIRONMENT_HEALTH_MEANINGS[health] }]),
  ),
});

@ObjectType('RunningRelease', {
  description: 'What the newest successful deployment (by the moment it succeeded) put in an environment.',
})
export class RunningReleaseModel {
  @Field(() => ID, { description: 'The deployment that put it there.' })
  deploymentId!: string;

  @Field(() => String, { nullable: true })
  commitSha!: string | null;

  @Field(() => String, { nullable: true, description: 'The commit message, when Slipway has it.' })
  commitMessage!: string | null;

  @Field({ description: 'The branch, tag or commit that was asked for.' })
  ref!: string;

  @Field({ description: 'Who deployed it.' })
  deployedBy!: string;

  @Field(() => Date, { nullable: true, description: 'When its deployment succeeded.' })
  deployedAt!: Date | null;
}

@ObjectType('PreviousRelease', {
  description: 'What ran in an environment before the current release: what a rollback would put back.',
})
export class PreviousReleaseModel {
  @Field(() => ID, { description: 'The deployment that put it there.' })
  deploymentId!: string;

  @Field(() => String, { nullable: true })
  commitSha!: string | null;

  @Field({ description: 'When its deployment succeeded.' })
  deployedAt!: Date;
}

@ObjectType('Environment', { description: 'One environment of a project that has had a deployment.' })
export class EnvironmentModel {
  @Field()
  project!: string;

  @Field()
  name!: string;

  @Field(() => EnvironmentHealthEnum, {
    description:
      'HEALTHY: the latest deployment succeeded (or ended without touching what runs); DEPLOYING: one is ' +
      'queued, waiting for approval, running or rolling back; DEGRADED: the latest failed or was rolled ' +
      'back and the release before it still runs; BROKEN: its rollback failed; UNKNOWN: nothing ever ' +
      'succeeded here.',
  })
  health!: EnvironmentHealth;

  @Field(() => RunningReleaseModel, {
    nullable: true,
    description: 'What runs there now: the latest successful deployment; null if none ever succeeded.',
  })
  current!: RunningReleaseModel | null;

  @Field(() => PreviousReleaseModel, {
    nullable: true,
    description: 'What ran there before the current release; null until two deployments succeeded there.',
  })
  previous!: PreviousReleaseModel | null;

  @Field(() => DeploymentModel, {
    description: 'The latest deployment of any status: what is moving now, or the last attempt.',
  })
  latest!: DeploymentModel;
}
