import {
  BadRequestException,
  Injectable,
  Logger,
  UnauthorizedException,
  type ExecutionContext,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { AuthorizationError, InternalOAuthError, TokenError } from 'passport-oauth2';
import type { ExternalIdentity } from '../users.service';
import { GitHubApiError } from './github-api';
import { ReturnToError } from '../return-to';
import type { SignInStart, StateRefusal } from './github-state.store';
import { GITHUB_STRATEGY } from './github.strategy';

/** What the callback guard leaves on `request.user` for the controller. */
export interface GitHubSignIn {
  identity: ExternalIdentity;
  returnTo: string;
}

const logger = new Logger('GitHubLogin');

/** Starts a sign-in: passport-oauth2 stores the state (with `returnTo`) and redirects to GitHub. */
@Injectable()
export class GitHubLoginGuard extends AuthGuard(GITHUB_STRATEGY) {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const { query } = context.switchToHttp().getRequest<Request>();
    // With either, passport-oauth2 would finish a sign-in here instead of starting one.
    if (query.code !== undefined || query.error !== undefined) {
      throw new BadRequestException('sign-ins start here; GitHub sends them back to /auth/github/callback');
    }
    return (await super.canActivate(context)) as boolean;
  }

  override getAuthenticateOptions(): { session: false } {
    return { session: false };
  }

  /** Reached only when the start failed: a bad `returnTo`, or a fault of our own (the database). */
  override handleRequest(error: unknown): never {
    if (error instanceof ReturnToError) throw new BadRequestException(error.message);
    throw error instanceof Error ? error : new UnauthorizedException('GitHub sign-in could not start');
  }
}

/**
 * Finishes a sign-in on GitHub's redirect back. Every way it can fail (state, GitHub's answer, the
 * network) is a 401 with a short reason; the log gets the reason and never the code or a token.
 */
@Injectable()
export class GitHubCallbackGuard extends AuthGuard(GITHUB_STRATEGY) {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const { query } = context.switchToHttp().getRequest<Request>();
    // Without either, passport-oauth2 would start a new sign-in instead of finishing one.
    if (query.code === undefined && query.error === undefined) {
      throw refused('GitHub sent back no authorization code');
    }
    return (await super.canActivate(context)) as boolean;
  }

  override getAuthenticateOptions(): { session: false } {
    return { session: false };
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the base class's signature
  override handleRequest<TUser = GitHubSignIn>(error: unknown, identity: unknown, info: unknown): TUser {
    if (error) throw refused(reasonOf(error));
    if (!identity) throw refused(messageOf(info) ?? 'GitHub did not sign you in');
    const { state } = info as { state: SignInStart };
    const signIn: GitHubSignIn = { identity: identity as ExternalIdentity, returnTo: state.returnTo };
    return signIn as TUser;
  }
}

function refused(reason: string): UnauthorizedException {
  logger.warn(`GitHub sign-in refused: ${reason}`);
  return new UnauthorizedException(`GitHub sign-in failed: ${reason}`);
}

/** GitHub's and the network's failures, told without the secrets of the exchange. */
function reasonOf(error: unknown): string {
  if (error instanceof TokenError) return `GitHub refused the code (${error.code}: ${error.message})`;
  if (error instanceof AuthorizationError)
    return `GitHub refused the sign-in (${error.code}: ${error.message})`;
  if (error instanceof InternalOAuthError) {
    const cause: unknown = error.oauthError;
    return cause instanceof Error
      ? `GitHub could not be reached to exchange the code (${cause.message})`
      : `GitHub answered the code exchange with an error${statusOf(cause)}`;
  }
  if (error instanceof GitHubApiError) return error.message;
  // A fault of our own (the database, a bug): not the person's to retry, so not a 401.
  throw error;
}

function statusOf(cause: unknown): string {
  return typeof cause === 'object' &&
    cause !== null &&
    'statusCode' in cause &&
    typeof cause.statusCode === 'number'
    ? ` (HTTP ${cause.statusCode})`
    : '';
}

/** passport-oauth2 fails with `{message}` (the state refusal, or the person denying access on GitHub). */
function messageOf(info: unknown): string | null {
  const refusal = info as Partial<StateRefusal> | undefined;
  return typeof refusal?.message === 'string' && refusal.message !== '' ? refusal.message : null;
}
