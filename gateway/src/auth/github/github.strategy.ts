import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as OAuth2Strategy, type StateStore } from 'passport-oauth2';
import type { oauth2tokenCallback } from 'oauth';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../common/injection-tokens';
import type { ExternalIdentity } from '../users.service';
import { GitHubApi } from './github-api';
import { GitHubStateStore } from './github-state.store';

export const GITHUB_STRATEGY = 'github';

/**
 * GitHub's OAuth authorization-code flow (passport-oauth2): to GitHub's authorize page, then the code
 * exchanged for an access token, then the person and their teams read with it. The token is used for
 * this sign-in only and never kept.
 */
@Injectable()
export class GitHubStrategy extends PassportStrategy(OAuth2Strategy, GITHUB_STRATEGY) {
  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    stateStore: GitHubStateStore,
    private readonly github: GitHubApi,
  ) {
    const { clientId, clientSecret, url } = config.github!;
    super({
      authorizationURL: `${url}/login/oauth/authorize`,
      tokenURL: `${url}/login/oauth/access_token`,
      clientID: clientId,
      clientSecret,
      callbackURL: `${config.publicUrl}/auth/github/callback`,
      scope: 'read:org user:email',
      // The store's methods take the forms passport-oauth2 chooses by arity, which its types do not list.
      store: stateStore as unknown as StateStore,
      // Capitalised: the oauth library adds its own User-Agent unless this exact key is set.
      customHeaders: { Accept: 'application/json', 'User-Agent': 'Slipway' },
    });
    this.keepGitHubTokenErrors();
  }

  validate(accessToken: string): Promise<ExternalIdentity> {
    return this.github.identity(accessToken);
  }

  /**
   * GitHub refuses a code (used, expired, wrong redirect) with 200 and `{error, error_description}`,
   * which passport-oauth2 reports only as "Failed to obtain access token". Handing it back as an error
   * response makes passport-oauth2 raise a TokenError carrying GitHub's reason.
   */
  private keepGitHubTokenErrors(): void {
    const oauth2 = this._oauth2;
    const exchange = oauth2.getOAuthAccessToken.bind(oauth2);
    oauth2.getOAuthAccessToken = (code: string, params: unknown, callback?: oauth2tokenCallback) => {
      // @types/oauth says the error is always there; at run time it is null on success.
      type ExchangeError = Parameters<oauth2tokenCallback>[0] | null;
      exchange(
        code,
        params,
        (error: ExchangeError, accessToken, refreshToken, results?: Record<string, unknown>) => {
          const refusal =
            error ??
            (!accessToken && typeof results?.error === 'string'
              ? { statusCode: 200, data: JSON.stringify(results) }
              : null);
          callback?.(refusal as Parameters<oauth2tokenCallback>[0], accessToken, refreshToken, results);
        },
      );
    };
  }
}
