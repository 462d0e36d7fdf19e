import { NotificationSettingsEntity, ProjectEntity } from '@slipway/db';
import {
  DEFAULT_NOTIFICATION_EVENTS,
  EMAIL_ADDRESS,
  NOTIFICATION_EVENTS,
  SLACK_CHANNEL,
} from '@slipway/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { authorize, canSee, type Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import { DATA_SOURCE } from '../common/injection-tokens';
import { RESOURCE_NAME, validated } from '../common/validation';
import type { NotificationSettingsInput, NotificationSettingsModel } from './notification-settings.model';

/** Stored for "every environment" (a primary key cannot be null). */
const EVERY_ENVIRONMENT = '*';

const name = (field: string) =>
  z.string().regex(RESOURCE_NAME, `${field} must be a lowercase name of letters, digits and dashes`);

const inputSchema = z
  .object({
    project: name('project'),
    environment: name('environment').nullish(),
    events: z.array(z.enum(NOTIFICATION_EVENTS)).nullish(),
    slackChannels: z
      .array(
        z
          .string()
          .trim()
          .regex(SLACK_CHANNEL, 'slackChannels must be channels such as #deploys or C024BE91L'),
      )
      .max(20, 'slackChannels holds at most 20 channels'),
    emailRecipients: z
      .array(z.string().trim().toLowerCase().regex(EMAIL_ADDRESS, 'emailRecipients must be email addresses'))
      .max(50, 'emailRecipients holds at most 50 addresses'),
    emailDigestMinutes: z
      .number()
      .int('emailDigestMinutes must be a whole number of minutes')
      .min(1, 'emailDigestMinutes must be between 1 and 1440 (a day)')
      .max(1440, 'emailDigestMinutes must be between 1 and 1440 (a day)')
      .nullish(),
    notifyAuthors: z.boolean(),
  })
  .refine(
    (input) =>
      input.emailDigestMinutes === null ||
      input.emailDigestMinutes === undefined ||
      input.emailRecipients.length > 0,
    {
      message: 'emailDigestMinutes needs emailRecipients to send the digest to',
      path: ['emailDigestMinutes'],
    },
  )
  .refine((input) => input.slackChannels.length + input.emailRecipients.length > 0 || input.notifyAuthors, {
    message:
      'name at least one Slack channel or email recipient, or tell the authors (delete the settings to stop notifications)',
    path: ['slackChannels'],
  });

/** Notification routing per project and environment; the notifications service reads it. */
@Injectable()
export class NotificationSettingsService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async list(project: string, principal: Principal): Promise<NotificationSettingsModel[]> {
    await this.existingProject(project, principal);
    const rows = await this.dataSource
      .getRepository(NotificationSettingsEntity)
      .find({ where: { project }, order: { environment: 'ASC' } });
    return rows.map(toModel);
  }

  async save(input: NotificationSettingsInput, principal: Principal): Promise<NotificationSettingsModel> {
    const {
      project,
      environment,
      events,
      slackChannels,
      emailRecipients,
      emailDigestMinutes,
      notifyAuthors,
    } = validated(inputSchema, input);
    authorize(principal, ['admin'], { project, ...(environment ? { environment } : {}) });
    await this.existingProject(project, principal);
    const repository = this.dataSource.getRepository(NotificationSettingsEntity);
    const key = { project, environment: environment ?? EVERY_ENVIRONMENT };
    await repository.upsert(
      {
        ...key,
        events: [...new Set(events ?? DEFAULT_NOTIFICATION_EVENTS)],
        slackChannels: [...new Set(slackChannels)],
        emailRecipients: [...new Set(emailRecipients)],
        emailDigestMinutes: emailDigestMinutes ?? null,
        notifyAuthors,
        updatedBy: principal.name,
      },
      ['project', 'environment'],
    );
    return toModel(await repository.findOneByOrFail(key));
  }

  async remove(project: string, environment: string | null, principal: Principal): Promise<boolean> {
    authorize(principal, ['admin'], { project, ...(environment ? { environment } : {}) });
    const { affected } = await this.dataSource
      .getRepository(NotificationSettingsEntity)
      .delete({ project, environment: environment ?? EVERY_ENVIRONMENT });
    if (!affected) {
      throw apiError(
        'NOT_FOUND',
        `project ${project} has no notification settings for ${environment ?? 'every environment'}`,
      );
    }
    return true;
  }

  private async existingProject(project: string, principal: Principal): Promise<void> {
    const found = canSee(principal, project)
      ? await this.dataSource.getRepository(ProjectEntity).existsBy({ name: project })
      : false;
    if (!found) throw apiError('NOT_FOUND', `project "${project}" does not exist`, { field: 'project' });
  }
}

function toModel(row: NotificationSettingsEntity): NotificationSettingsModel {
  return {
    project: row.project,
    environment: row.environment === EVERY_ENVIRONMENT ? null : row.environment,
    events: row.events,
    slackChannels: row.slackChannels,
    emailRecipients: row.emailRecipients,
    emailDigestMinutes: row.emailDigestMinutes,
    notifyAuthors: row.notifyAuthors,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}
