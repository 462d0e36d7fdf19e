import { UserEntity } from '@slipway/db';
import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { userPrincipal } from '../auth/users.service';
import type { ErrorCode } from '../common/errors';

/** Who clicked in Slack, as Slipway knows them; or why Slipway cannot tell, in words for that person. */
export type SlackAccount =
  | { linked: true; principal: Principal }
  | { linked: false; code: Extract<ErrorCode, 'UNAUTHENTICATED' | 'UNAVAILABLE'>; message: string };

/**
 * Links a Slack account to a Slipway user by email: Slack's users.info (the bot token needs
 * users:read.email) gives the address, and the Slipway user who signed in with it acts, with the
 * grants stored at their last sign-in.
 */
export class SlackAccounts {
  constructor(
    private readonly slack: Pick<WebClient, 'users'>,
    private readonly dataSource: DataSource,
  ) {}

  async find(slackUserId: string): Promise<SlackAccount> {
    let email: string | undefined;
    try {
      email = (await this.slack.users.info({ user: slackUserId })).user?.profile?.email;
    } catch (error) {
      const why = error instanceof WebAPIPlatformError ? error.data.error : 'Slack did not answer';
      return {
        linked: false,
        code: 'UNAVAILABLE',
        message: `Slipway could not look up your Slack account (${why}): decide in Slipway instead`,
      };
    }
    if (!email) {
      return {
        linked: false,
        code: 'UNAUTHENTICATED',
        message:
          'Slipway cannot see the email of your Slack account, so it cannot tell who you are: ask an ' +
          'admin to give the Slack app the users:read.email scope',
      };
    }
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .where('lower(user.email) = lower(:email)', { email })
      // Signed in through two providers with one address: the latest sign-in's grants are the current ones.
      .orderBy('user.lastLoginAt', 'DESC')
      .getOne();
    if (!user) {
      return {
        linked: false,
        code: 'UNAUTHENTICATED',
        message: `Your Slack account (${email}) is not linked to a Slipway user: sign in to Slipway once with that email`,
      };
    }
    return {
      linked: true,
      principal: userPrincipal(user, 'slack'),
    };
  }
}
