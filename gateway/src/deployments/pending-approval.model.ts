import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DeploymentModel } from './deployment.model';

@ObjectType('PendingApproval', { description: 'A deployment waiting for an approval the caller could give.' })
export class PendingApprovalModel {
  @Field(() => DeploymentModel)
  deployment!: DeploymentModel;

  @Field(() => [String], { description: 'Any of these roles may approve (admin always may).' })
  roles!: string[];

  @Field(() => Int, { description: 'Distinct people who must approve.' })
  approvers!: number;

  @Field(() => [String], { description: 'Who has approved so far.' })
  approvedBy!: string[];

  @Field(() => Date, { description: 'It expires unapproved at this moment.' })
  expiresAt!: Date;

  @Field({
    description:
      "The caller asked for it: approving works only where the environment's spec sets allowSelfApproval, " +
      'which Slipway checks when you approve.',
  })
  requestedByYou!: boolean;
}
