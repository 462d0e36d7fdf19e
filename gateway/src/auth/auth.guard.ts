import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { apiError } from '../common/errors';
import type { Role, RequestContext } from './principal';
import { REQUIRED_ROLES } from './roles.decorator';

/** Global: every resolver needs an authenticated caller, and the roles it declares. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const { principal } = GqlExecutionContext.create(context).getContext<RequestContext>();
    if (!principal) {
      throw apiError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <API token>.');
    }
    const required =
      this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    if (required.length === 0 || principal.roles.includes('admin')) return true;
    if (required.some((role) => principal.roles.includes(role))) return true;
    throw apiError('FORBIDDEN', `This needs one of the roles: ${required.join(', ')}.`);
  }
}
