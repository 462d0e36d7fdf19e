import { configVars, loadConfig, workerVars } from '@slipway/config';
import { openDatabase, projectOfRepository, SecretBox, webhookSecretsOf } from '@slipway/db';
import {
  createGitHubClient,
  createGitLabClient,
  describeHostConnections,
  describeRepositorySources,
  hostConnectionsOf,
  hostVars,
  repositorySources,
} from '@slipway/hosts';
import { runMain, startWorkerService } from '@slipway/service';
import { projectRefOf, TASK_QUEUES } from '@slipway/temporal';
import { connectTemporalClient } from '@slipway/temporal/client';
import { join } from 'node:path';
import { z } from 'zod';
import { ciWaker } from './ci/ci-waiting-deployments';
import { commitChecksActivity } from './ci/commit-checks.activity';
import { deploymentReporter } from './deployment-reports';
import { cachedLookup } from './lookup-cache';
import { GitHubDeployments } from './github/github-deployments';
import { GitLabDeployments } from './gitlab/gitlab-deployments';
import { ReleaseDispatcher } from './release-dispatcher';
import { postgresReleaseOutbox } from './release-outbox';
import { releaseStarter } from './release-starter';
import { createVcsActivities } from './vcs.activities';
import { acceptDelivery } from './webhook-deliveries';
import type { Provider } from './webhook-providers';
import { WebhookReceiver } from './webhook-receiver';
import { startWebhookServer } from './webhook-server';

/** How long the project connected to a repository is remembered (a disconnection is seen this late). */
const LOOKUP_TTL_MS = 2000;

runMain(
  'vcs',
  () => {
    const config = loadConfig({
      ...workerVars,
      SLIPWAY_HOME: configVars.directory,
      DATABASE_URL: configVars.databaseUrl,
      SLIPWAY_SECRET_KEY: configVars.secretKey,
      WEBHOOK_PORT: configVars.port(4001),
      WEBHOOK_HOST: z.string().min(1, 'expected a host name or address to listen on').default('127.0.0.1'),
      ...hostVars,
      SLIPWAY_PUBLIC_URL: configVars.url.default('http://127.0.0.1:4000'),
    });
    // Half a GitHub App stops the service here, with the variables' names, as any bad variable does.
    return { ...config, hosts: hostConnectionsOf(config) };
  },
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
    // Every webhook looks its repository up: remembered for a moment, so a burst of webhooks costs
    // PostgreSQL one project look-up per repository, not one per request.
    const projectOf = cachedLookup(
      async (provider: Provider, repository: string) => {
        const project = await projectOfRepository(dataSource, provider, repository);
        return project && projectRefOf(project);
      },
      (provider, repository) => `${provider}:${repository.toLowerCase()}`,
      LOOKUP_TTL_MS,
    );
    const receiver = new WebhookReceiver({
      projectOf,
      // Read on every webhook: a secret retired at once (a leak) is refused from that moment.
      secretsOf: (project) => webhookSecretsOf(dataSource, box, project),
      accept: (delivery, outcome, release) => acceptDelivery(dataSource, delivery, outcome, release),
      releaseQueued: () => dispatcher.wake(),
      ciChanged: ciWaker({ dataSource, client, logger }),
      logger,
    });
    const { hosts } = config;
    // One client per provider, shared by everything this service asks of it.
    const github = hosts.github && createGitHubClient(hosts.github);
    const gitlab = hosts.gitlab && createGitLabClient(hosts.gitlab);
    for (const line of describeHostConnections(hosts)) logger.info(`deployments and build statuses: ${line}`);
    logger.info(describeRepositorySources(hosts));
    const reporter = deploymentReporter({
      dataSource,
      hosts: {
        ...(github ? { github: new GitHubDeployments(github) } : {}),
        ...(gitlab ? { gitlab: new GitLabDeployments(gitlab) } : {}),
      },
      publicUrl: new URL(config.SLIPWAY_PUBLIC_URL).origin,
      logger,
    });
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
        repositories: repositorySources({
          github,
          gitlab,
          mirrorsDir: join(config.SLIPWAY_HOME, 'vcs-mirrors'),
        }),
        ...reporter,
        commitChecks: commitChecksActivity({ github, gitlab }),
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
