import { Field, ObjectType } from '@nestjs/graphql';
import { DeploymentModel } from './deployment.model';

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field(() => String, {
    nullable: true,
    description: 'Pass it as `after` for the next page; null when the page is empty.',
  })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

@ObjectType('DeploymentConnection', { description: 'One page of deployments, newest first.' })
export class DeploymentConnectionModel {
  @Field(() => [DeploymentModel])
  nodes!: DeploymentModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
