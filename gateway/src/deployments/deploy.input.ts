import { Field, InputType } from '@nestjs/graphql';
import { z } from 'zod';

@InputType()
export class DeployInput {
  @Field()
  project!: string;

  @Field()
  environment!: string;

  @Field({ description: 'A branch, a tag or a commit sha.' })
  ref!: string;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const deployInputSchema = z.object({
  project: z.string().regex(NAME, 'project must be a lowercase name of letters, digits and dashes'),
  environment: z.string().regex(NAME, 'environment must be a lowercase name of letters, digits and dashes'),
  ref: z
    .string()
    .min(1, 'ref must name a branch, tag or commit')
    .max(255, 'ref is longer than 255 characters')
    .regex(/^(?!-)(?!.*\.\.)[\w./-]+$/, 'ref must be a branch, tag or commit sha'),
});
