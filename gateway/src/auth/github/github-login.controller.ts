import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SignInFailureFilter } from '../sign-in-failure.filter';
import { SignInService } from '../sign-in.service';
import { GitHubCallbackGuard, GitHubLoginGuard, type GitHubSignIn } from './github-login.guards';

/** Sign in with GitHub: the browser is sent to GitHub, and comes back with a code. */
@Controller('auth/github')
@UseFilters(SignInFailureFilter)
export class GitHubLoginController {
  constructor(private readonly signIn: SignInService) {}

  @Get('login')
  @UseGuards(GitHubLoginGuard)
  login(): void {
    // Never reached: the guard has already redirected the browser to GitHub.
  }

  /** Signs the person in with the roles their teams map to, then sends them where they were going. */
  @Get('callback')
  @UseGuards(GitHubCallbackGuard)
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { identity, returnTo } = request.user as GitHubSignIn;
    await this.signIn.complete(request, response, identity, returnTo);
  }
}
