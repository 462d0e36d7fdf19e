import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { EventLogName } from '@slipway/history';

@ObjectType('BrokenLogEntry', { description: 'The first entry where the hash chain of a log does not hold.' })
export class BrokenLogEntryModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'What is wrong, e.g. "entry 43 does not follow entry 41: …".' })
  reason!: string;
}

@ObjectType('EventLogIntegrity', {
  description:
    'One append-only log checked end to end: every entry carries the hash of the one before it, so an ' +
    'entry edited, deleted or inserted behind the back of Slipway breaks the chain.',
})
export class EventLogIntegrityModel {
  @Field(() => String, { description: 'deployment_events or audit_entries.' })
  log!: EventLogName;

  @Field(() => Int, { description: 'How many entries were checked.' })
  entries!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'The hash of the last entry (hex); null when the log is empty. Kept elsewhere, it shows later whether ' +
      'entries were cut off the end, which the chain alone cannot.',
  })
  headHash!: string | null;

  @Field(() => BrokenLogEntryModel, { nullable: true, description: 'Null when the chain holds.' })
  firstBroken!: BrokenLogEntryModel | null;

  @Field({ description: 'True when the hash and the link of every entry hold.' })
  intact!: boolean;
}
