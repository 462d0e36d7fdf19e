import { Body, Controller, Get, Header, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { returnToPath } from '../return-to';
import { SignInFailureFilter } from '../sign-in-failure.filter';
import { SignInService } from '../sign-in.service';
import type { ExternalIdentity } from '../users.service';
import { SamlLoginGuard, SamlResponseGuard } from './saml-login.guards';
import { SamlStrategy } from './saml.strategy';

/** Sign in with a SAML 2.0 identity provider: redirect binding out, POST binding back. */
@Controller('auth/saml')
@UseFilters(SignInFailureFilter)
export class SamlController {
  constructor(
    private readonly strategy: SamlStrategy,
    private readonly signIn: SignInService,
  ) {}

  /** What an IdP administrator registers: our entity id, ACS URL, and that assertions must be signed. */
  @Get('metadata')
  @Header('content-type', 'application/samlmetadata+xml; charset=utf-8')
  metadata(): string {
    return this.strategy.generateServiceProviderMetadata(null);
  }

  @Get('login')
  @UseGuards(SamlLoginGuard)
  login(): void {
    // Never reached: the guard has already redirected the browser to the IdP.
  }

  /** Signs the person in with the roles their groups map to, then sends them where they were going. */
  @Post('acs')
  @UseGuards(SamlResponseGuard)
  async acs(
    @Req() request: Request,
    @Body() body: { RelayState?: unknown },
    @Res() response: Response,
  ): Promise<void> {
    // RelayState made a round trip through the IdP: checked again, and home if it changed into anything else.
    const returnTo = returnToPath(body.RelayState) ?? '/';
    await this.signIn.complete(request, response, request.user as ExternalIdentity, returnTo);
  }
}
