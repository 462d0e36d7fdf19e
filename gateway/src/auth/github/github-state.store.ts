import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Metadata, StateStoreStoreCallback, StateStoreVerifyCallback } from 'passport-oauth2';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../common/injection-tokens';
import { LoginRequestsService } from '../login-requests.service';
import { ReturnToError, returnToPath } from '../return-to';

/** Binds a sign-in to the browser that started it. */
export const STATE_COOKIE = 'slipway_github_state';
const STATE_PATH = '/auth/github';
const STATE_KIND = 'github-state';
const STATE_TTL_MS = 10 * 60_000;
const STATE_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** What a sign-in keeps from its start to its callback. */
export interface SignInStart {
  returnTo: string;
}

/** Why a callback was refused, shown to the person. */
export interface StateRefusal {
  message: string;
}

/**
 * The OAuth `state` of GitHub sign-ins (passport-oauth2's custom store). A random value, kept single-use
 * in PostgreSQL for ten minutes with where to return, and set in an httpOnly SameSite=Lax cookie of the
 * browser that started. A callback must bring both: the cookie refuses a code another browser obtained
 * (login CSRF: an attacker signing a victim into the attacker's account), the database refuses replays.
 */
@Injectable()
export class GitHubStateStore {
  constructor(
    private readonly loginRequests: LoginRequestsService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Three parameters: passport-oauth2 reads the arity to choose how to call. */
  store(request: Request, _meta: Metadata, done: StateStoreStoreCallback): void {
    this.begin(request).then(
      (state) => done(null, state),
      (error: unknown) => done(error as Error, undefined),
    );
  }

  /** Four parameters: passport-oauth2 reads the arity. `ok` false fails the sign-in with the refusal. */
  verify(request: Request, state: unknown, _meta: Metadata, done: StateStoreVerifyCallback): void {
    this.finish(request, state).then(
      (outcome) => ('returnTo' in outcome ? done(null, true, outcome) : done(null, false, outcome)),
      (error: unknown) => done(error as Error, false, undefined),
    );
  }

  private async begin(request: Request): Promise<string> {
    const returnTo = returnToPath(request.query.returnTo);
    if (returnTo === null) throw new ReturnToError();
    const start: SignInStart = { returnTo };
    const state = randomBytes(32).toString('base64url');
    await this.loginRequests.remember(STATE_KIND, state, STATE_TTL_MS, JSON.stringify(start));
    // Express links each request to its response; the store is only handed the request.
    response(request).cookie(STATE_COOKIE, state, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.secureCookies,
      path: STATE_PATH,
      maxAge: STATE_TTL_MS,
    });
    return state;
  }

  private async finish(request: Request, state: unknown): Promise<SignInStart | StateRefusal> {
    // One attempt per start, whatever its outcome.
    response(request).clearCookie(STATE_COOKIE, { path: STATE_PATH });
    const bound = cookie(request.headers.cookie, STATE_COOKIE);
    if (typeof state !== 'string' || !STATE_FORMAT.test(state)) {
      return { message: 'GitHub sent back no valid sign-in state; start the sign-in again' };
    }
    if (bound === null) {
      return { message: 'this sign-in was not started in this browser; start the sign-in again' };
    }
    if (!constantTimeEqual(bound, state)) {
      return { message: "the sign-in state does not match this browser's; start the sign-in again" };
    }
    const saved = await this.loginRequests.take(STATE_KIND, state);
    if (saved === null) {
      return { message: 'this sign-in has expired or was already used; start the sign-in again' };
    }
    return JSON.parse(saved) as SignInStart;
  }
}

function response(request: Request): NonNullable<Request['res']> {
  if (!request.res) throw new Error('the request has no response to set the sign-in cookie on');
  return request.res;
}

function cookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

function constantTimeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
