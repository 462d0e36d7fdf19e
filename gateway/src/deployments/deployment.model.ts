import {
  DEPLOYMENT_STATUSES,
  STEP_STATUSES,
  type DeploymentStatus,
  type DeploymentTrigger,
  type StepStatus,
} from '@slipway/domain';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

const asEnum = <T extends string>(values: readonly T[]): Record<T, T> =>
  Object.fromEntries(values.map((value) => [value, value])) as Record<T, T>;

export const DeploymentStatusEnum = asEnum(DEPLOYMENT_STATUSES);
export const StepStatusEnum = asEnum(STEP_STATUSES);
registerEnumType(DeploymentStatusEnum, { name: 'DeploymentStatus' });
registerEnumType(StepStatusEnum, { name: 'StepStatus' });

@ObjectType('DeploymentStep')
export class DeploymentStepModel {
  @Field(() => Int)
  position!: number;

  @Field()
  name!: string;

  @Field(() => StepStatusEnum)
  status!: StepStatus;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field({ description: 'The end of what the step printed, rollback output included.' })
  output!: string;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

export const TriggerTypeEnum = asEnum(['manual', 'push', 'promotion', 'rollback'] as const);
registerEnumType(TriggerTypeEnum, { name: 'TriggerType' });

@ObjectType('DeploymentTrigger', { description: 'Why a deployment exists.' })
export class DeploymentTriggerModel {
  @Field(() => TriggerTypeEnum)
  type!: DeploymentTrigger['type'];

  @Field(() => String, { nullable: true, description: 'push: the ref that was pushed.' })
  ref?: string | null;

  @Field(() => String, { nullable: true, description: 'promotion: the environment it followed.' })
  after?: string | null;

  @Field(() => ID, { nullable: true, description: 'promotion: the deployment it followed.' })
  deploymentId?: string | null;

  @Field(() => String, { nullable: true, description: 'rollback: the commit it replaced.' })
  replacing?: string | null;
}

@ObjectType('Deployment')
export class DeploymentModel {
  @Field(() => ID)
  id!: string;

  @Field()
  project!: string;

  @Field()
  environment!: string;

  @Field({ description: 'The branch, tag or commit that was asked for.' })
  ref!: string;

  @Field({ description: 'Who asked for it.' })
  actor!: string;

  @Field(() => DeploymentTriggerModel)
  trigger!: DeploymentTrigger;

  @Field(() => DeploymentStatusEnum)
  status!: DeploymentStatus;

  @Field(() => String, { nullable: true })
  commitSha!: string | null;

  @Field(() => String, { nullable: true })
  commitMessage!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'sha256 of the artifact it deploys: the same bytes in every environment.',
  })
  artifactDigest!: string | null;

  @Field(() => Int, { nullable: true, description: 'Approvals still needed while it waits for approval.' })
  approvalsRemaining!: number | null;

  @Field(() => String, { nullable: true, description: 'Why it failed or was rolled back.' })
  reason!: string | null;

  @Field(() => Date)
  queuedAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  // `steps` is resolved by DeploymentsResolver, batched across the deployments of one operation.
}

@ObjectType('DeploymentEvent')
export class DeploymentEventModel {
  @Field(() => ID, { description: 'Increases across all events; resume a subscription after it.' })
  id!: string;

  @Field(() => ID)
  deploymentId!: string;

  @Field(() => Int)
  sequence!: number;

  @Field()
  type!: string;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => Int, { nullable: true, description: 'The step this event is about, if any.' })
  step!: number | null;

  @Field(() => String, { nullable: true, description: 'The error or reason this event carries, if any.' })
  detail!: string | null;
}

@ObjectType('StepLogLine')
export class StepLogLineModel {
  @Field(() => ID, { description: 'Increases across the deployment; resume or page after it.' })
  id!: string;

  @Field(() => Int, { description: 'Position of the step that printed it.' })
  step!: number;

  @Field(() => Int, { description: '1 for the first attempt of the step, 2 for its first retry…' })
  attempt!: number;

  @Field({ description: 'Printed by the step’s rollback command.' })
  rollback!: boolean;

  @Field(() => Date)
  at!: Date;

  @Field()
  line!: string;
}
