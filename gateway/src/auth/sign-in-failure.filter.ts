import {
  Catch,
  HttpException,
  Injectable,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { requestOrigin } from './principal';
import { accessDeniedLocation, isBrowserNavigation } from './sign-in-failure';

const logger = new Logger('SignIn');

/**
 * A sign-in ends in a browser tab, not in a script: its failures are a status and one plain sentence,
 * and each is audited. Faults of our own are logged in full and shown as a 500 without internals. A
 * browser opening the page is sent on to the console's access-denied page, which explains the reason's
 * code in its own words; the sentence itself stays in the audit log (and the log, where it was written).
 */
@Catch()
@Injectable()
export class SignInFailureFilter implements ExceptionFilter {
  constructor(private readonly audit: AuditService) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    // The text may quote what a provider claimed (an issuer, an audience): never let it be read as HTML.
    response.setHeader('x-content-type-options', 'nosniff');
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    const message =
      exception instanceof HttpException ? exception.message : 'Sign-in failed on our side; try again later';
    if (!(exception instanceof HttpException)) {
      logger.error(`sign-in failed on our side: ${String(exception)}`, (exception as Error | null)?.stack);
    }
    await this.audit
      .record([
        {
          actor: null,
          ...requestOrigin(request),
          action: 'signIn',
          arguments: { provider: /\/auth\/(\w+)/.exec(request.path)?.[1] ?? 'unknown' },
          outcome: status === 401 || status === 403 ? 'denied' : 'failed',
          code: status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : `HTTP_${status}`,
          message,
        },
      ])
      .catch((error: unknown) => logger.error(`could not audit a failed sign-in: ${String(error)}`));
    if (isBrowserNavigation(request.headers.accept)) {
      response.redirect(303, accessDeniedLocation(status));
    } else {
      response.status(status).type('text/plain').send(message);
    }
  }
}
