import { configVars, loadConfig, workerVars } from '@slipway/config';
import { openDatabase, projectOfRepository, SecretBox, webhookSecretsOf } from '@slipway/db';
import { runMain, startWorkerService } from '@slipway/service';
import { TASK_QUEUES } from '@slipway/temporal';
import { connectTemporalClient } from '@slipway/temporal/client';
import { z } from 'zod';
import { deploymentReporter } from './deployment-reports';
import { GitHubDeployments } from './github/github-deployments';
import { ReleaseDispatcher } from './release-dispatcher';
import { postgresReleaseOutbox } from './release-outbox';
import { releaseStarter } from './release-starter';
import { createVcsActivities } from './vcs.activities';
import { acceptDelivery } from './webhook-deliveries';
import { WebhookReceiver } from './webhook-receiver';
import { startWebhookServer } from './webhook-server';

runMain(
  'vcs',
  () =>
    loadConfig({
      ...workerVars,
      SLIPWAY_HOME: configVars.directory,
      DATABASE_URL: configVars.databaseUrl,
      SLIPWAY_SECRET_KEY: configVars.secretKey,
      WEBHOOK_PORT: configVars.port(4001),
      WEBHOOK_HOST: z.string().min(1, 'expected a host name or address to listen on').default('127.0.0.1'),
      /** A personal access token or a GitHub App installation token; without one nothing is reported. */
      GITHUB_TOKEN: z.string().optional(),
      GITHUB_API_URL: configVars.url.default('https://api.github.com'),
      SLIPWAY_PUBLIC_URL: configVars.url.default('http://127.0.0.1:4000'),
    }),
  async (config, logger) => {
    const box = new SecretBox(config.SLIPWAY_SECRET_KEY);
    const dataSource = await openDatabase(config.DATABASE_URL, 'slipway-vcs');
    const client = await connectTemporalClient({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    const dispatcher = new ReleaseDispatcher({
      outbox: postgresReleaseOutbox(dataSource),
      startRelease: releaseStarter(client),
      logger,
    });
    // Releases queued before this process started (a crash, another instance gone) are started first.
    dispatcher.start();
    const receiver = new WebhookReceiver({
      projectOf: async (provider, repository) => {
        const project = await projectOfRepository(dataSource, provider, repository);
        return (
          project && {
            name: project.name,
            repositoryUrl: project.repositoryUrl,
            specPath: project.specPath,
            ...(project.vcsProvider && project.vcsRepository
              ? { vcs: { provider: project.vcsProvider, repository: project.vcsRepository } }
              : {}),
          }
        );
      },
      secretsOf: (project) => webhookSecretsOf(dataSource, box, project),
      accept: (delivery, outcome, release) => acceptDelivery(dataSource, delivery, outcome, release),
      releaseQueued: () => dispatcher.wake(),
      logger,
    });
    const github = config.GITHUB_TOKEN
      ? new GitHubDeployments({ token: config.GITHUB_TOKEN, apiUrl: config.GITHUB_API_URL })
      : null;
    logger.info(
      github
        ? `GitHub deployments are reported to ${config.GITHUB_API_URL}`
        : 'GitHub deployments are not reported: GITHUB_TOKEN is not set',
    );
    const publicUrl = new URL(config.SLIPWAY_PUBLIC_URL).origin;
    const webhooks = await startWebhookServer({
      port: config.WEBHOOK_PORT,
      host: config.WEBHOOK_HOST,
      receiver,
      logger,
    });
    logger.info({ webhookPort: webhooks.port }, `webhooks on http://${config.WEBHOOK_HOST}:${webhooks.port}`);
    return startWorkerService({
      config,
      taskQueue: TASK_QUEUES.vcs,
      logger,
      activities: createVcsActivities({
        home: config.SLIPWAY_HOME,
        reportDeployment: deploymentReporter({ dataSource, github, publicUrl, logger }),
      }),
      readiness: {
        postgres: async () => {
          await dataSource.query('SELECT 1');
        },
      },
      onStopped: async () => {
        await webhooks.close();
        await dispatcher.stop();
        await client.connection.close();
        await dataSource.destroy();
      },
    });
  },
);
