import { Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from './current-principal.decorator';
import type { Principal } from './principal';
import { ViewerModel } from './viewer.model';

@Resolver(() => ViewerModel)
export class ViewerResolver {
  @Query(() => ViewerModel, {
    description: 'The caller: a signed-in person or an API token, with its grants.',
  })
  me(@CurrentPrincipal() principal: Principal): ViewerModel {
    return { kind: principal.kind, name: principal.name, grants: principal.grants };
  }
}
