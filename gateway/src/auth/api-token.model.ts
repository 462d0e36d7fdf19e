import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ApiToken', {
  description: 'A token for the CLI and CI. The token itself is shown once, at creation.',
})
export class ApiTokenModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => [String])
  roles!: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'The projects it may touch; null for every project.',
  })
  projects!: string[] | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;
}

@ObjectType('CreatedApiToken')
export class CreatedApiTokenModel {
  @Field({ description: 'The secret: shown this once, stored only as its SHA-256.' })
  token!: string;

  @Field(() => ApiTokenModel)
  apiToken!: ApiTokenModel;
}

@InputType()
export class CreateApiTokenInput {
  @Field({ description: 'Says who or what uses it, such as "ci-deploy".' })
  name!: string;

  @Field(() => [String], { description: 'Any of admin, deployer, viewer.' })
  roles!: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Limits it to these projects; none: every project, present and future.',
  })
  projects?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Days until it stops working; none: until revoked.' })
  expiresInDays?: number | null;
}
