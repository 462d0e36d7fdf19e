import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum AuditOutcomeEnum {
  ok = 'ok',
  denied = 'denied',
  failed = 'failed',
}
registerEnumType(AuditOutcomeEnum, {
  name: 'AuditOutcome',
  description: 'ok: done; denied: not signed in or not allowed; failed: refused or broke for another reason.',
});

@ObjectType('AuditEntry', { description: 'One mutation or sign-in someone attempted.' })
export class AuditEntryModel {
  @Field(() => ID, { description: 'Increases with time; page after it.' })
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { nullable: true, description: 'Who: a user or token name; null if unknown.' })
  actor!: string | null;

  @Field(() => String, { nullable: true, description: 'user or token.' })
  actorKind!: string | null;

  @Field(() => String, { nullable: true, description: 'The address the request came from.' })
  ip!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The User-Agent header of the request, cut to 300 characters; null when none was sent (Slack).',
  })
  userAgent!: string | null;

  @Field({ description: 'The mutation, e.g. deploy, or signIn.' })
  action!: string;

  @Field({ description: 'Its arguments as JSON, secrets redacted.' })
  arguments!: string;

  @Field(() => AuditOutcomeEnum)
  outcome!: string;

  @Field(() => String, { nullable: true, description: 'The error code when it was not ok.' })
  code!: string | null;

  @Field(() => String, { nullable: true })
  message!: string | null;
}

@InputType()
export class AuditFilterInput {
  @Field(() => String, { nullable: true })
  actor?: string | null;

  @Field(() => String, { nullable: true })
  action?: string | null;

  @Field(() => AuditOutcomeEnum, { nullable: true })
  outcome?: AuditOutcomeEnum | null;

  @Field(() => Date, { nullable: true })
  since?: Date | null;

  @Field(() => Date, { nullable: true })
  until?: Date | null;
}
