import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { NotificationSettingsInput, NotificationSettingsModel } from './notification-settings.model';
import { NotificationSettingsService } from './notification-settings.service';
import { NotificationDeliveryModel } from './notification-delivery.model';
import { NotificationDeliveriesService } from './notification-deliveries.service';

@Resolver(() => NotificationSettingsModel)
export class NotificationSettingsResolver {
  constructor(
    private readonly settings: NotificationSettingsService,
    private readonly deliveries: NotificationDeliveriesService,
  ) {}

  @Query(() => [NotificationDeliveryModel], {
    description:
      "The notification delivery log of a project, newest first: what was sent where, when, each attempt and the provider's answers.",
  })
  notificationDeliveries(
    @Args('project') project: string,
    @Args('deploymentId', { type: () => ID, nullable: true }) deploymentId: string | null | undefined,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NotificationDeliveryModel[]> {
    return this.deliveries.list(project, deploymentId ?? null, first, principal);
  }

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
