import { openDatabase } from '@slipway/db';
import { DeploymentEventListener } from '@slipway/events';
import type { Logger } from '@slipway/service';
import { connectTemporalClient } from '@slipway/temporal/client';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Client } from '@temporalio/client';
import type { Context as WsContext } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditService } from './audit/audit.service';
import { auditPlugin } from './audit/audit.plugin';
import { ApiTokensService } from './auth/api-tokens.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { GitHubLoginModule } from './auth/github/github-login.module';
import { SamlModule } from './auth/saml/saml.module';
import { Authenticator } from './auth/authenticator';
import { LoginRequestsService } from './auth/login-requests.service';
import type { RequestContext } from './auth/principal';
import { SessionsService } from './auth/sessions.service';
import { SignInService } from './auth/sign-in.service';
import { UsersService } from './auth/users.service';
import { DATA_SOURCE, EVENT_LISTENER, GATEWAY_CONFIG, TEMPORAL_CLIENT } from './common/injection-tokens';
import type { GatewayConfig } from './config';
import { asBadUserInput, isQueryLimitError, queryLimitsRule } from './common/query-limits';
import { createDeploymentLoaders } from './deployments/deployment-loaders';
import { DeploymentsService } from './deployments/deployments.service';
import { EnvironmentsService } from './environments/environments.service';
import { ExportController } from './export/export.controller';
import { ExportService } from './export/export.service';
import { HealthController } from './health/health.controller';
import { RESOLVERS } from './resolvers';
import { NotificationSettingsService } from './notifications/notification-settings.service';
import { NotificationDeliveriesService } from './notifications/notification-deliveries.service';
import { MetricsService } from './metrics/metrics.service';
import { ProjectsService } from './projects/projects.service';
import { SlackModule } from './slack/slack.module';

/** Checked in: the published contract of the API, written by `npm run schema`. */
export const SCHEMA_FILE = join(__dirname, '..', 'schema.graphql');

type WsExtra = { request: IncomingMessage };

class Lifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(EVENT_LISTENER) private readonly listener: DeploymentEventListener,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
    await this.temporal.connection.close();
    await this.dataSource.destroy();
  }
}

/** What every feature needs: its configuration, the database, Temporal, the event listener and authentication. */
@Global()
@Module({})
class CoreModule {
  static forRoot(config: GatewayConfig, logger: Logger): DynamicModule {
    const providers = [
      { provide: GATEWAY_CONFIG, useValue: config },
      { provide: DATA_SOURCE, useFactory: () => openDatabase(config.DATABASE_URL, 'slipway-gateway') },
      {
        provide: TEMPORAL_CLIENT,
        useFactory: () =>
          connectTemporalClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }),
      },
      {
        provide: EVENT_LISTENER,
        useFactory: async () => {
          const listener = new DeploymentEventListener(config.DATABASE_URL, logger);
          await listener.start();
          return listener;
        },
      },
      ApiTokensService,
      SessionsService,
      UsersService,
      LoginRequestsService,
      Authenticator,
      AuditService,
      SignInService,
      // Deployments are decided from GraphQL and from Slack alike, through this one service.
      DeploymentsService,
    ];
    return {
      module: CoreModule,
      providers: [...providers, Lifecycle],
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, logger: Logger): DynamicModule {
    const core = CoreModule.forRoot(config, logger);
    return {
      module: AppModule,
      imports: [
        core,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [core],
          inject: [Authenticator, AuditService, DATA_SOURCE],
          useFactory: (
            authenticator: Authenticator,
            audit: AuditService,
            dataSource: DataSource,
          ): ApolloDriverConfig => ({
            autoSchemaFile: true,
            sortSchema: true,
            introspection: config.SLIPWAY_MODE !== 'production',
            includeStacktraceInErrorResponses: false,
            plugins: [auditPlugin(audit, logger)],
            validationRules: [queryLimitsRule()],
            formatError: (formatted, error) => {
              if (isQueryLimitError(error)) return asBadUserInput(formatted);
              if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
              // Unexpected errors are logged in full and never shown: they may carry internals.
              logger.error({ err: error, path: formatted.path }, 'unexpected error in a GraphQL operation');
              return {
                message: 'Internal error',
                path: formatted.path,
                extensions: { code: 'INTERNAL_SERVER_ERROR' },
              };
            },
            subscriptions: {
              'graphql-ws': {
                path: '/graphql',
                // A connection that does not authenticate is closed before any subscription starts.
                onConnect: async (context: WsContext) => {
                  const { request } = context.extra as WsExtra;
                  return (
                    (await authenticator.webSocket(context.connectionParams, request)).principal !== null
                  );
                },
              },
            },
            context: async (
              input: { req: IncomingMessage } | WsContext<Record<string, unknown>, WsExtra>,
            ): Promise<RequestContext> => ({
              ...('req' in input
                ? await authenticator.http(input.req)
                : await authenticator.webSocket(input.connectionParams, input.extra.request)),
              loaders: createDeploymentLoaders(dataSource),
            }),
          }),
        }),
        GitHubLoginModule.forRoot(config),
        SamlModule.forRoot(config),
        SlackModule.forRoot(config, logger),
      ],
      controllers: [HealthController, AuthController, ExportController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        EnvironmentsService,
        ProjectsService,
        NotificationSettingsService,
        NotificationDeliveriesService,
        MetricsService,
        ExportService,
        ...RESOLVERS,
      ],
    };
  }
}
