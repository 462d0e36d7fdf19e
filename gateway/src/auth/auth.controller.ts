import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../common/injection-tokens';
import { SessionsService } from './sessions.service';

/** What the sign-in page needs, and signing out. */
@Controller('auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** The sign-in buttons to show: public, it says only which providers are configured. */
  @Get('providers')
  providers(): { saml: string | null; github: string | null } {
    return {
      saml: this.config.saml ? '/auth/saml/login' : null,
      github: this.config.github ? '/auth/github/login' : null,
    };
  }

  /** Ends the browser's session. SameSite=Lax keeps another site's form from posting here with the cookie. */
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.sessions.end(request.headers.cookie, response);
  }
}
