import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('NotificationDeliveryAttempt', {
  description: 'One try at a delivery, and what the provider answered.',
})
export class NotificationDeliveryAttemptModel {
  @Field(() => Int)
  attempt!: number;

  @Field(() => Date)
  at!: Date;

  @Field({ description: 'SENT, ALREADY_SENT (a retry that found it sent), RETRYING or FAILED.' })
  outcome!: string;

  @Field()
  response!: string;
}

@ObjectType('NotificationDelivery', {
  description: 'A message meant for one place (a Slack channel, email addresses), with every attempt at it.',
})
export class NotificationDeliveryModel {
  @Field(() => ID, { nullable: true, description: 'null for a digest, which tells of several deployments.' })
  deploymentId!: string | null;

  @Field()
  project!: string;

  @Field(() => String, { nullable: true })
  environment!: string | null;

  @Field({
    description:
      'The notification event (FAILED, APPROVAL_REQUIRED…), or UPDATE (a Slack message rewritten), FAILURE_DETAILS (its thread reply), ARRIVAL (to a commit author), DIGEST.',
  })
  kind!: string;

  @Field({ description: 'slack or email.' })
  channel!: string;

  @Field({ description: 'The Slack channel or user, or the email addresses.' })
  target!: string;

  @Field({ description: 'SENDING (being tried), SENT or FAILED (given up).' })
  state!: string;

  @Field(() => String, { nullable: true, description: "The provider's last answer." })
  response!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => [NotificationDeliveryAttemptModel], { description: 'Oldest first.' })
  attempts!: NotificationDeliveryAttemptModel[];
}
