import { Field, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { z } from 'zod';
import { ProjectModel } from './project.model';

export enum VcsProviderEnum {
  github = 'github',
  gitlab = 'gitlab',
}
registerEnumType(VcsProviderEnum, { name: 'VcsProvider', description: 'Where a repository is hosted.' });

@InputType()
export class ConnectRepositoryInput {
  @Field(() => VcsProviderEnum)
  provider!: VcsProviderEnum;

  @Field({ description: 'owner/name on GitHub; the full path (group/subgroup/project) on GitLab.' })
  repository!: string;
}

@ObjectType('RepositoryConnection', {
  description: "What to enter in the repository's webhook settings. The secret is in this answer only.",
})
export class RepositoryConnectionModel {
  @Field(() => ProjectModel)
  project!: ProjectModel;

  @Field(() => String, {
    nullable: true,
    description: 'The payload URL (GitHub) or URL (GitLab); null when SLIPWAY_WEBHOOK_URL is not set.',
  })
  webhookUrl!: string | null;

  @Field({ description: 'The webhook secret (GitHub) or secret token (GitLab); stored sealed, shown once.' })
  secret!: string;
}

/** GitHub: owner/name. GitLab: one or more groups, then the project. */
const REPOSITORY_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/;

export const connectRepositoryInputSchema = z
  .object({
    provider: z.enum(['github', 'gitlab']),
    repository: z
      .string()
      .trim()
      .max(255, 'repository is longer than 255 characters')
      .regex(REPOSITORY_PATH, {
        message: 'repository must be owner/name (GitHub) or group/project (GitLab)',
      }),
  })
  .refine((input) => input.provider === 'gitlab' || input.repository.split('/').length === 2, {
    message: 'repository must be owner/name on GitHub',
    path: ['repository'],
  });
