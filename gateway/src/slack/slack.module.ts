import type { Logger } from '@slipway/service';
import { WebClient } from '@slack/web-api';
import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DATA_SOURCE } from '../common/injection-tokens';
import type { GatewayConfig } from '../config';
import { DeploymentsService } from '../deployments/deployments.service';
import { SlackAccounts } from './slack-accounts';
import { SlackApprovals } from './slack-approvals';
import { SlackInteractionsService } from './slack-interactions.service';
import { SlackReplies } from './slack-replies';
import { SlackRequestLog } from './slack-request-log';
import { SlackController, SlackNotConfiguredController } from './slack.controller';

/** Slack's API answers users.info quickly; a slow answer is better met with "decide in Slipway". */
const SLACK_API_TIMEOUT_MS = 5_000;

/** Approve and Reject from Slack; the endpoint answers 404 until SLACK_SIGNING_SECRET is set. */
@Module({})
export class SlackModule {
  static forRoot(config: GatewayConfig, logger: Logger): DynamicModule {
    const { slack } = config;
    if (!slack) return { module: SlackModule, controllers: [SlackNotConfiguredController] };
    return {
      module: SlackModule,
      controllers: [SlackController],
      providers: [
        SlackRequestLog,
        {
          provide: SlackApprovals,
          inject: [DATA_SOURCE, DeploymentsService, AuditService],
          useFactory: (dataSource: DataSource, deployments: DeploymentsService, audit: AuditService) => {
            const client = new WebClient(slack.botToken, {
              slackApiUrl: slack.apiUrl,
              timeout: SLACK_API_TIMEOUT_MS,
              // The person waits: one answer or an error, never a retry schedule of half an hour.
              retryConfig: { retries: 0 },
              rejectRateLimitedCalls: true,
            });
            return new SlackApprovals(new SlackAccounts(client, dataSource), deployments, audit, logger);
          },
        },
        {
          provide: SlackInteractionsService,
          inject: [SlackRequestLog, SlackApprovals],
          useFactory: (requests: SlackRequestLog, approvals: SlackApprovals) =>
            new SlackInteractionsService(slack, requests, approvals, new SlackReplies(), logger),
        },
      ],
    };
  }
}
