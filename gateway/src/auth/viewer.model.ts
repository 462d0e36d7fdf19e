import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Grant', {
  description: 'A role in part of Slipway; a null project or environment means every one.',
})
export class GrantModel {
  @Field()
  role!: string;

  @Field(() => String, { nullable: true })
  project!: string | null;

  @Field(() => String, { nullable: true })
  environment!: string | null;
}

@ObjectType('Viewer', { description: 'Who is calling, and what they may do.' })
export class ViewerModel {
  @Field({ description: 'user (signed in through SSO or OAuth) or token (an API token).' })
  kind!: string;

  @Field()
  name!: string;

  @Field(() => [GrantModel])
  grants!: GrantModel[];
}
