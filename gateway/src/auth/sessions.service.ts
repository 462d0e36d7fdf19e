import { SessionEntity } from '@slipway/db';
import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { GatewayConfig } from '../config';
import { DATA_SOURCE, GATEWAY_CONFIG } from '../common/injection-tokens';
import type { Principal } from './principal';
import { userPrincipal } from './users.service';

export const SESSION_COOKIE = 'slipway_session';
/** Readable by the console's scripts, which echo it in the CSRF header; useless to another site. */
export const CSRF_COOKIE = 'slipway_csrf';
export const CSRF_HEADER = 'x-slipway-csrf';

const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Browser sessions after an SSO or OAuth login: a random token in an httpOnly, SameSite=Lax cookie
 * (Secure over TLS), stored as its SHA-256. The CSRF token is derived from the session token, so it
 * needs no storage and changes with every session.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Opens a session for the user and sets its cookies on the response. */
  async start(response: Response, userId: string): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    const maxAge = this.config.SESSION_TTL_HOURS * 3_600_000;
    await this.dataSource.getRepository(SessionEntity).insert({
      tokenHash: hash(token),
      userId,
      expiresAt: new Date(Date.now() + maxAge),
    });
    const common = { secure: this.config.secureCookies, path: '/', maxAge };
    response.cookie(SESSION_COOKIE, token, { ...common, httpOnly: true, sameSite: 'lax' });
    response.cookie(CSRF_COOKIE, csrfToken(token), { ...common, httpOnly: false, sameSite: 'strict' });
  }

  /** Ends the session of this cookie header, if any, and clears the cookies. */
  async end(cookieHeader: string | undefined, response: Response): Promise<void> {
    const token = sessionToken(cookieHeader);
    if (token) {
      await this.dataSource
        .getRepository(SessionEntity)
        .update({ tokenHash: hash(token) }, { revokedAt: new Date() });
    }
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  /** The signed-in user behind a Cookie header, and whether `csrf` is this session's CSRF token. */
  async authenticate(
    cookieHeader: string | undefined,
    csrf: unknown,
  ): Promise<{ principal: Principal; csrfVerified: boolean } | null> {
    const token = sessionToken(cookieHeader);
    if (!token) return null;
    const session = await this.dataSource
      .getRepository(SessionEntity)
      .findOne({ where: { tokenHash: hash(token) }, relations: { user: true } });
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return null;
    const { user } = session;
    return {
      principal: userPrincipal(user, 'session'),
      csrfVerified: typeof csrf === 'string' && constantTimeEqual(csrf, csrfToken(token)),
    };
  }
}

function hash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function csrfToken(sessionToken: string): string {
  return createHash('sha256').update(`slipway-csrf:${sessionToken}`).digest('base64url');
}

function constantTimeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The session token in a Cookie header, if well-formed. */
function sessionToken(cookieHeader: string | undefined): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      const token = value.join('=');
      return SESSION_TOKEN.test(token) ? token : null;
    }
  }
  return null;
}
