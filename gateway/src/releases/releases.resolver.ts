import { ReleaseEntity } from '@slipway/db';
import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { DataSource } from 'typeorm';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { canSee, type Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import { DATA_SOURCE } from '../common/injection-tokens';
import { ReleaseModel } from './release.model';

@Resolver(() => ReleaseModel)
export class ReleasesResolver {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Query(() => [ReleaseModel], {
    description:
      'Releases of a project, newest first: what a rollback can put back. Empty for a project you may not see.',
  })
  async releases(
    @Args('project') project: string,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReleaseModel[]> {
    if (first < 1 || first > 100) {
      throw apiError('BAD_USER_INPUT', 'first must be between 1 and 100', { field: 'first' });
    }
    if (!canSee(principal, project)) return [];
    return this.dataSource.getRepository(ReleaseEntity).find({
      where: { project },
      order: { createdAt: 'DESC' },
      take: first,
    });
  }
}
