import { RELEASE_DIFF_DIRECTIONS, type ReleaseDiffDirection } from '@slipway/domain';
import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export const ReleaseDiffDirectionEnum = Object.fromEntries(
  RELEASE_DIFF_DIRECTIONS.map((value) => [value, value]),
) as Record<ReleaseDiffDirection, ReleaseDiffDirection>;
registerEnumType(ReleaseDiffDirectionEnum, {
  name: 'ReleaseDiffDirection',
  description: 'How the release going out relates to the one running in the environment.',
  valuesMap: {
    FIRST: { description: 'Nothing ran there before: the commits are the one going out.' },
    FORWARD: { description: 'It builds on the running release: the commits are the ones it adds.' },
    BACKWARD: { description: 'An earlier release (a rollback): the commits are the ones it takes away.' },
    DIVERGED: {
      description:
        'Neither contains the other (a force push, another branch): the commits are the ones it adds; ' +
        'what only the running release has goes away too.',
    },
  },
});

@ObjectType('ReleaseDiffCommit')
export class ReleaseDiffCommitModel {
  @Field()
  sha!: string;

  @Field({ description: 'The first line of the commit message.' })
  message!: string;

  @Field({ description: 'Name <email>.' })
  author!: string;

  @Field(() => Date)
  committedAt!: Date;

  @Field(() => Int, {
    nullable: true,
    description: 'The pull request (GitHub) or merge request (GitLab) it came from, as its messages name it.',
  })
  pullRequest!: number | null;
}

@ObjectType('ReleaseDiff', {
  description: 'The commits between the release running in the environment and the one a deployment brings.',
})
export class ReleaseDiffModel {
  @Field(() => String, {
    nullable: true,
    description: 'The commit the environment ran when the diff was taken; null for its first deployment.',
  })
  from!: string | null;

  @Field(() => ReleaseDiffDirectionEnum)
  direction!: ReleaseDiffDirection;

  @Field({ description: 'More commits differ than are listed; the newest are listed.' })
  truncated!: boolean;

  @Field(() => [ReleaseDiffCommitModel], { description: 'Newest first.' })
  commits!: ReleaseDiffCommitModel[];
}
