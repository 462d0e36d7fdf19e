import { ForbiddenException, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { requestOrigin } from './principal';
import { SessionsService } from './sessions.service';
import { NoRoleError, userName, UsersService, type ExternalIdentity } from './users.service';

/** The end of every sign-in, whichever provider vouched for the person. */
@Injectable()
export class SignInService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records the person with the roles their groups map to, opens their session, audits the sign-in and
   * sends the browser on to `returnTo`. Groups that map to no role are a 403 (SignInFailureFilter tells it).
   */
  async complete(
    request: Request,
    response: Response,
    identity: ExternalIdentity,
    returnTo: string,
  ): Promise<void> {
    const user = await this.users.signIn(identity).catch((error: unknown) => {
      throw error instanceof NoRoleError ? new ForbiddenException(error.message) : error;
    });
    await this.sessions.start(response, user.id);
    await this.audit.record([
      {
        actor: { name: userName(user), kind: 'user' },
        ...requestOrigin(request),
        action: 'signIn',
        arguments: { provider: identity.provider, groups: identity.groups },
        outcome: 'ok',
        code: null,
        message: null,
      },
    ]);
    response.redirect(303, returnTo);
  }
}
