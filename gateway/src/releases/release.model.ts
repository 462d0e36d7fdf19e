import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Release', {
  description: 'A commit that was built once, and the artifact every environment deploys.',
})
export class ReleaseModel {
  @Field()
  project!: string;

  @Field()
  commitSha!: string;

  @Field()
  commitMessage!: string;

  @Field({ description: 'sha256 of the artifact tarball.' })
  artifactDigest!: string;

  @Field({ description: 'Size of the artifact in bytes.' })
  artifactSize!: number;

  @Field(() => Date)
  createdAt!: Date;
}
