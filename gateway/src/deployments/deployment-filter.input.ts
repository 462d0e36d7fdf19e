import { DEPLOYMENT_STATUSES, type DeploymentStatus } from '@slipway/domain';
import { Field, InputType } from '@nestjs/graphql';
import { z } from 'zod';
import { RESOURCE_NAME } from '../common/validation';
import { DeploymentStatusEnum } from './deployment.model';

@InputType({ description: 'Which deployments to list; every field left out matches all.' })
export class DeploymentFilter {
  @Field(() => String, { nullable: true })
  project?: string | null;

  @Field(() => String, { nullable: true })
  environment?: string | null;

  @Field(() => [DeploymentStatusEnum], { nullable: true, description: 'Any of these statuses.' })
  status?: DeploymentStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Who asked for them.' })
  actor?: string | null;

  @Field(() => Date, { nullable: true, description: 'Queued at or after this moment.' })
  queuedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Queued before this moment.' })
  queuedTo?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "The start of the commit's sha: 4 to 40 hex characters, in either case.",
  })
  commit?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Words of the commit message or the failure reason, as typed in a web search: "quoted phrase", ' +
      'or, -excluded. Words match whole and as written (no stemming): "deploy" does not find "deploying".',
  })
  search?: string | null;
}

const name = (field: string) =>
  z.string().regex(RESOURCE_NAME, `${field} must be a lowercase name of letters, digits and dashes`);

export const deploymentFilterSchema = z
  .object({
    project: name('project').nullish(),
    environment: name('environment').nullish(),
    status: z
      .array(z.enum(DEPLOYMENT_STATUSES))
      .min(1, 'status must name at least one status; leave it out for all')
      .nullish(),
    actor: z
      .string()
      .trim()
      .min(1, 'actor must not be empty')
      .max(200, 'actor is longer than 200 characters')
      .nullish(),
    queuedFrom: z.date().nullish(),
    queuedTo: z.date().nullish(),
    commit: z
      .string()
      .regex(/^[0-9a-fA-F]{4,40}$/, 'commit must be 4 to 40 hex characters')
      .nullish(),
    search: z
      .string()
      .trim()
      .min(1, 'search must be 1 to 200 characters')
      .max(200, 'search must be 1 to 200 characters')
      .nullish(),
  })
  .refine((filter) => !filter.queuedFrom || !filter.queuedTo || filter.queuedFrom < filter.queuedTo, {
    message: 'queuedTo must be later than queuedFrom',
    path: ['queuedTo'],
  });

export type CheckedDeploymentFilter = z.output<typeof deploymentFilterSchema>;
