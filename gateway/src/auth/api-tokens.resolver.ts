import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ApiTokenModel, CreateApiTokenInput, CreatedApiTokenModel } from './api-token.model';
import { ApiTokensService } from './api-tokens.service';
import { RequireRoles } from './roles.decorator';

@Resolver(() => ApiTokenModel)
@RequireRoles('admin')
export class ApiTokensResolver {
  constructor(private readonly tokens: ApiTokensService) {}

  @Query(() => [ApiTokenModel], { description: 'Every API token, newest first (never the secrets).' })
  apiTokens(): Promise<ApiTokenModel[]> {
    return this.tokens.list();
  }

  @Mutation(() => CreatedApiTokenModel, {
    description: 'A new API token; the secret is in this answer only.',
  })
  createApiToken(@Args('input') input: CreateApiTokenInput): Promise<CreatedApiTokenModel> {
    return this.tokens.create(input);
  }

  @Mutation(() => ApiTokenModel, { description: 'Stops a token from working, at once and for good.' })
  revokeApiToken(@Args('id', { type: () => ID }) id: string): Promise<ApiTokenModel> {
    return this.tokens.revoke(id);
  }
}
