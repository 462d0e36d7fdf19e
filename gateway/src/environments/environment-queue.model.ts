import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { DeploymentModel } from '../deployments/deployment.model';

@ObjectType('Pause', { description: 'Nothing new starts while a pause holds; what runs goes on.' })
export class PauseModel {
  @Field()
  actor!: string;

  @Field()
  reason!: string;

  @Field(() => Date)
  since!: Date;
}

@ObjectType('EnvironmentQueue', { description: 'One environment: what runs there and what waits, in order.' })
export class EnvironmentQueueModel {
  @Field()
  project!: string;

  @Field()
  environment!: string;

  @Field(() => DeploymentModel, { nullable: true, description: 'The deployment that holds the environment.' })
  running!: DeploymentModel | null;

  @Field(() => [DeploymentModel], { description: 'First in line first: position 1 starts next.' })
  waiting!: DeploymentModel[];

  @Field(() => PauseModel, { nullable: true, description: 'Its own pause, or the global one.' })
  paused!: PauseModel | null;
}

@InputType({
  description: 'Both fields for one environment; neither for every environment of every project.',
})
export class PauseScopeInput {
  @Field(() => String, { nullable: true })
  project?: string | null;

  @Field(() => String, { nullable: true })
  environment?: string | null;
}
