import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { SpecProblemModel } from './spec-validation.model';

@ObjectType('PipelineAutoDeploy', { description: 'The pushes that deploy to an environment by themselves.' })
export class PipelineAutoDeployModel {
  @Field(() => [String], {
    description: 'Branch patterns (`*` within a segment, `**` across): a push to a match deploys here.',
  })
  branches!: string[];

  @Field(() => [String], { description: 'Tag patterns: a pushed tag that matches deploys here.' })
  tags!: string[];
}

@ObjectType('PipelineApproval', { description: 'People who must approve before the steps run.' })
export class PipelineApprovalModel {
  @Field(() => [String], { description: 'Any of these roles (or admin) may approve.' })
  roles!: string[];

  @Field(() => Int, { description: 'How many distinct people must approve.' })
  approvers!: number;

  @Field({ description: 'Whether the person who asked for the deployment may approve it.' })
  allowSelfApproval!: boolean;

  @Field(() => Float, { description: 'An unapproved deployment expires after this many milliseconds.' })
  timeoutMs!: number;
}

@ObjectType('PipelineCi', { description: "The commit's CI that must pass before anything deploys here." })
export class PipelineCiModel {
  @Field({ description: 'Whether CI must be green first (false: the gate is declared but off).' })
  required!: boolean;

  @Field(() => Float, { description: 'The deployment fails when CI has not finished after this many ms.' })
  timeoutMs!: number;

  @Field(() => [String], {
    nullable: true,
    description:
      'Only these check runs, statuses or jobs must pass; null: every one reported for the commit.',
  })
  checks!: string[] | null;
}

@ObjectType('PipelineFreeze', {
  description: 'A window in which nothing deploys here without an override (with a reason).',
})
export class PipelineFreezeModel {
  @Field({ description: 'Shown to people whose deployment it blocks.' })
  name!: string;

  @Field({ description: 'When each window starts, in UTC: minute hour day-of-month month day-of-week.' })
  cron!: string;

  @Field(() => Float, { description: 'How long each window lasts, in milliseconds.' })
  durationMs!: number;
}

@ObjectType('PipelineStep', { description: 'One step an environment runs, in its order.' })
export class PipelineStepModel {
  @Field({ description: 'Unique within the environment.' })
  name!: string;

  @Field({ description: 'shell, release, ssh, http, health or wait.' })
  type!: string;
}

@ObjectType('PipelineEnvironment', { description: 'One environment as the pipeline spec declares it.' })
export class PipelineEnvironmentModel {
  @Field({ description: 'Such as production: the name deployments and grants use.' })
  name!: string;

  @Field(() => PipelineAutoDeployModel, {
    nullable: true,
    description: 'The pushes that deploy here by themselves; null: only a promotion or a person does.',
  })
  auto!: PipelineAutoDeployModel | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Promoted here automatically (the same artifact) once this earlier environment succeeded; null: ' +
      'never promoted by itself (deployed by a person, or by a push that `auto` matches).',
  })
  after!: string | null;

  @Field(() => PipelineApprovalModel, { nullable: true, description: 'Null: no approval is asked for.' })
  approval!: PipelineApprovalModel | null;

  @Field(() => PipelineCiModel, { nullable: true, description: 'Null: CI is not waited for.' })
  ci!: PipelineCiModel | null;

  @Field(() => [PipelineFreezeModel], { description: 'Its freeze windows, as declared.' })
  freeze!: PipelineFreezeModel[];

  @Field(() => [PipelineStepModel], { description: 'Run in this order.' })
  steps!: PipelineStepModel[];

  @Field(() => String, { nullable: true, description: 'Where the environment can be visited.' })
  url!: string | null;
}

@ObjectType('Pipeline', {
  description: "A project's pipeline as the spec in its repository declares it at one commit.",
})
export class PipelineModel {
  @Field({
    description:
      'The ref read: the one asked for, or HEAD, the default branch of the repository (what its pushes ' +
      'usually deploy).',
  })
  ref!: string;

  @Field({ description: 'The commit the ref resolved to when it was read.' })
  commitSha!: string;

  @Field(() => String, {
    nullable: true,
    description: "The commit message's subject (its first paragraph), when known.",
  })
  commitMessage!: string | null;

  @Field({ description: "Where the spec is read in the repository (the project's specPath)." })
  path!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The spec as committed; null when the file is missing.',
  })
  text!: string | null;

  @Field({
    description: 'Whether the spec exists and passes every rule, so deployments of this commit can run.',
  })
  valid!: boolean;

  @Field(() => [SpecProblemModel], {
    description: 'What is wrong, each at its line and column; empty when valid.',
  })
  problems!: SpecProblemModel[];

  @Field(() => [PipelineEnvironmentModel], {
    description:
      'The environments in promotion order (as declared); empty when the spec is missing or invalid.',
  })
  environments!: PipelineEnvironmentModel[];
}
