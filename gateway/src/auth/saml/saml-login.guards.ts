import {
  BadRequestException,
  Injectable,
  Logger,
  UnauthorizedException,
  type ExecutionContext,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import type { ExternalIdentity } from '../users.service';
import { ReturnToError, returnToPath } from '../return-to';
import { refusalReason } from './saml-refusal';
import { LoginStoreError } from './saml-request-cache';
import { SAML_STRATEGY } from './saml.strategy';

const logger = new Logger('SamlLogin');

/** What passport-saml's authenticate takes: never a session; optional query parameters for the IdP. */
interface AuthenticateOptions {
  session: false;
  additionalParams?: Record<string, string>;
}

/** Starts a sign-in: node-saml records the AuthnRequest id and redirects to the IdP, `returnTo` in RelayState. */
@Injectable()
export class SamlLoginGuard extends AuthGuard(SAML_STRATEGY) {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // With either, passport-saml would read a logout message here instead of starting a sign-in.
    if (carriesSamlMessage(context.switchToHttp().getRequest<Request>().query)) {
      throw new BadRequestException('sign-ins start here; the IdP posts its response to /auth/saml/acs');
    }
    if (returnToPath(context.switchToHttp().getRequest<Request>().query.returnTo) === null) {
      throw new BadRequestException(new ReturnToError().message);
    }
    return (await super.canActivate(context)) as boolean;
  }

  override getAuthenticateOptions(context: ExecutionContext): AuthenticateOptions {
    const { query } = context.switchToHttp().getRequest<Request>();
    return { session: false, additionalParams: { RelayState: returnToPath(query.returnTo) ?? '/' } };
  }
}

/**
 * Finishes a sign-in with the IdP's POSTed response. Every invalid response is a 401 with a short
 * reason; the log gets the reason and never the response or its assertion.
 */
@Injectable()
export class SamlResponseGuard extends AuthGuard(SAML_STRATEGY) {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const body: unknown = request.body;
    const response =
      typeof body === 'object' && body !== null && 'SAMLResponse' in body ? body.SAMLResponse : null;
    // Without it passport-saml would start a new sign-in, or read a logout message from the query.
    if (typeof response !== 'string' || response === '' || carriesSamlMessage(request.query)) {
      throw refused('the request carries no SAMLResponse form field');
    }
    return (await super.canActivate(context)) as boolean;
  }

  override getAuthenticateOptions(): AuthenticateOptions {
    return { session: false };
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- AuthGuard's signature
  override handleRequest<TUser = ExternalIdentity>(error: unknown, identity: unknown): TUser {
    // A fault of our own (the database): not the person's to retry, so not a 401.
    if (error instanceof LoginStoreError) throw error;
    if (error)
      throw refused(refusalReason(error instanceof Error ? error : new Error('the response is not valid')));
    if (!identity) throw refused('the identity provider signed no one in');
    return identity as TUser;
  }
}

function carriesSamlMessage(query: Request['query']): boolean {
  return query.SAMLResponse !== undefined || query.SAMLRequest !== undefined;
}

function refused(reason: string): UnauthorizedException {
  logger.warn(`SAML sign-in refused: ${reason}`);
  return new UnauthorizedException(`SAML sign-in refused: ${reason}`);
}
