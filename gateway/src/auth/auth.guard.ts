import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { OperationTypeNode, type GraphQLResolveInfo } from 'graphql';
import { apiError } from '../common/errors';
import { holds, type RequestContext, type Role } from './principal';
import { REQUIRED_ROLES } from './roles.decorator';
import { CSRF_HEADER } from './sessions.service';

/**
 * Global: every resolver needs an authenticated caller holding one of the roles it declares somewhere
 * (each service then checks the project and environment the action lands in). A browser's mutation
 * must carry its session's CSRF token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const graphql = GqlExecutionContext.create(context);
    const { principal, csrfVerified } = graphql.getContext<RequestContext>();
    if (!principal) {
      throw apiError('UNAUTHENTICATED', 'Sign in first, or send Authorization: Bearer <API token>.');
    }
    if (
      graphql.getInfo<GraphQLResolveInfo>().operation.operation === OperationTypeNode.MUTATION &&
      !csrfVerified
    ) {
      throw apiError('FORBIDDEN', `A signed-in browser's mutation must send its ${CSRF_HEADER} header.`);
    }
    const required =
      this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    if (holds(principal, required)) return true;
    throw apiError('FORBIDDEN', `This needs one of the roles: ${required.join(', ')}.`, { roles: required });
  }
}
