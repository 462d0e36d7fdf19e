import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Principal, RequestContext } from './principal';

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const { principal } = GqlExecutionContext.create(context).getContext<RequestContext>();
  if (!principal) throw new Error('CurrentPrincipal used on a resolver the AuthGuard did not protect');
  return principal;
});
