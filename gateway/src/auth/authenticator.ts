import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../common/injection-tokens';
import { ApiTokensService } from './api-tokens.service';
import { requestOrigin, type Caller } from './principal';
import { CSRF_HEADER, SessionsService } from './sessions.service';

/**
 * The one place a caller is identified, over HTTP and over the WebSocket handshake alike: an
 * `Authorization: Bearer` API token first, else the session cookie of a browser that signed in.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly sessions: SessionsService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async http(request: IncomingMessage): Promise<Caller> {
    const origin = requestOrigin(request);
    if (request.headers.authorization !== undefined) {
      const principal = await this.tokens.authenticate(request.headers.authorization);
      return { principal, ...origin, csrfVerified: principal !== null };
    }
    const session = await this.sessions.authenticate(request.headers.cookie, request.headers[CSRF_HEADER]);
    return {
      principal: session?.principal ?? null,
      ...origin,
      csrfVerified: session?.csrfVerified ?? false,
    };
  }

  /**
   * A WebSocket connection: the token in the connection params, or the session cookie of the upgrade
   * request, accepted only from the console's own origin (another site's page cannot ride the cookie).
   */
  async webSocket(
    connectionParams: Record<string, unknown> | undefined,
    request: IncomingMessage,
  ): Promise<Caller> {
    const origin = requestOrigin(request);
    if (connectionParams?.authorization !== undefined) {
      const principal = await this.tokens.authenticate(connectionParams.authorization);
      return { principal, ...origin, csrfVerified: principal !== null };
    }
    if (request.headers.origin !== this.config.publicUrl) {
      return { principal: null, ...origin, csrfVerified: false };
    }
    const session = await this.sessions.authenticate(request.headers.cookie, undefined);
    return { principal: session?.principal ?? null, ...origin, csrfVerified: session !== null };
  }
}
