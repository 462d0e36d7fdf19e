import { NOTIFICATION_EVENTS } from '@slipway/domain';
import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export const NotificationEventEnum = Object.fromEntries(NOTIFICATION_EVENTS.map((event) => [event, event]));
registerEnumType(NotificationEventEnum, {
  name: 'NotificationEvent',
  description: 'Something about a deployment a person can ask to hear.',
});

@ObjectType('NotificationSettings', {
  description: 'Who hears what about a project: in one environment, or in every environment without its own.',
})
export class NotificationSettingsModel {
  @Field()
  project!: string;

  @Field(() => String, {
    nullable: true,
    description: 'null: every environment without settings of its own.',
  })
  environment!: string | null;

  @Field(() => [NotificationEventEnum])
  events!: string[];

  @Field(() => [String], { description: 'Channels such as #deploys, or Slack channel ids.' })
  slackChannels!: string[];

  @Field(() => [String])
  emailRecipients!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Emails are gathered and sent as one digest every so many minutes; null sends each at once.',
  })
  emailDigestMinutes!: number | null;

  @Field({ description: "The authors of a release's commits hear when it reaches the environment." })
  notifyAuthors!: boolean;

  @Field()
  updatedBy!: string;

  @Field(() => Date)
  updatedAt!: Date;
}

@InputType()
export class NotificationSettingsInput {
  @Field()
  project!: string;

  @Field(() => String, { nullable: true, description: 'Leave out for every environment of the project.' })
  environment?: string | null;

  @Field(() => [NotificationEventEnum], {
    nullable: true,
    description: 'Leave out for the defaults: failures, rollbacks and approvals; successes stay quiet.',
  })
  events?: string[] | null;

  @Field(() => [String], { defaultValue: [] })
  slackChannels!: string[];

  @Field(() => [String], { defaultValue: [] })
  emailRecipients!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Send emails as one digest every so many minutes (1–1440), for noisy environments.',
  })
  emailDigestMinutes?: number | null;

  @Field({ defaultValue: false, description: "Tell the authors of a release's commits when it arrives." })
  notifyAuthors!: boolean;
}
