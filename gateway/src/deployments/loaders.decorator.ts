import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from '../auth/principal';
import type { DeploymentLoaders } from './deployment-loaders';

/** The operation's batched reads, as the GraphQL context factory built them. */
export const Loaders = createParamDecorator((_: unknown, context: ExecutionContext): DeploymentLoaders => {
  return GqlExecutionContext.create(context).getContext<RequestContext>().loaders;
});
