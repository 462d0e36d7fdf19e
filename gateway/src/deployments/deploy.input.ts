import { Field, InputType } from '@nestjs/graphql';
import { z } from 'zod';
import { RESOURCE_NAME } from '../common/validation';

@InputType()
export class DeployInput {
  @Field()
  project!: string;

  @Field()
  environment!: string;

  @Field({ description: 'A branch, a tag or a commit sha.' })
  ref!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Deploy even inside a freeze window; the reason is recorded with your name.',
  })
  freezeOverride?: string | null;
}

@InputType()
export class RollbackInput {
  @Field()
  project!: string;

  @Field()
  environment!: string;

  @Field({
    description: 'The commit of an earlier release of the project; its stored artifact deploys again.',
  })
  commitSha!: string;
}

@InputType()
export class PromoteInput {
  @Field()
  project!: string;

  @Field({ description: 'The environment whose running release moves on.' })
  from!: string;

  @Field({ description: 'Where it goes.' })
  to!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Deploy even inside a freeze window; the reason is recorded with your name.',
  })
  freezeOverride?: string | null;
}

export const deployInputSchema = z.object({
  project: z.string().regex(RESOURCE_NAME, 'project must be a lowercase name of letters, digits and dashes'),
  environment: z
    .string()
    .regex(RESOURCE_NAME, 'environment must be a lowercase name of letters, digits and dashes'),
  ref: z
    .string()
    .min(1, 'ref must name a branch, tag or commit')
    .max(255, 'ref is longer than 255 characters')
    .regex(/^(?!-)(?!.*\.\.)[\w./-]+$/, 'ref must be a branch, tag or commit sha'),
  freezeOverride: z
    .string()
    .trim()
    .min(3, 'freezeOverride must give a reason')
    .max(500, 'freezeOverride is longer than 500 characters')
    .nullish(),
});

export const rollbackInputSchema = z.object({
  project: deployInputSchema.shape.project,
  environment: deployInputSchema.shape.environment,
  commitSha: z.string().regex(/^[0-9a-f]{40}$/, 'commitSha must be a full 40-character commit sha'),
});

export const decisionCommentSchema = z
  .string()
  .max(1000, 'comment is longer than 1000 characters')
  .transform((value) => value.trim());

export const promoteInputSchema = z
  .object({
    project: deployInputSchema.shape.project,
    from: z.string().regex(RESOURCE_NAME, 'from must be a lowercase name of letters, digits and dashes'),
    to: z.string().regex(RESOURCE_NAME, 'to must be a lowercase name of letters, digits and dashes'),
    freezeOverride: deployInputSchema.shape.freezeOverride,
  })
  .refine((input) => input.from !== input.to, { message: 'to must differ from from', path: ['to'] });
