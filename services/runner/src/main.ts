import {
  createDeployActivities,
  createGateActivities,
  DirectoryArtifactStore,
  HostSecretStore,
} from '@slipway/activities';
import { configVars, loadConfig, workerVars } from '@slipway/config';
import { openDatabase } from '@slipway/db';
import { appendStepLogs } from '@slipway/events';
import {
  createGitHubClient,
  createGitLabClient,
  describeRepositorySources,
  hostConnectionsOf,
  hostVars,
  repositorySources,
} from '@slipway/hosts';
import { runMain, startWorkerService } from '@slipway/service';
import { TASK_QUEUES } from '@slipway/temporal';
import { connectTemporalClient } from '@slipway/temporal/client';
import { join } from 'node:path';
import { WORKFLOW_BUNDLE_PATH } from './workflow-bundle-path';

runMain(
  'runner',
  () => {
    const config = loadConfig({
      ...workerVars,
      SLIPWAY_HOME: configVars.directory,
      DATABASE_URL: configVars.databaseUrl,
      // The spec and the checkout of builds and steps come through the provider's API where it can serve them.
      ...hostVars,
    });
    return { ...config, hosts: hostConnectionsOf(config) };
  },
  async (config, logger) => {
    const { hosts } = config;
    logger.info(describeRepositorySources(hosts));
    const repositories = repositorySources({
      github: hosts.github && createGitHubClient(hosts.github),
      gitlab: hosts.gitlab && createGitLabClient(hosts.gitlab),
      mirrorsDir: join(config.SLIPWAY_HOME, 'git'),
    });
    // Step output goes straight to PostgreSQL in ~200 ms batches, so the console can follow it live.
    const dataSource = await openDatabase(config.DATABASE_URL, 'slipway-runner');
    // Deployments enter an environment's queue through the gate workflow, started on first use.
    const client = await connectTemporalClient({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    return startWorkerService({
      config,
      taskQueue: TASK_QUEUES.deploy,
      logger,
      activities: {
        ...createDeployActivities({
          home: config.SLIPWAY_HOME,
          repositories,
          appendStepLogs: (batch) => appendStepLogs(dataSource, batch),
          artifacts: new DirectoryArtifactStore(join(config.SLIPWAY_HOME, 'artifacts')),
          secretStore: new HostSecretStore(join(config.SLIPWAY_HOME, 'secrets')),
        }),
        ...createGateActivities(client),
      },
      workflowBundlePath: WORKFLOW_BUNDLE_PATH,
      readiness: {
        postgres: async () => {
          await dataSource.query('SELECT 1');
        },
      },
      onStopped: async () => {
        await client.connection.close();
        await dataSource.destroy();
      },
    });
  },
);
