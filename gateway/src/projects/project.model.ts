import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Project')
export class ProjectModel {
  @Field()
  name!: string;

  @Field({ description: 'Where Slipway clones it from: a git URL or an absolute path on the runner.' })
  repositoryUrl!: string;

  @Field({ description: 'Where its pipeline spec sits in the repository.' })
  specPath!: string;
}
