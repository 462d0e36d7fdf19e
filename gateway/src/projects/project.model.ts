import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Project')
export class ProjectModel {
  @Field()
  name!: string;

  @Field({ description: 'Where Slipway clones it from: a git URL or an absolute path on the runner.' })
  repositoryUrl!: string;

  @Field({ description: 'Where its pipeline spec sits in the repository.' })
  specPath!: string;

  @Field(() => String, { nullable: true, description: 'github or gitlab, once a repository is connected.' })
  vcsProvider!: string | null;

  @Field(() => String, { nullable: true, description: 'The connected repository, as its webhooks name it.' })
  vcsRepository!: string | null;
}
