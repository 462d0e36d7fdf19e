import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { NotificationSettingsInput, NotificationSettingsModel } from './notification-settings.model';
import { NotificationSettingsService } from './notification-settings.service';

@Resolver(() => NotificationSettingsModel)
export class NotificationSettingsResolver {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Query(() => [NotificationSettingsModel], { description: "A project's notification settings." })
  notificationSettings(
    @Args('project') project: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NotificationSettingsModel[]> {
    return this.settings.list(project, principal);
  }

  @Mutation(() => NotificationSettingsModel, {
    description: 'Sets who hears what about a project (in one environment, or all); replaces what was there.',
  })
  @RequireRoles('admin')
  setNotificationSettings(
    @Args('input') input: NotificationSettingsInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NotificationSettingsModel> {
    return this.settings.save(input, principal);
  }

  @Mutation(() => Boolean, { description: 'Removes settings; the defaults of the level above apply again.' })
  @RequireRoles('admin')
  deleteNotificationSettings(
    @Args('project') project: string,
    @Args('environment', { type: () => String, nullable: true }) environment: string | null | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<boolean> {
    return this.settings.remove(project, environment ?? null, principal);
  }
}
