import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../../config';
import { GitHubApi } from './github-api';
import { GitHubLoginController } from './github-login.controller';
import { GitHubStateStore } from './github-state.store';
import { GitHubStrategy } from './github.strategy';

/** Sign-in with GitHub (OAuth app), present only when GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET are set. */
@Module({})
export class GitHubLoginModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    if (!config.github) return { module: GitHubLoginModule };
    const { apiUrl } = config.github;
    return {
      module: GitHubLoginModule,
      controllers: [GitHubLoginController],
      providers: [
        { provide: GitHubApi, useFactory: () => new GitHubApi(apiUrl) },
        GitHubStateStore,
        GitHubStrategy,
      ],
    };
  }
}
